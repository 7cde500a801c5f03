/**
 * The offline decision, from the stored state alone: used by status(), and by
 * validate() when the API cannot be reached. Order matters: a token that does not
 * verify is rejected first; then a clock set back (which would make an expired token
 * look fresh); only then the expiry.
 */
import { isClockRolledBack, raiseHighWater, toSeconds } from "./clock.js";
import type { ClientContext } from "./context.js";
import { ClientCode, type LicenseResult } from "./outcomes.js";
import type { LoadedState } from "./state/state-store.js";
import { verifyLicenseToken } from "./token/license-token.js";

export async function checkOffline(ctx: ClientContext, loaded: LoadedState, now: Date): Promise<LicenseResult> {
  if (loaded.kind === "none") return { ok: false, valid: false, offline: true, code: ClientCode.NO_STATE, message: "no license state on this machine" };
  if (loaded.kind === "corrupt") return { ok: false, valid: false, offline: true, code: ClientCode.NO_STATE, message: loaded.reason };
  const state = loaded.state;
  if (state.token === null || state.licenseKey === null) {
    return {
      ok: false,
      valid: false,
      offline: true,
      code: state.finalCode ?? ClientCode.NO_STATE,
      message: state.finalCode ? `the licensing API answered ${state.finalCode}` : "no license token is stored",
    };
  }
  const check = await verifyLicenseToken(state.token, {
    keys: ctx.keys,
    issuer: ctx.issuerFor(state.api),
    fingerprint: await ctx.machine.fingerprint(),
  });
  if (!check.ok) return { ok: false, valid: false, offline: true, code: ClientCode.OFFLINE_TOKEN_INVALID, message: check.reason };
  const { claims } = check;
  const nowSeconds = toSeconds(now);
  const expiresAt = new Date(claims.exp * 1000);
  const seen = { expiresAt, activationId: claims.act, seats: claims.seats };
  const mark = raiseHighWater(state.highWater, claims.iat);
  if (isClockRolledBack(nowSeconds, mark)) {
    return {
      ok: false,
      valid: false,
      offline: true,
      code: ClientCode.CLOCK_ROLLBACK,
      message: `the local clock (${now.toISOString()}) is behind a time already seen (${new Date(mark * 1000).toISOString()})`,
      ...seen,
    };
  }
  if (nowSeconds >= claims.exp) {
    return {
      ok: false,
      valid: false,
      offline: true,
      code: ClientCode.OFFLINE_EXPIRED,
      message: "the offline grace period is over; connect to the internet",
      ...seen,
    };
  }
  return { ok: true, valid: true, offline: true, code: ClientCode.VALID_OFFLINE, ...seen };
}
