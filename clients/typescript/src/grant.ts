/**
 * A grant is what the API hands a machine that may run: a token plus the license and
 * activation it stands for (activate, validate VALID, device sign-in). Storing one also
 * resets the clock high-water mark to the server's time: the server's clock is the
 * reference, so earlier local readings (perhaps from a clock that ran ahead) give way.
 * Same rule as the C# client (LicenseClient.Shared.cs, StoreActivation).
 */
import { raiseHighWater, toSeconds } from "./clock.js";
import type { ClientContext } from "./context.js";
import type { ActivationInfo, LicenseInfo, LicenseResult } from "./outcomes.js";
import type { ClientState } from "./state/state-store.js";
import { peekClaims, verifyLicenseToken } from "./token/license-token.js";

export interface Grant {
  token: string;
  license: LicenseInfo | undefined;
  activation: ActivationInfo | undefined;
  /** Only device sign-in returns the key (the customer never typed one). */
  licenseKey: string | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function readGrant(body: unknown): Grant | undefined {
  if (!isObject(body) || typeof body.token !== "string" || body.token.split(".").length !== 3) return undefined;
  return {
    token: body.token,
    license: isObject(body.license) ? (body.license as unknown as LicenseInfo) : undefined,
    activation: isObject(body.activation) ? (body.activation as unknown as ActivationInfo) : undefined,
    licenseKey: typeof body.license_key === "string" ? body.license_key : undefined,
  };
}

/** Fields of a result that describe the license and this machine's seat. */
export function describe(license: LicenseInfo | undefined, activation: ActivationInfo | undefined): Partial<LicenseResult> {
  return {
    ...(license ? { license, seats: license.seats, seatsUsed: license.seats_used } : {}),
    ...(activation ? { activation, activationId: activation.id } : {}),
  };
}

export async function storeGrant(
  ctx: ClientContext,
  previous: ClientState | undefined,
  licenseKey: string,
  grant: Grant,
  serverDate: Date | undefined,
): Promise<{ state: ClientState; expiresAt: Date | undefined; warning: string | undefined }> {
  const claims = peekClaims(grant.token);
  // Say so now if offline grace will not work (unpinned key, other issuer), rather
  // than when the customer is offline and it is too late.
  const check = await verifyLicenseToken(grant.token, {
    keys: ctx.keys,
    issuer: ctx.issuerFor(ctx.apiOrigin),
    fingerprint: await ctx.machine.fingerprint(),
  });
  // The server's time replaces the mark: its Date header, or else the iat it signed (a
  // proxy may drop Date; `wrangler dev` sends none). Keeping an earlier local reading
  // instead would leave a clock that once ran ahead locked out after a good answer.
  // Only without either does the local clock stand in.
  const signedAt = check.ok ? check.claims.iat : undefined;
  const server = serverDate ? raiseHighWater(toSeconds(serverDate), signedAt) : signedAt;
  const state: ClientState = {
    api: ctx.apiOrigin,
    licenseKey,
    token: grant.token,
    highWater: server ?? toSeconds(ctx.now()),
    finalCode: null,
    // Revisions seen belong to the account of the key; a new key starts afresh.
    syncRevs: previous?.licenseKey === licenseKey ? previous.syncRevs : {},
  };
  await ctx.store.save(state);
  return {
    state,
    expiresAt: typeof claims?.exp === "number" ? new Date(claims.exp * 1000) : undefined,
    warning: check.ok ? undefined : `offline grace unavailable: ${check.reason}`,
  };
}
