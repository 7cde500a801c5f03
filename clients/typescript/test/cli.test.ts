// The command-line program as outsiders drive it (CLIENTS.md): built with tsc into a
// temporary directory, run as a child process; the last stdout line is one JSON object
// and the exit status is 0 / 1 / 2.
import { createHash } from "node:crypto";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPortUrl } from "./helpers/fake-api.js";
import { startLicensingApi, type LicensingApi } from "./helpers/licensing-api.js";
import { startSyncApi, type SyncApi } from "./helpers/sync-api.js";
import { FINGERPRINT, tempDir } from "./helpers/setup.js";
import { makeKey } from "./helpers/tokens.js";

const pkg = new URL("..", import.meta.url).pathname;
const tsc = join(pkg, "..", "..", "node_modules", ".bin", "tsc");
const key = makeKey("current");
let cli: string;
let keysFile: string;
let out: string;

beforeAll(() => {
  // Inside the package, so that `jose` resolves from the repository's node_modules.
  out = mkdtempSync(join(pkg, ".test-build-"));
  execFileSync(tsc, ["-p", pkg, "--outDir", out], { stdio: "pipe" });
  cli = join(out, "cli", "main.js");
  keysFile = join(tempDir(), "jwks.json");
  writeFileSync(keysFile, JSON.stringify({ keys: [key.publicKey] }));
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Run {
  status: number | null;
  json: Record<string, any>;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => {
      const last = stdout.trimEnd().split("\n").at(-1) ?? "";
      let json: Record<string, any>;
      try {
        json = JSON.parse(last);
      } catch {
        json = { unparsed: stdout };
      }
      resolve({ status, json, stderr });
    });
  });
}

describe("command-line program", () => {
  let api: LicensingApi;
  let sync: SyncApi;
  afterAll(async () => {
    await api?.close();
    await sync?.close();
  });

  it("activates, validates online and offline, detects other machines and clock rollback, deactivates", async () => {
    api = await startLicensingApi(key);
    const state = join(tempDir(), "state");
    const base = ["--state", state, "--keys", keysFile, "--fingerprint", FINGERPRINT];
    const offline = ["--api", await closedPortUrl()];

    const activated = await run(["activate", "--api", api.url, "--key", "CGPT-KEY", "--name", "Desk", ...base]);
    expect(activated.status).toBe(0);
    expect(activated.json).toMatchObject({ ok: true, code: "ACTIVATED", activation_id: "act_1", seats: 2, seats_used: 1 });
    expect(Date.parse(activated.json.expires_at)).toBeGreaterThan(Date.now());
    expect(api.requests[0]!.body).toMatchObject({ name: "Desk", fingerprint: FINGERPRINT });
    expect(api.requests[0]!.body.components).toBeUndefined(); // a simulated machine sends none
    // --components describes the simulated machine: sent as salted hashes, never as given,
    // as the C# program sends them (placeholders dropped; SHA-256 of salt|name|value).
    const withParts = await run([
      "activate",
      "--api",
      api.url,
      ...base,
      "--components",
      "machine_guid=guid-0001,disk_serial=disk-0001,board_serial=To be filled by O.E.M.",
    ]);
    expect(withParts.json.code).toBe("ALREADY_ACTIVE");
    const sent = api.requests[1]!.body.components as Record<string, string>;
    expect(Object.keys(sent).sort()).toEqual(["disk_serial", "machine_guid"]);
    expect(sent.machine_guid).toBe(createHash("sha256").update("chartgpt/machine/v1|machine_guid|guid-0001").digest("hex"));

    expect(await run(["validate", "--api", api.url, ...base])).toMatchObject({ status: 0, json: { ok: true, valid: true, offline: false, code: "VALID" } });
    expect(await run(["validate", ...offline, ...base])).toMatchObject({ status: 0, json: { ok: true, valid: true, offline: true, code: "VALID_OFFLINE" } });
    expect(await run(["status", ...base])).toMatchObject({ status: 0, json: { valid: true, code: "VALID_OFFLINE" } });

    const other = ["--state", state, "--keys", keysFile, "--fingerprint", "other-machine-0002"];
    expect(await run(["validate", ...offline, ...other])).toMatchObject({ status: 2, json: { ok: false, valid: false, code: "OFFLINE_TOKEN_INVALID" } });
    const past = { LICENSE_CLIENT_NOW: new Date(Date.now() - 2 * 86400_000).toISOString() };
    expect(await run(["status", ...base], past)).toMatchObject({ status: 2, json: { valid: false, code: "CLOCK_ROLLBACK" } });
    const future = { LICENSE_CLIENT_NOW: new Date(Date.now() + 15 * 86400_000).toISOString() };
    expect(await run(["status", ...base], future)).toMatchObject({ status: 2, json: { valid: false, code: "OFFLINE_EXPIRED" } });
    // Without --keys nothing is pinned in this build: offline grace cannot be granted.
    expect(await run(["status", "--state", state, "--fingerprint", FINGERPRINT])).toMatchObject({ status: 2, json: { code: "OFFLINE_TOKEN_INVALID" } });

    expect(await run(["deactivate", ...offline, ...base])).toMatchObject({ status: 1, json: { ok: false, code: "NETWORK" } });
    expect(await run(["deactivate", "--api", api.url, ...base])).toMatchObject({ status: 0, json: { ok: true, code: "DEACTIVATED" } });
    expect(await run(["status", ...base])).toMatchObject({ status: 2, json: { ok: false, valid: false, code: "NO_STATE" } });
  }, 60_000);

  it("reports usage errors as JSON with exit status 1", async () => {
    for (const args of [
      [],
      ["fly"],
      ["status"],
      ["sync-get", "--state", "x"],
      ["status", "--state", "x", "--bogus", "1"],
      ["status", "--state", "x", "--components", "machine_guid=a"],
      ["status", "--state", "x", "--fingerprint", "fp-00000001", "--components", "no-pair"],
    ]) {
      expect(await run(args)).toMatchObject({ status: 1, json: { ok: false, code: "USAGE" } });
    }
    expect(await run(["status", "--state", tempDir()], { LICENSE_CLIENT_NOW: "yesterday" })).toMatchObject({ status: 1, json: { code: "USAGE" } });
    const state = tempDir();
    expect(await run(["status", "--state", state, "--keys", join(state, "jwks.json")])).toMatchObject({ status: 1, json: { code: "USAGE" } });
  });

  it("puts, gets and lists documents; another machine's write since is a conflict, resolved by reading it first", async () => {
    sync = await startSyncApi(key);
    const base = ["--api", sync.url, "--state", join(tempDir(), "s"), "--keys", keysFile, "--fingerprint", FINGERPRINT];
    await run(["activate", "--key", "CGPT-KEY", ...base]);
    const file = join(tempDir(), "doc.json");
    writeFileSync(file, JSON.stringify({ theme: "dark" }));
    expect(await run(["sync-put", "settings", file, ...base])).toMatchObject({ status: 0, json: { ok: true, code: "OK", name: "settings", rev: 1 } });
    expect(await run(["sync-get", "settings", ...base])).toMatchObject({
      status: 0,
      json: { ok: true, name: "settings", rev: 1, data: { theme: "dark" }, updated_by: "act_1", updated_at: expect.any(String) },
    });
    sync.writeAsOther("settings", { theme: "blue" });
    writeFileSync(file, JSON.stringify({ theme: "light" }));
    // Written over revision 1, which is no longer current: reported, nothing overwritten.
    expect(await run(["sync-put", "settings", file, ...base])).toMatchObject({ status: 1, json: { ok: false, code: "REVISION_CONFLICT", rev: 2 } });
    expect(sync.docs.get("settings")?.data).toEqual({ theme: "blue" });
    expect(await run(["sync-get", "settings", ...base])).toMatchObject({ status: 0, json: { rev: 2, data: { theme: "blue" } } });
    expect(await run(["sync-put", "settings", file, ...base])).toMatchObject({ status: 0, json: { ok: true, rev: 3 } });
    // --base-rev names the revision explicitly.
    expect(await run(["sync-put", "settings", file, "--base-rev", "1", ...base])).toMatchObject({ status: 1, json: { code: "REVISION_CONFLICT", rev: 3 } });
    expect(await run(["sync-put", "settings", file, "--base-rev", "3", ...base])).toMatchObject({ status: 0, json: { rev: 4 } });
    expect((await run(["sync-list", ...base])).json.documents).toEqual([expect.objectContaining({ name: "settings", rev: 4 })]);
    expect(await run(["sync-get", "nothing", ...base])).toMatchObject({ status: 1, json: { ok: false, code: "NOT_FOUND" } });
  }, 60_000);

  it("prints the sign-in line on stderr as soon as it has a code", async () => {
    api = await startLicensingApi(key);
    api.script.set("/v1/device/authorize", [
      { status: 200, body: { device_code: "d", user_code: "BCDF-GHJK", verification_uri: "http://portal/activate/", expires_in: 1, interval: 1 } },
    ]);
    const result = await run(["sign-in", "--api", api.url, "--state", tempDir(), "--fingerprint", FINGERPRINT]);
    expect(result.stderr).toContain("Open http://portal/activate/ and enter BCDF-GHJK");
    expect(result).toMatchObject({ status: 1, json: { ok: false, user_code: "BCDF-GHJK", verification_uri: "http://portal/activate/" } });
  }, 30_000);
});
