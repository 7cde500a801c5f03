/**
 * What the client tests need from the running stack besides the programs themselves:
 * licenses, the staff actions of the admin API, the public keys to pin, and an
 * attacker's self-made token.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { parseDevVars } from "../scripts/lib/dev-secrets.mjs";
import { apiPost, apiUrl, waitForMail } from "./api";

const root = new URL("..", import.meta.url).pathname;

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** A fingerprint of its own for each simulated machine (8–256 printable ASCII). */
export const machine = (label: string) => `e2e-${label}-${randomUUID().slice(0, 8)}`;

/** A setting of the `.dev.vars` the test stack runs with. */
export function devVar(name: string): string | undefined {
  return parseDevVars(readFileSync(join(root, ".dev.vars"), "utf8"))[name];
}

export interface Grant {
  license_key: string;
  license_id: string;
  account_id: string;
  email: string;
}

/** A fresh license for a fresh email, through the dev grant (the path a purchase takes). */
export async function grantLicense(seats = 2): Promise<Grant> {
  const email = `clients-${randomUUID()}@example.com`;
  const res = await apiPost<Omit<Grant, "email">>("/dev/licenses", { email, seats });
  if (res.status !== 201) throw new Error(`POST /dev/licenses answered ${res.status}`);
  return { ...res.body, email };
}

/**
 * `npm run keys:export -- FILE`: the public keys of the .dev.vars the stack uses, as the
 * JWKS file the programs pin with `--keys` (a release pins its keys in code).
 */
export function exportKeys(file: string): { keys: { kid: string; x: string }[] } {
  execFileSync("npm", ["run", "-s", "keys:export", "--", file], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  return JSON.parse(readFileSync(file, "utf8"));
}

let staffToken: string | undefined;

/** A dev Access token, as staff get one: the last stdout line of scripts/admin-token.mjs. */
function adminToken(): string {
  staffToken ??= execFileSync(process.execPath, ["scripts/admin-token.mjs", "--email", "x@example.com"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  })
    .trim()
    .split("\n")
    .at(-1)!;
  return staffToken;
}

/** A staff action on a license through the admin API (`revoke`, `restore`). */
export async function staffAction(licenseId: string, action: "revoke" | "restore", reason: string): Promise<void> {
  const res = await fetch(`${apiUrl()}/v1/admin/licenses/${licenseId}/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-access-jwt-assertion": adminToken() },
    body: JSON.stringify({ reason }),
  });
  if (res.status !== 200) throw new Error(`${action} answered ${res.status}: ${await res.text()}`);
}

export function claimsOf(token: string): JWTPayload & { fp: string; act: string; seats: number } {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

/**
 * A customer's own signing key: its public half (what they would plant as a key set)
 * and a token it signs that is perfect in every claim — right issuer, audience,
 * machine, license — and good for ten years.
 */
export async function attackerKey(kid = "attacker-key") {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" };
  const sign = (claims: JWTPayload, headerKid = kid) =>
    new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "license+jwt", kid: headerKid }).sign(privateKey);
  return { jwk, sign };
}

/** The claims of a stored token, stretched to ten years and a hundred seats. */
export function forgedClaims(genuine: string): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return { ...claimsOf(genuine), seats: 100, iat: now, exp: now + 10 * 365 * 86400 };
}

/**
 * A customer signed in to the portal the way a person is (magic link from the dev
 * mailbox, then the confirming POST): the session cookie to send with portal calls.
 */
export async function portalSession(email: string): Promise<string> {
  const asked = await apiPost("/v1/auth/magic-link", { email });
  if (asked.status !== 202) throw new Error(`magic link answered ${asked.status}`);
  const mail = await waitForMail(email, "sign-in link");
  const token = new URL(/http\S+#token=\S+/.exec(mail.text)![0]).hash.slice("#token=".length);
  const res = await fetch(`${apiUrl()}/v1/auth/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  return res.headers.getSetCookie()[0]!.split(";")[0]!;
}

/** Approve or deny a desktop sign-in through the portal API, as the /activate/ page does. */
export async function decideSignIn(cookie: string, userCode: string, action: "approve" | "deny"): Promise<{ status: number; body: any }> {
  const res = await fetch(`${apiUrl()}/v1/portal/devices/${encodeURIComponent(userCode)}/${action}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: "{}",
  });
  return { status: res.status, body: await res.json() };
}
