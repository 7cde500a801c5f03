/** What the three desktop routes share: key resolution with throttles, and tokens. */
import type { MachineView, LicenseView } from "../../core/views";
import { sha256Hex } from "../../core/crypto/digest";
import type { RequestContext } from "../../http/context";
import { parseLicenseKey } from "../../license/license-key";
import { Lru } from "../../lru";
import { keyring } from "../../tokens/keyring";
import { signLicenseToken } from "../../tokens/license-token";
import { enforce, ipRule, licenseRule } from "../../throttle/limits";

export interface ResolvedKey {
  accountId: string;
  keyHash: string;
}

/** Per-IP throttle: first, before the body is even read. */
export function throttleClient(request: Request, rc: RequestContext): Promise<void> {
  return enforce(rc, ipRule(rc.env, request));
}

// Keys seen moments ago skip the tag check and hashing. Only keys that parsed are kept,
// so guessing cannot fill the cache with junk; the routing secret is part of the entry
// so a changed secret never reuses an old answer.
const resolvedKeys = new Lru<string, ResolvedKey & { secret: string }>(10_000);

/**
 * Parses the key (no D1: the account is in the key) and applies the per-license
 * throttle. Null means "not one of our keys", answered without touching any object.
 */
export async function resolveLicenseKey(rc: RequestContext, licenseKey: string): Promise<ResolvedKey | null> {
  let resolved = resolvedKeys.get(licenseKey);
  if (!resolved || resolved.secret !== rc.env.ROUTING_SECRET) {
    const parsed = await parseLicenseKey(rc.env.ROUTING_SECRET, licenseKey);
    if (!parsed) return null;
    resolved = { accountId: parsed.accountId, keyHash: await sha256Hex(parsed.canonical), secret: rc.env.ROUTING_SECRET };
    resolvedKeys.set(licenseKey, resolved);
  }
  await enforce(rc, licenseRule(rc.env, resolved.keyHash));
  return { accountId: resolved.accountId, keyHash: resolved.keyHash };
}

/**
 * A token is re-signed at most once per TOKEN_REUSE_MS for the same activation and the
 * same claims: a desktop app validating every few seconds gets the same token back,
 * whose `exp` is still at least the full lifetime minus this interval away.
 */
const TOKEN_REUSE_MS = 60 * 60 * 1000;
const recentTokens = new Lru<string, { token: string; issuedAt: number }>(10_000);

/** `accountId` rides in the token (`acc`): desktop sync routes its bearer token to the account by it. */
export async function issueToken(rc: RequestContext, accountId: string, license: LicenseView, activation: MachineView): Promise<string> {
  const now = Date.now();
  const { kid } = await keyring(rc.env);
  // Every claim is in the key: an activation keeps its id when a reinstall changes its
  // fingerprint (seat policies), and its new token must carry the new `fp`.
  const cacheKey = [
    kid,
    rc.env.PUBLIC_API_ORIGIN,
    rc.env.TOKEN_TTL_SECONDS,
    accountId,
    license.id,
    license.seats,
    license.entitlements.join(","),
    activation.id,
    activation.fingerprint,
  ].join("|");
  const cached = recentTokens.get(cacheKey);
  if (cached && now - cached.issuedAt < TOKEN_REUSE_MS) return cached.token;
  const token = await signLicenseToken(
    rc.env,
    {
      accountId,
      licenseId: license.id,
      activationId: activation.id,
      fingerprintHash: await sha256Hex(activation.fingerprint),
      seats: license.seats,
      entitlements: license.entitlements,
    },
    now,
  );
  recentTokens.set(cacheKey, { token, issuedAt: now });
  return token;
}

export function desktopActor(rc: RequestContext) {
  return { actor: { type: "desktop" as const, id: null }, requestId: rc.requestId };
}
