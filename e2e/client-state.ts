/**
 * How each library lays out its state directory, so the tests can do what a customer
 * with a text editor (or a reverse engineer) can: read the token, plant another one,
 * edit the license key. The formats are the libraries' own (their READMEs):
 *
 * - TypeScript: one `license-state.json`; every field but the token is covered by a
 *   checksum, the token by its own signature.
 * - C#: `license.json`, `token.json`, `clock.json`… each with an HMAC keyed by the
 *   secret in `install.json` (plain outside Windows). Planting a token here recomputes
 *   that HMAC, as someone who read the source would: the only defence left is the
 *   token's signature against the pinned keys, which is the point of the test.
 */
import { createHash, createHmac } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface StateAdapter {
  /** The stored license token, or null when none is stored. */
  readToken(dir: string): string | null;
  /** Puts `token` where the library reads it, in a well-formed file. */
  writeToken(dir: string, token: string): void;
  /** Replaces the stored license key by hand, without fixing any checksum or MAC. */
  editLicenseKey(dir: string, key: string): void;
}

const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
const writeJson = (file: string, value: unknown, indent?: number) => writeFileSync(file, JSON.stringify(value, null, indent) + "\n");

const TS_FILE = "license-state.json";

export const typescriptState: StateAdapter = {
  readToken(dir) {
    const file = join(dir, TS_FILE);
    return existsSync(file) ? ((readJson(file).token as string | null) ?? null) : null;
  },
  writeToken(dir, token) {
    const file = join(dir, TS_FILE);
    writeJson(file, { ...readJson(file), token }, 2);
  },
  editLicenseKey(dir, key) {
    const file = join(dir, TS_FILE);
    writeJson(file, { ...readJson(file), license_key: key }, 2);
  },
};

/** The C# store's MAC: HMAC-SHA256 over "kind\n" + the compact JSON without "mac" (StateStore.cs). */
function csharpMac(dir: string, kind: string, content: Record<string, unknown>): string {
  const secret = readJson(join(dir, "install.json")).secret as string;
  const key = createHash("sha256").update(`ChartGpt.Licensing state v1\n${secret}`).digest();
  return createHmac("sha256", key)
    .update(`${kind}\n${JSON.stringify(content)}`)
    .digest("hex");
}

export const csharpState: StateAdapter = {
  readToken(dir) {
    const file = join(dir, "token.json");
    return existsSync(file) ? ((readJson(file).token as string | undefined) ?? null) : null;
  },
  writeToken(dir, token) {
    const content = { v: 1, token };
    writeJson(join(dir, "token.json"), { ...content, mac: csharpMac(dir, "token", content) });
  },
  editLicenseKey(dir, key) {
    const file = join(dir, "license.json");
    writeJson(file, { ...readJson(file), license_key: key });
  },
};
