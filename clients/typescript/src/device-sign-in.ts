/**
 * Sign in without a license key (API.md, "Desktop sign-in", RFC 8628 shape): ask for a
 * code, show it to the customer at once, then poll until they approve or deny it in the
 * portal, or the code expires. What an approval returns is stored like an activation.
 */
import type { ClientContext } from "./context.js";
import { describe, readGrant, storeGrant } from "./grant.js";
import { answerCode, answerMessage, isTransient } from "./http/transport.js";
import { ClientCode, type LicenseResult } from "./outcomes.js";

export interface DeviceCode {
  /** What the customer types, `XXXX-XXXX`. */
  userCode: string;
  /** Where they type it (the portal's /activate/ page). */
  verificationUri: string;
  /** The same page with the code filled in, for a button or a QR code. */
  verificationUriComplete: string | undefined;
  /** Seconds the code stays usable. */
  expiresIn: number;
}

export interface SignInResult extends LicenseResult {
  userCode?: string;
  verificationUri?: string;
}

export interface SignInOptions {
  name?: string;
  /** Stops polling; the result is then CANCELLED. */
  signal?: AbortSignal;
}

/** Each SLOW_DOWN makes the code's interval 5 s longer, on the server and here. */
export const SLOW_DOWN_STEP_SECONDS = 5;

function readDeviceCode(body: unknown): (DeviceCode & { deviceCode: string; interval: number }) | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.device_code !== "string" || typeof b.user_code !== "string" || typeof b.verification_uri !== "string") return undefined;
  const expiresIn = typeof b.expires_in === "number" && b.expires_in > 0 ? b.expires_in : 600;
  const interval = typeof b.interval === "number" && b.interval >= 1 ? b.interval : 5;
  return {
    deviceCode: b.device_code,
    userCode: b.user_code,
    verificationUri: b.verification_uri,
    verificationUriComplete: typeof b.verification_uri_complete === "string" ? b.verification_uri_complete : undefined,
    expiresIn,
    interval,
  };
}

export async function signIn(ctx: ClientContext, onCode: (code: DeviceCode) => void | Promise<void>, options: SignInOptions = {}): Promise<SignInResult> {
  const signal = options.signal;
  const { answer } = await ctx.transport.request("POST", "/v1/device/authorize", {
    json: await ctx.machineFields(options.name),
    ...(signal ? { signal } : {}),
  });
  if (answer.kind !== "http" || answer.status !== 200) return { ok: false, code: answerCode(answer), message: answerMessage(answer) };
  const code = readDeviceCode(answer.body);
  if (!code) return { ok: false, code: "UNEXPECTED_RESPONSE", message: "the sign-in answer carried no device code" };
  const shown = { userCode: code.userCode, verificationUri: code.verificationUri };
  await onCode({
    userCode: code.userCode,
    verificationUri: code.verificationUri,
    verificationUriComplete: code.verificationUriComplete,
    expiresIn: code.expiresIn,
  });

  let interval = code.interval;
  let wait = interval;
  let waited = 0;
  for (;;) {
    if (waited >= code.expiresIn) return { ok: false, code: "EXPIRED_TOKEN", message: "the sign-in code expired before it was approved", ...shown };
    try {
      await ctx.transport.sleep(wait * 1000, signal);
    } catch {
      return { ok: false, code: ClientCode.CANCELLED, message: "sign-in was cancelled", ...shown };
    }
    waited += wait;
    wait = interval;
    let poll: Awaited<ReturnType<typeof ctx.transport.once>>;
    try {
      poll = await ctx.transport.once("POST", "/v1/device/token", { json: { device_code: code.deviceCode }, ...(signal ? { signal } : {}) });
    } catch {
      return { ok: false, code: ClientCode.CANCELLED, message: "sign-in was cancelled", ...shown };
    }
    if (poll.kind === "http" && poll.status === 200) {
      const grant = readGrant(poll.body);
      if (!grant?.licenseKey) return { ok: false, code: "UNEXPECTED_RESPONSE", message: "the approval carried no license key or token", ...shown };
      const loaded = await ctx.store.load();
      const stored = await storeGrant(ctx, loaded.kind === "ok" ? loaded.state : undefined, grant.licenseKey, grant, poll.serverDate);
      return {
        ok: true,
        code: "ACTIVATED",
        ...describe(grant.license, grant.activation),
        ...(stored.expiresAt ? { expiresAt: stored.expiresAt } : {}),
        ...(stored.warning ? { message: stored.warning } : {}),
        ...shown,
      };
    }
    const pollCode = answerCode(poll);
    if (pollCode === "AUTHORIZATION_PENDING") continue;
    if (pollCode === "SLOW_DOWN") {
      interval += SLOW_DOWN_STEP_SECONDS;
      wait = interval;
      continue;
    }
    if (isTransient(poll)) {
      // Keep polling through outages until the code expires; a Retry-After longer than
      // the interval is honoured.
      const retryAfter = poll.kind === "http" && poll.retryAfterMs !== undefined ? Math.ceil(poll.retryAfterMs / 1000) : 0;
      wait = Math.max(interval, retryAfter);
      continue;
    }
    // ACCESS_DENIED, EXPIRED_TOKEN and anything unexpected end the sign-in.
    return { ok: false, code: pollCode, message: answerMessage(poll), ...shown };
  }
}
