// The state directory: atomic 0600 writes, and an edited or corrupted file never counts
// as valid; a key set planted beside it is never read.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STATE_FILE, StateStore, type ClientState } from "../src/state/state-store.js";
import { FINGERPRINT, tempDir, testClient } from "./helpers/setup.js";
import { makeKey, signToken } from "./helpers/tokens.js";

const ISSUER = "https://api.test.example";
const key = makeKey("current");

async function seeded(): Promise<{ dir: string; file: string; state: ClientState }> {
  const dir = join(tempDir(), "nested", "state");
  const state: ClientState = {
    api: ISSUER,
    licenseKey: "CGPT-AAAA",
    token: await signToken({ key, issuer: ISSUER, fingerprint: FINGERPRINT }),
    highWater: Math.floor(Date.now() / 1000),
    finalCode: null,
    syncRevs: { settings: 3 },
  };
  await new StateStore(dir).save(state);
  return { dir, file: join(dir, STATE_FILE), state };
}

const statusIn = (dir: string) => testClient("http://127.0.0.1:9", [key], { stateDir: dir }).client.status();

describe("state directory", () => {
  it("round-trips, creates the directory 0700 and the file 0600, and leaves no temp files", async () => {
    const { dir, file, state } = await seeded();
    expect(await new StateStore(dir).load()).toEqual({ kind: "ok", state });
    if (process.platform !== "win32") {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    await Promise.all(Array.from({ length: 20 }, (_, i) => new StateStore(dir).save({ ...state, highWater: state.highWater + i })));
    expect(readdirSync(dir)).toEqual([STATE_FILE]);
    expect((await new StateStore(dir).load()).kind).toBe("ok");
    expect((await statusIn(dir)).code).toBe("VALID_OFFLINE");
  });

  it("treats an edited license key, mark or API origin as no state", async () => {
    for (const edit of [
      (s: any) => ({ ...s, license_key: "CGPT-BBBB" }),
      (s: any) => ({ ...s, high_water: 0 }),
      (s: any) => ({ ...s, api: "https://evil.example" }),
      (s: any) => ({ ...s, final_code: null, sync_revs: {} }),
    ]) {
      const { dir, file } = await seeded();
      const original = JSON.parse(readFileSync(file, "utf8"));
      writeFileSync(file, JSON.stringify(edit(original)));
      expect(await statusIn(dir)).toMatchObject({ ok: false, valid: false, code: "NO_STATE" });
    }
  });

  it("treats an edited token as invalid, never valid", async () => {
    const { dir, file } = await seeded();
    const original = JSON.parse(readFileSync(file, "utf8"));
    const t: string = original.token;
    writeFileSync(file, JSON.stringify({ ...original, token: t.slice(0, 30) + (t[30] === "x" ? "y" : "x") + t.slice(31) }));
    expect(await statusIn(dir)).toMatchObject({ valid: false, code: "OFFLINE_TOKEN_INVALID" });
  });

  it("treats truncated, non-JSON and wrongly typed files as no state", async () => {
    for (const text of ["", "{", "null", "[]", '{"format":1}', readFileSync((await seeded()).file, "utf8").slice(0, 50)]) {
      const { dir, file } = await seeded();
      writeFileSync(file, text);
      expect((await statusIn(dir)).code).toBe("NO_STATE");
    }
    expect((await statusIn(tempDir())).code).toBe("NO_STATE");
  });

  it("ignores a key set planted in the state directory", async () => {
    const { dir, file } = await seeded();
    const attacker = makeKey("current"); // even under the pinned kid
    const jwks = JSON.stringify({ keys: [attacker.publicKey, { ...attacker.publicKey, kid: "attacker" }] });
    for (const name of ["jwks.json", "keys.json", "pinned-keys.json", ".well-known-jwks.json"]) writeFileSync(join(dir, name), jwks);
    const original = JSON.parse(readFileSync(file, "utf8"));
    for (const kid of ["current", "attacker"]) {
      const forged = await signToken({ key: attacker, kid, issuer: ISSUER, fingerprint: FINGERPRINT, exp: 4_000_000_000 });
      writeFileSync(file, JSON.stringify({ ...original, token: forged }));
      expect(await statusIn(dir)).toMatchObject({ valid: false, code: "OFFLINE_TOKEN_INVALID" });
    }
  });
});
