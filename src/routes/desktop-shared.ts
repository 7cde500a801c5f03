/** What the three desktop routes share: key resolution with throttles, and tokens. */
import type { ActivationView, LicenseView } from "../../durable-objects/types";
import { sha256Hex } from "../crypto/digest";
import type { RequestContext } from "../http/context";
import { parseLicenseKey } from "../license/license-key";
import { signLicenseToken } from "../tokens/license-token";
import { enforce, ipRule, licenseRule } from "../throttle/limits";

export interface ResolvedKey {
  accountId: string;
  keyHash: string;
}

/** Per-IP throttle: first, before the body is even read. */
export function throttleClient(request: Request, rc: RequestContext): Promise<void> {
  return enforce(rc, ipRule(rc.env, request));
}

/**
 * Parses the key (no D1: the account is in the key) and applies the per-license
 * throttle. Null means "not one of our keys", answered without touching any object.
 */
export async function resolveLicenseKey(rc: RequestContext, licenseKey: string): Promise<ResolvedKey | null> {
  const parsed = await parseLicenseKey(rc.env.ROUTING_SECRET, licenseKey);
  if (!parsed) return null;
  const keyHash = await sha256Hex(parsed.canonical);
  await enforce(rc, licenseRule(rc.env, keyHash));
  return { accountId: parsed.accountId, keyHash };
}

export async function issueToken(rc: RequestContext, license: LicenseView, activation: ActivationView): Promise<string> {
  return signLicenseToken(rc.env, {
    licenseId: license.id,
    activationId: activation.id,
    fingerprintHash: await sha256Hex(activation.fingerprint),
    seats: license.seats,
    entitlements: license.entitlements,
  });
}

export function desktopActor(rc: RequestContext) {
  return { actor: { type: "desktop" as const, id: null }, requestId: rc.requestId };
}
