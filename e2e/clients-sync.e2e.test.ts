/**
 * Desktop sync through both command-line programs of CLIENTS.md against the real stack
 * (the companion of clients.e2e.test.ts, with the same setup): two state directories of
 * one license exchange a document with a conflict in between — each program with itself,
 * and the C# and TypeScript programs with each other — and `sync-watch` follows the other
 * machine's writes live until its own machine is deactivated.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiPost, apiUrl } from "./api";
import { type CliRun, type ClientProgram, expectOutcome, PROGRAMS, runClient } from "./client-cli";
import { exportKeys, grantLicense, machine } from "./client-stack";

const work = mkdtempSync(join(tmpdir(), "clients-sync-e2e-"));
const keysFile = join(work, "pinned", "keys.json");

beforeAll(async () => {
  mkdirSync(join(work, "pinned"));
  exportKeys(keysFile);
  // The first run builds each program (tsc; mcs for C#), inside this hook's time budget.
  for (const program of PROGRAMS) await runClient(program, ["status", "--state", join(work, `warm-up-${program.name}`)]);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One simulated computer running one of the programs. */
interface Machine {
  program: ClientProgram;
  dir: string;
  fp: string;
}

const newMachine = (program: ClientProgram, label: string): Machine => ({
  program,
  dir: mkdtempSync(join(work, `${program.name}-${label}-`)),
  fp: machine(`${program.name}-${label}`),
});

const cli = (m: Machine, args: string[], listen = {}) =>
  runClient(m.program, [...args, "--api", apiUrl(), "--state", m.dir, "--fingerprint", m.fp, "--keys", keysFile], {}, listen);

/** A file holding `data` as JSON, for sync-put. */
function file(data: unknown): string {
  const path = join(work, `doc-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(data, null, 2));
  return path;
}

const sizeOf = (data: unknown) => Buffer.byteLength(JSON.stringify(data));

/** Two machines activated on a fresh license; returns them with their activation ids. */
async function twoMachines(a: ClientProgram, b: ClientProgram) {
  const grant = await grantLicense(2);
  const [desk, laptop] = [newMachine(a, "desk"), newMachine(b, "laptop")];
  const ids: string[] = [];
  for (const m of [desk, laptop]) {
    const run = await cli(m, ["activate", "--key", grant.license_key]);
    expectOutcome(run, { code: "ACTIVATED", ok: true, exit: 0 });
    ids.push(run.out.activation_id!);
  }
  return { grant, desk, laptop, deskId: ids[0]!, laptopId: ids[1]! };
}

/** The exchange both specs run: create, read, a stale write refused, read and write again. */
async function exchange(a: ClientProgram, b: ClientProgram) {
  const { desk, laptop, deskId, laptopId } = await twoMachines(a, b);
  const first = { theme: "dark", presets: [{ name: "scalp", prompt: "Summarise the last 20 bars" }] };
  const second = { ...first, theme: "light" };
  const fromLaptop = { ...first, presets: [...first.presets, { name: "swing", prompt: "Daily trend, key levels" }] };

  expectOutcome(await cli(desk, ["sync-put", "settings", file(first)]), { code: "OK", ok: true, exit: 0 });
  const read = await cli(laptop, ["sync-get", "settings"]);
  expectOutcome(read, { code: "OK", ok: true, exit: 0 });
  expect(read.out).toMatchObject({ rev: 1, data: first, updated_by: deskId });

  // The desk writes again; the laptop still holds revision 1 and writes on it: refused, nothing lost.
  expect((await cli(desk, ["sync-put", "settings", file(second)])).out).toMatchObject({ ok: true, rev: 2 });
  const stale = await cli(laptop, ["sync-put", "settings", file(fromLaptop)]);
  expectOutcome(stale, { code: "REVISION_CONFLICT", ok: false, exit: 1 });
  expect(stale.out.rev).toBe(2);

  // It reads what won (which becomes its base), and writes again.
  expect((await cli(laptop, ["sync-get", "settings"])).out).toMatchObject({ rev: 2, data: second, updated_by: deskId });
  expect((await cli(laptop, ["sync-put", "settings", file(fromLaptop)])).out).toMatchObject({ ok: true, code: "OK", rev: 3 });

  expect((await cli(desk, ["sync-get", "settings"])).out).toMatchObject({ rev: 3, data: fromLaptop, updated_by: laptopId });
  const listed = await cli(desk, ["sync-list"]);
  expectOutcome(listed, { code: "OK", ok: true, exit: 0 });
  expect(listed.out.documents).toEqual([{ name: "settings", rev: 3, size: sizeOf(fromLaptop), updated_at: expect.any(String), updated_by: laptopId }]);
  expectOutcome(await cli(desk, ["sync-get", "nothing-here"]), { code: "NOT_FOUND", ok: false, exit: 1 });
}

describe.concurrent.each(PROGRAMS)("the $name command-line program", (program: ClientProgram) => {
  it("exchanges a document between two machines of one license, with a conflict in between", async () => {
    await exchange(program, program);
  });

  it("follows the other machine's writes live (sync-watch), and stops once its own machine is deactivated", async ({ expect }) => {
    // The test's own expect: these run concurrently, and expect.poll needs to know its test.
    const { grant, desk, laptop, deskId } = await twoMachines(program, program);
    let opened = false;
    let heardAt = 0;
    const watching = cli(laptop, ["sync-watch", "--seconds", "60"], {
      stderr: (text: string) => void (opened ||= /live feed: (open|connected)/.test(text)),
      stdout: (text: string) => void (heardAt ||= text.includes('"presets"') ? Date.now() : 0),
    });
    await expect.poll(() => opened, { timeout: 30_000, interval: 50 }).toBe(true);

    const written = await cli(desk, ["sync-put", "presets", file(["scalp"])]);
    const writtenAt = Date.now();
    expect(written.out.rev).toBe(1);
    await expect.poll(() => heardAt, { timeout: 5_000, interval: 20 }).toBeGreaterThan(0);
    // The program's own start-up is in `written`; the push itself is within a second of the answer.
    expect(heardAt - writtenAt).toBeLessThan(1_000);

    // Deactivated from elsewhere (another app, the portal): the feed closes, the renewal fails, the watch ends.
    expect((await apiPost("/v1/licenses/deactivate", { license_key: grant.license_key, fingerprint: laptop.fp })).status).toBe(200);
    const watched: CliRun = await watching;
    expectOutcome(watched, { code: "UNAUTHORIZED", ok: false, exit: 1 });
    expect(watched.out.events).toEqual([{ type: "document", name: "presets", rev: 1, deleted: false, updated_by: deskId }]);
    expect(watched.ms).toBeLessThan(30_000);
  });
});

describe("the two programs together", () => {
  it("a TypeScript machine and a C# machine of one license exchange a document, with a conflict in between", async () => {
    const [typescript, dotnet] = PROGRAMS as [ClientProgram, ClientProgram];
    await exchange(typescript, dotnet);
    await exchange(dotnet, typescript);
  });
});
