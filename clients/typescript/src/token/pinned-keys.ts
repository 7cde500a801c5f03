/**
 * The public keys this build trusts for license tokens, compiled in. A release pins the
 * production keys here: the current signing key and the *next* one (published in the
 * API's JWKS before it signs anything), so a key rotation never strands an installed
 * app. Never replace this with a key set read from disk or downloaded: whoever can
 * edit that file could sign their own licenses.
 *
 * Empty in this repository because the production keys are Worker secrets; builds for a
 * local stack pin its generated keys at run time (`pinnedKeys` option, or the
 * command-line program's `--keys FILE` from `npm run keys:export`).
 */
import { readFile } from "node:fs/promises";

/** An Ed25519 public key in JWK form, identified by `kid`. */
export interface PinnedKey {
  kid: string;
  kty: "OKP";
  crv: "Ed25519";
  x: string;
}

export const PINNED_KEYS: readonly PinnedKey[] = [
  // { kid: "prod-2026-01", kty: "OKP", crv: "Ed25519", x: "…" },  // current
  // { kid: "prod-2026-07", kty: "OKP", crv: "Ed25519", x: "…" },  // next
];

/**
 * The Ed25519 public keys of a JWKS document (`{ "keys": [...] }`), public members only.
 * Anything else (other key types, private members, entries without kid) is left out.
 */
export function pinnedKeysFromJwks(jwks: unknown): PinnedKey[] {
  const keys = typeof jwks === "object" && jwks !== null ? (jwks as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) throw new Error('not a JWKS document: expected { "keys": [...] }');
  const out: PinnedKey[] = [];
  for (const key of keys) {
    if (typeof key !== "object" || key === null) continue;
    const { kty, crv, x, kid } = key as Record<string, unknown>;
    if (kty !== "OKP" || crv !== "Ed25519" || typeof x !== "string" || typeof kid !== "string" || kid === "") continue;
    if (!/^[A-Za-z0-9_-]{43}$/.test(x)) continue; // 32 bytes, base64url without padding
    out.push({ kid, kty, crv, x });
  }
  return out;
}

/**
 * Reads a JWKS file that the *developer* chose to pin for this run (a local stack's
 * generated keys). This is an explicit act of the person starting the app, not state.
 */
export async function readPinnedKeysFile(path: string): Promise<PinnedKey[]> {
  const keys = pinnedKeysFromJwks(JSON.parse(await readFile(path, "utf8")));
  if (keys.length === 0) throw new Error(`${path} holds no Ed25519 public keys`);
  return keys;
}
