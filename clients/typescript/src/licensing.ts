/**
 * Activate, validate, deactivate and status: the license life cycle of one machine.
 * Every answer is a LicenseResult; nothing throws for an outcome the API can give.
 * Transient failures keep the stored token (offline grace); final answers drop it.
 */
import { raiseHighWater, toSeconds } from "./clock.js";
import type { ClientContext } from "./context.js";
import { describe, readGrant, storeGrant } from "./grant.js";
import { answerCode, answerMessage, type ApiAnswer } from "./http/transport.js";
import { checkOffline } from "./offline-check.js";
import { ClientCode, isFinalError, isFinalOutcome, type LicenseResult } from "./outcomes.js";
import type { ClientState } from "./state/state-store.js";

const stateOf = async (ctx: ClientContext): Promise<ClientState | undefined> => {
  const loaded = await ctx.store.load();
  return loaded.kind === "ok" ? loaded.state : undefined;
};

/** The server said this machine is not licensed: offline grace ends now. */
async function dropToken(ctx: ClientContext, state: ClientState, code: string): Promise<void> {
  await ctx.store.save({ ...state, token: null, finalCode: code });
}

function failure(answer: ApiAnswer, extra: Partial<LicenseResult> = {}): LicenseResult {
  return { ok: false, code: answerCode(answer), message: answerMessage(answer), ...extra };
}

export async function activate(
  ctx: ClientContext,
  licenseKey: string | undefined,
  options: { name?: string; signal?: AbortSignal } = {},
): Promise<LicenseResult> {
  const previous = await stateOf(ctx);
  // Without a key, activate again with the stored one (e.g. after NOT_ACTIVATED).
  const key = (licenseKey ?? previous?.licenseKey ?? "").trim();
  if (key === "") return { ok: false, code: ClientCode.NO_STATE, message: "no license key given and none stored" };
  const { answer } = await ctx.transport.request("POST", "/v1/licenses/activate", {
    json: { license_key: key, ...(await ctx.machineFields(options.name)) },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (answer.kind === "http" && (answer.status === 200 || answer.status === 201)) {
    const grant = readGrant(answer.body);
    if (!grant) return { ok: false, code: "UNEXPECTED_RESPONSE", message: "the activation answer carried no token" };
    const stored = await storeGrant(ctx, previous, key, grant, answer.serverDate);
    return {
      ok: true,
      code: answer.status === 201 ? "ACTIVATED" : "ALREADY_ACTIVE",
      ...describe(grant.license, grant.activation),
      ...(stored.expiresAt ? { expiresAt: stored.expiresAt } : {}),
      ...(stored.warning ? { message: stored.warning } : {}),
    };
  }
  const code = answerCode(answer);
  if (isFinalError(code) && previous?.licenseKey === key && previous.token !== null) await dropToken(ctx, previous, code);
  return failure(answer);
}

/** The code of a 2xx validate answer that grants nothing and ends nothing. */
function unusableOutcome(body: unknown): string {
  const code = (body as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : "UNEXPECTED_RESPONSE";
}

export async function validate(ctx: ClientContext, options: { signal?: AbortSignal } = {}): Promise<LicenseResult> {
  const loaded = await ctx.store.load();
  if (loaded.kind !== "ok" || loaded.state.licenseKey === null) return checkOffline(ctx, loaded, ctx.now());
  const state = loaded.state;
  const licenseKey = loaded.state.licenseKey;
  const { answer } = await ctx.transport.request("POST", "/v1/licenses/validate", {
    json: { license_key: licenseKey, fingerprint: await ctx.machine.fingerprint() },
    ...(options.signal ? { signal: options.signal } : {}),
  });

  if (answer.kind === "http" && answer.status === 200) {
    const body = answer.body as { valid?: unknown; code?: unknown; license?: unknown; activation?: unknown } | undefined;
    const code = typeof body?.code === "string" ? body.code : "UNEXPECTED_RESPONSE";
    const grant = readGrant(answer.body);
    if (body?.valid === true && code === "VALID" && grant) {
      const stored = await storeGrant(ctx, state, licenseKey, grant, answer.serverDate);
      return {
        ok: true,
        valid: true,
        offline: false,
        code,
        ...describe(grant.license, grant.activation),
        ...(stored.expiresAt ? { expiresAt: stored.expiresAt } : {}),
        ...(stored.warning ? { message: stored.warning } : {}),
      };
    }
    if (isFinalOutcome(code)) {
      await dropToken(ctx, state, code);
      const known = describe(grant?.license ?? (body?.license as never), grant?.activation ?? (body?.activation as never));
      return { ok: false, valid: false, offline: false, code, ...known, message: `the licensing API answered ${code}; offline grace ended` };
    }
  }

  const code = answerCode(answer) === "OK" ? unusableOutcome(answer.kind === "http" ? answer.body : undefined) : answerCode(answer);
  if (isFinalError(code)) {
    await dropToken(ctx, state, code);
    return failure(answer, { valid: false, offline: false });
  }

  // No usable answer (no connection, 5xx, 429 after the retries, an error that says
  // nothing about the license such as a 404 from a wrong address, or a 200 that is not
  // the API's, like a captive portal's page): decide from the stored token, and
  // remember the local time (a later run with the clock set back must not look earlier
  // than this one).
  const now = ctx.now();
  const offline = await checkOffline(ctx, loaded, now);
  const mark = raiseHighWater(state.highWater, toSeconds(now));
  if (mark > state.highWater) await ctx.store.save({ ...state, highWater: mark });
  const why = `${code}: ${code === "UNEXPECTED_RESPONSE" ? "the answer was not the licensing API's" : answerMessage(answer)}`;
  if (offline.ok) return { ...offline, message: `offline (${why}); using the stored license token` };
  if (state.token === null && state.finalCode === null) return { ...offline, code, message: why };
  return { ...offline, message: `${offline.message ?? offline.code} (${why})` };
}

export async function deactivate(ctx: ClientContext, options: { signal?: AbortSignal } = {}): Promise<LicenseResult> {
  const state = await stateOf(ctx);
  if (!state || state.licenseKey === null) return { ok: false, code: ClientCode.NO_STATE, message: "no license is stored on this machine" };
  const { answer, attempts } = await ctx.transport.request("POST", "/v1/licenses/deactivate", {
    json: { license_key: state.licenseKey, fingerprint: await ctx.machine.fingerprint() },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const code = answerCode(answer);
  const forget = () => ctx.store.save({ ...state, licenseKey: null, token: null, finalCode: null, syncRevs: {} });
  if (answer.kind === "http" && answer.status === 200) {
    await forget();
    const body = answer.body as { license?: never } | undefined;
    return { ok: true, code: "DEACTIVATED", ...describe(body?.license, undefined) };
  }
  if (code === "ACTIVATION_NOT_FOUND") {
    // Either an earlier attempt of this very call went through before its answer was
    // lost, or the seat was freed elsewhere (portal, support). Both end not active.
    await forget();
    if (attempts > 1) return { ok: true, code: "DEACTIVATED" };
    return failure(answer, { message: "this machine was not active on the license; local state cleared" });
  }
  if (isFinalError(code)) await dropToken(ctx, state, code);
  return failure(answer);
}

/** Offline only: the same decision an offline validate makes, and no writes. */
export async function status(ctx: ClientContext): Promise<LicenseResult> {
  return checkOffline(ctx, await ctx.store.load(), ctx.now());
}
