import type { Env } from "../core/env";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { clientIp } from "../http/respond";
import { newEventId } from "../core/ids";
import { log } from "../core/log";
import { Throttle, type ThrottleResult, type ThrottleRule } from "./throttle";

// Counters live per isolate; one Throttle per KV binding keeps them across requests.
const throttles = new WeakMap<KVNamespace, Throttle>();

function throttleFor(kv: KVNamespace): Throttle {
  let t = throttles.get(kv);
  if (!t) {
    t = new Throttle(kv);
    throttles.set(kv, t);
  }
  return t;
}

function perMinute(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export async function enforce(rc: RequestContext, rule: ThrottleRule): Promise<void> {
  refuseIfLimited(rc, rule, await throttleFor(rc.env.KV).hit(rule, (p) => rc.ctx.waitUntil(p)));
}

/** For limits that count failures only: refuses once the rule is used up, counting nothing (see Throttle.peek). */
export async function enforceBeforeAttempt(rc: RequestContext, rule: ThrottleRule): Promise<void> {
  refuseIfLimited(rc, rule, await throttleFor(rc.env.KV).peek(rule));
}

/** Counts one failure against the rule (the next attempt's enforceBeforeAttempt refuses once it is used up). */
export async function countFailure(rc: RequestContext, rule: ThrottleRule): Promise<void> {
  await throttleFor(rc.env.KV).hit(rule, (p) => rc.ctx.waitUntil(p));
}

function refuseIfLimited(rc: RequestContext, rule: ThrottleRule, result: ThrottleResult): void {
  if (result.limited) {
    if (result.first) rc.ctx.waitUntil(recordRateLimited(rc, rule));
    throw new ApiError("RATE_LIMITED", { headers: { "retry-after": String(result.retryAfterSeconds) } });
  }
}

/**
 * Guessing (license keys, sign-in tokens) shows up in the audit trail: one
 * `security.rate_limited` event when a subject first crosses its limit in a window.
 * Written straight to D1 (it belongs to no account), best effort.
 */
async function recordRateLimited(rc: RequestContext, rule: ThrottleRule): Promise<void> {
  const now = Date.now();
  try {
    await rc.env.DB.prepare(
      "INSERT INTO audit_events (id, account_id, at, actor_type, actor_id, action, target_type, target_id, data, request_id) VALUES (?, NULL, ?, 'system', 'throttle', 'security.rate_limited', ?, ?, ?, ?)",
    )
      .bind(
        newEventId(now),
        new Date(now).toISOString(),
        rule.scope,
        rule.subject,
        JSON.stringify({ limit: rule.limit, window_seconds: rule.windowSeconds }),
        rc.requestId,
      )
      .run();
  } catch (err) {
    log.warn("rate_limit_audit_failed", { request_id: rc.requestId, error: err });
  }
}

export function ipRule(env: Env, request: Request): ThrottleRule {
  return { scope: "ip", subject: clientIp(request), limit: perMinute(env.THROTTLE_IP_PER_MINUTE, 600), windowSeconds: 60 };
}

/** Keyed by a prefix of the key's hash: the key itself never appears in KV. */
export function licenseRule(env: Env, keyHash: string): ThrottleRule {
  return { scope: "license", subject: keyHash.slice(0, 32), limit: perMinute(env.THROTTLE_LICENSE_PER_MINUTE, 120), windowSeconds: 60 };
}

/**
 * Desktop sign-in (API.md): starting one is throttled per address — each start holds an
 * object for ten minutes — and entering a wrong code in the portal per address and per
 * session, 10 in 15 minutes, so guessing someone's live code is not practical (see
 * src/core/user-code.ts). Fixed values: they are part of the security argument.
 */
const DEVICE_WINDOW_SECONDS = 15 * 60;

export function deviceAuthorizeRule(request: Request): ThrottleRule {
  return { scope: "device-authorize", subject: clientIp(request), limit: 30, windowSeconds: DEVICE_WINDOW_SECONDS };
}

export function wrongUserCodeRules(request: Request, sessionHash: string): ThrottleRule[] {
  return [
    { scope: "device-code-ip", subject: clientIp(request), limit: 10, windowSeconds: DEVICE_WINDOW_SECONDS },
    { scope: "device-code-session", subject: sessionHash.slice(0, 32), limit: 10, windowSeconds: DEVICE_WINDOW_SECONDS },
  ];
}
