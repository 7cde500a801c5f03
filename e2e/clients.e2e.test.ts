/**
 * Both command-line programs of CLIENTS.md — the C# library's (on Mono) and the
 * TypeScript library's — against the real stack under `wrangler dev`: one specification,
 * run once per program. Each machine is a fresh `--state` directory and a fingerprint of
 * its own; the keys are pinned with `--keys` from `npm run keys:export` (the stack's own
 * .dev.vars), never downloaded by the programs.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiUrl } from "./api";
import { PROGRAMS, UNREACHABLE_API, expectOutcome, runClient, startClient, type ClientProgram } from "./client-cli";
import { attackerKey, claimsOf, decideSignIn, exportKeys, forgedClaims, grantLicense, machine, portalSession, sha256Hex, staffAction } from "./client-stack";

const work = mkdtempSync(join(tmpdir(), "clients-e2e-"));
const keysFile = join(work, "pinned", "keys.json");
let pinnedKids: string[] = [];

beforeAll(async () => {
  mkdirSync(join(work, "pinned"));
  pinnedKids = exportKeys(keysFile).keys.map((k) => k.kid);
  // The file holds the very keys the stack signs with (it publishes no other).
  const published = (await (await fetch(`${apiUrl()}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
  expect(pinnedKids).toEqual(expect.arrayContaining(published.keys.map((k) => k.kid)));
  // The first run builds each program (tsc; mcs for C#), inside this hook's time budget.
  for (const program of PROGRAMS) {
    expectOutcome(await runClient(program, ["status", "--state", join(work, `warm-up-${program.name}`)]), { code: "NO_STATE", exit: 2 });
  }
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One simulated computer: a state directory and a fingerprint. */
interface Machine {
  dir: string;
  fp: string;
}

describe.concurrent.each(PROGRAMS)("the $name command-line program", (program: ClientProgram) => {
  const newMachine = (label: string): Machine => ({ dir: mkdtempSync(join(work, `${program.name}-${label}-`)), fp: machine(`${program.name}-${label}`) });
  const DAY = 86_400_000;

  /** `<command> --api … --state … --fingerprint … --keys …`, the clock replaced when `now` is given. */
  const cli = (m: Machine, command: string, options: { api?: string; key?: string; now?: Date; fp?: string; components?: string } = {}) =>
    runClient(
      program,
      [
        command,
        "--api",
        options.api ?? apiUrl(),
        "--state",
        m.dir,
        "--fingerprint",
        options.fp ?? m.fp,
        "--keys",
        keysFile,
        ...(options.key ? ["--key", options.key] : []),
        ...(options.components ? ["--components", options.components] : []),
      ],
      options.now ? { LICENSE_CLIENT_NOW: options.now.toISOString() } : {},
    );
  const offline = (m: Machine, options: { now?: Date; fp?: string } = {}) => cli(m, "validate", { ...options, api: UNREACHABLE_API });

  /** A machine holding a seat of a fresh license. */
  async function activatedMachine(seats = 2) {
    const grant = await grantLicense(seats);
    const m = newMachine("pc");
    const run = await cli(m, "activate", { key: grant.license_key });
    expectOutcome(run, { code: "ACTIVATED", ok: true, exit: 0 });
    const token = program.state.readToken(m.dir)!;
    return { grant, m, run, token, exp: new Date(claimsOf(token).exp! * 1000) };
  }

  it("activates (ACTIVATED, then ALREADY_ACTIVE on the same seat), validates online (VALID) and reads its state offline (status)", async () => {
    const { grant, m, run, token, exp } = await activatedMachine();
    expect(run.out).toMatchObject({ activation_id: expect.stringMatching(/^act_/), seats: 2, seats_used: 1 });
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ iss: apiUrl(), aud: "desktop", sub: grant.license_id, act: run.out.activation_id, fp: sha256Hex(m.fp), seats: 2 });
    expect(pinnedKids).toContain(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid);
    expect(Date.parse(run.out.expires_at!)).toBe(exp.getTime());

    // No --key: the stored one is used, and the same seat answers.
    const again = await cli(m, "activate");
    expectOutcome(again, { code: "ALREADY_ACTIVE", ok: true, exit: 0 });
    expect(again.out).toMatchObject({ activation_id: run.out.activation_id, seats: 2, seats_used: 1 });

    const online = await cli(m, "validate");
    expectOutcome(online, { code: "VALID", ok: true, valid: true, offline: false, exit: 0 });
    expect(online.out.activation_id).toBe(run.out.activation_id);
    expect(Date.parse(online.out.expires_at!)).toBeGreaterThanOrEqual(exp.getTime());

    // status never touches the network: the unreachable address changes nothing.
    const status = await cli(m, "status", { api: UNREACHABLE_API });
    expectOutcome(status, { code: "VALID_OFFLINE", ok: true, valid: true, offline: true, exit: 0 });
  });

  it("keeps working when the API cannot be reached (VALID_OFFLINE until the token's exp)", async () => {
    const { m, exp } = await activatedMachine();
    const run = await offline(m);
    expectOutcome(run, { code: "VALID_OFFLINE", ok: true, valid: true, offline: true, exit: 0 });
    expect(Date.parse(run.out.expires_at!)).toBe(exp.getTime());
    expectOutcome(await offline(m, { now: new Date(exp.getTime() - 60_000) }), { code: "VALID_OFFLINE", valid: true, exit: 0 });
  });

  it("ends offline grace when the token expires (OFFLINE_EXPIRED), until an online check renews it", async () => {
    const { m, exp } = await activatedMachine();
    const after = new Date(exp.getTime() + 1_000);
    const status = await cli(m, "status", { now: after });
    expectOutcome(status, { code: "OFFLINE_EXPIRED", ok: false, valid: false, offline: true, exit: 2 });
    expect(Date.parse(status.out.expires_at!)).toBe(exp.getTime());
    expectOutcome(await offline(m, { now: after }), { code: "OFFLINE_EXPIRED", valid: false, exit: 2 });
    // The server decides online, whatever the local clock says; its time becomes the mark.
    expectOutcome(await cli(m, "validate", { now: after }), { code: "VALID", valid: true, offline: false, exit: 0 });
    expectOutcome(await cli(m, "status"), { code: "VALID_OFFLINE", valid: true, exit: 0 });
  });

  it("refuses a token tampered with in the state file (OFFLINE_TOKEN_INVALID); online, the key still works", async () => {
    const { m, token } = await activatedMachine();
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const at = signature.length - 10;
    const flipped = `${header}.${payload}.${signature.slice(0, at)}${signature[at] === "A" ? "B" : "A"}${signature.slice(at + 1)}`;
    const stretched = `${header}.${Buffer.from(JSON.stringify(forgedClaims(token))).toString("base64url")}.${signature}`;
    for (const tampered of [flipped, stretched]) {
      program.state.writeToken(m.dir, tampered);
      expectOutcome(await cli(m, "status"), { code: "OFFLINE_TOKEN_INVALID", ok: false, valid: false, offline: true, exit: 2 });
      expectOutcome(await offline(m), { code: "OFFLINE_TOKEN_INVALID", valid: false, exit: 2 });
    }
    expectOutcome(await cli(m, "validate"), { code: "VALID", valid: true, exit: 0 });
    expectOutcome(await cli(m, "status"), { code: "VALID_OFFLINE", valid: true, exit: 0 });
  });

  it("refuses a state copied to another machine (OFFLINE_TOKEN_INVALID offline, NOT_ACTIVATED online)", async () => {
    const { m } = await activatedMachine();
    const other: Machine = { dir: join(work, `${program.name}-copy-${Date.now()}`), fp: machine(`${program.name}-other`) };
    cpSync(m.dir, other.dir, { recursive: true });
    expectOutcome(await cli(other, "status"), { code: "OFFLINE_TOKEN_INVALID", valid: false, exit: 2 });
    expectOutcome(await offline(other), { code: "OFFLINE_TOKEN_INVALID", valid: false, exit: 2 });
    // Online the API says this machine holds no seat: final, the copied token is dropped.
    expectOutcome(await cli(other, "validate"), { code: "NOT_ACTIVATED", ok: false, valid: false, offline: false, exit: 2 });
    expect(program.state.readToken(other.dir)).toBeNull();
    expectOutcome(await cli(other, "status"), { code: "NOT_ACTIVATED", valid: false, exit: 2 });
    // The machine the state belongs to is untouched.
    expectOutcome(await cli(m, "validate"), { code: "VALID", valid: true, exit: 0 });
  });

  it("reads an edited license key as no state (NO_STATE), offline and online", async () => {
    const { m } = await activatedMachine();
    // A real key of another license: had the program sent it, the API would say NOT_ACTIVATED.
    const another = await grantLicense(1);
    program.state.editLicenseKey(m.dir, another.license_key);
    expectOutcome(await cli(m, "status"), { code: "NO_STATE", ok: false, valid: false, exit: 2 });
    expectOutcome(await cli(m, "validate"), { code: "NO_STATE", ok: false, valid: false, exit: 2 });
    expectOutcome(await offline(m), { code: "NO_STATE", valid: false, exit: 2 });
  });

  it("never trusts a key set planted in the state directory, nor a token signed with it", async () => {
    const { m, token } = await activatedMachine();
    const realKid = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid as string;
    const attacker = await attackerKey();
    // Its own kid, and posing as the pinned kid: both listed in the planted key set.
    writeFileSync(join(m.dir, "jwks.json"), JSON.stringify({ keys: [attacker.jwk, { ...attacker.jwk, kid: realKid }] }));
    for (const kid of [attacker.jwk.kid, realKid]) {
      program.state.writeToken(m.dir, await attacker.sign(forgedClaims(token), kid));
      expectOutcome(await cli(m, "status"), { code: "OFFLINE_TOKEN_INVALID", valid: false, exit: 2 });
      expectOutcome(await offline(m, { now: new Date(Date.now() + 30 * DAY) }), { code: "OFFLINE_TOKEN_INVALID", valid: false, exit: 2 });
    }
    // Nor can that key set be pinned through the program: --keys may not point into the state.
    const pinned = await runClient(program, ["status", "--state", m.dir, "--fingerprint", m.fp, "--keys", join(m.dir, "jwks.json")]);
    expectOutcome(pinned, { code: "USAGE", ok: false, exit: 1 });
  });

  it("detects a clock set back more than an hour (CLOCK_ROLLBACK) and tolerates less", async () => {
    const { m } = await activatedMachine();
    const now = Date.now();
    expectOutcome(await cli(m, "status", { now: new Date(now - 2 * 3_600_000) }), { code: "CLOCK_ROLLBACK", ok: false, valid: false, exit: 2 });
    expectOutcome(await offline(m, { now: new Date(now - 2 * 3_600_000) }), { code: "CLOCK_ROLLBACK", valid: false, exit: 2 });
    expectOutcome(await cli(m, "status", { now: new Date(now - 30 * 60_000) }), { code: "VALID_OFFLINE", valid: true, exit: 0 });
    // Online the server's answer stands, whatever the local clock.
    expectOutcome(await cli(m, "validate", { now: new Date(now - 2 * 3_600_000) }), { code: "VALID", valid: true, exit: 0 });
  });

  it("ends offline grace at once when support revokes the license (REVOKED), and validates again once restored", async () => {
    const { grant, m } = await activatedMachine();
    await staffAction(grant.license_id, "revoke", "e2e: chargeback confirmed by the bank");
    const revoked = await cli(m, "validate");
    expectOutcome(revoked, { code: "REVOKED", ok: false, valid: false, offline: false, exit: 2 });
    expect(program.state.readToken(m.dir)).toBeNull();
    expectOutcome(await cli(m, "status"), { code: "REVOKED", valid: false, exit: 2 });
    expectOutcome(await offline(m), { code: "REVOKED", valid: false, exit: 2 });
    expectOutcome(await cli(m, "activate"), { code: "LICENSE_REVOKED", ok: false, exit: 2 });

    await staffAction(grant.license_id, "restore", "e2e: the bank reversed the chargeback");
    expectOutcome(await cli(m, "validate"), { code: "VALID", valid: true, offline: false, exit: 0 });
    expectOutcome(await cli(m, "status"), { code: "VALID_OFFLINE", valid: true, exit: 0 });
  });

  it("deactivates (DEACTIVATED): the seat is free for another machine, and nothing stays valid here", async () => {
    const { grant, m } = await activatedMachine(1);
    const second = newMachine("second");
    expectOutcome(await cli(second, "activate", { key: grant.license_key }), { code: "SEAT_LIMIT_REACHED", ok: false, exit: 2 });
    expectOutcome(await cli(m, "deactivate"), { code: "DEACTIVATED", ok: true, exit: 0 });
    expectOutcome(await cli(m, "status"), { code: "NO_STATE", valid: false, exit: 2 });
    expectOutcome(await cli(m, "validate"), { code: "NO_STATE", valid: false, exit: 2 });
    expectOutcome(await cli(second, "activate", { key: grant.license_key }), { code: "ACTIVATED", ok: true, exit: 0 });
  });

  /** `sign-in` started; resolves once the program has printed its code (CLIENTS.md: at once, on stderr). */
  async function signingIn(m: Machine) {
    const run = startClient(program, ["sign-in", "--api", apiUrl(), "--state", m.dir, "--fingerprint", m.fp, "--keys", keysFile, "--name", "E2E trading desk"]);
    const [, uri, userCode] = await run.stderrLine(/^Open (\S+) and enter ([A-Z]{4}-[A-Z]{4})$/);
    return { run, uri: uri!, userCode: userCode! };
  }

  it("signs in without a key (sign-in): prints the code at once, polls, and ends ACTIVATED once the customer approves in the portal", async () => {
    const grant = await grantLicense(2);
    const cookie = await portalSession(grant.email);
    const m = newMachine("sign-in");
    const { run, uri, userCode } = await signingIn(m);
    expect(uri).toBe(`${inject("portalUrl")}/activate/`);

    // The customer types it as it comes: lower case, no dash.
    const approved = await decideSignIn(cookie, userCode.replace("-", "").toLowerCase(), "approve");
    expect(approved.status).toBe(200);
    const done = await run.done;
    expectOutcome(done, { code: "ACTIVATED", ok: true, exit: 0 });
    expect(done.out).toMatchObject({ user_code: userCode, verification_uri: uri, activation_id: approved.body.activation.id, seats: 2, seats_used: 1 });
    expect(claimsOf(program.state.readToken(m.dir)!)).toMatchObject({ sub: grant.license_id, act: approved.body.activation.id, fp: sha256Hex(m.fp) });

    // Stored like an activation: offline, online, and the same seat on activate.
    expectOutcome(await cli(m, "status"), { code: "VALID_OFFLINE", valid: true, exit: 0 });
    expectOutcome(await cli(m, "validate"), { code: "VALID", valid: true, offline: false, exit: 0 });
    expectOutcome(await cli(m, "activate"), { code: "ALREADY_ACTIVE", ok: true, exit: 0 });
  });

  it("ends a denied sign-in with ACCESS_DENIED (a definite no) and stores nothing", async () => {
    const grant = await grantLicense(2);
    const cookie = await portalSession(grant.email);
    const m = newMachine("denied");
    const { run, userCode } = await signingIn(m);
    expect((await decideSignIn(cookie, userCode, "deny")).status).toBe(200);
    const done = await run.done;
    expectOutcome(done, { code: "ACCESS_DENIED", ok: false, exit: 2 });
    expect(done.out.user_code).toBe(userCode);
    expectOutcome(await cli(m, "status"), { code: "NO_STATE", valid: false, exit: 2 });
  });

  it("keeps its activation after a reinstall: a new fingerprint with 3 of 4 components the same is the same machine, on a full license", async () => {
    const grant = await grantLicense(1);
    const parts = (guid: string) => `machine_guid=${guid},bios_serial=BIOS-7731-AX,board_serial=BOARD-5520-QZ,disk_serial=DISK-0091-WD`;
    const before = newMachine("before-reinstall");
    const first = await cli(before, "activate", { key: grant.license_key, components: parts("guid-before-0001") });
    expectOutcome(first, { code: "ACTIVATED", ok: true, exit: 0 });

    // Windows reinstalled: a new MachineGuid (so a new fingerprint) and an empty state directory.
    const after = newMachine("after-reinstall");
    const again = await cli(after, "activate", { key: grant.license_key, components: parts("guid-after-00002") });
    expectOutcome(again, { code: "ALREADY_ACTIVE", ok: true, exit: 0 });
    expect(again.out).toMatchObject({ activation_id: first.out.activation_id, seats: 1, seats_used: 1 });
    expect(claimsOf(program.state.readToken(after.dir)!)).toMatchObject({ act: first.out.activation_id, fp: sha256Hex(after.fp) });
    expectOutcome(await cli(after, "validate"), { code: "VALID", valid: true, exit: 0 });
    // The old installation's fingerprint no longer holds the seat.
    expectOutcome(await cli(before, "validate"), { code: "NOT_ACTIVATED", valid: false, exit: 2 });
  });

  it("answers an unknown key with a definite no (LICENSE_NOT_FOUND) and an unreachable API with NETWORK", async () => {
    const m = newMachine("unknown");
    const grant = await grantLicense(1);
    expectOutcome(await cli(m, "activate", { key: "CGPT-00000-00000-00000-00000-00000-00000-00000-00000" }), { code: "LICENSE_NOT_FOUND", ok: false, exit: 2 });
    expectOutcome(await cli(m, "activate", { key: grant.license_key, api: UNREACHABLE_API }), { code: "NETWORK", ok: false, exit: 1 });
    expectOutcome(await cli(m, "status"), { code: "NO_STATE", valid: false, exit: 2 });
  });
});
