import type { Env } from "../env";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { clientIp } from "../http/respond";
import { Throttle, type ThrottleRule } from "./throttle";

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
  const result = await throttleFor(rc.env.KV).hit(rule, (p) => rc.ctx.waitUntil(p));
  if (result.limited) {
    throw new ApiError("RATE_LIMITED", { headers: { "retry-after": String(result.retryAfterSeconds) } });
  }
}

export function ipRule(env: Env, request: Request): ThrottleRule {
  return { scope: "ip", subject: clientIp(request), limit: perMinute(env.THROTTLE_IP_PER_MINUTE, 600), windowSeconds: 60 };
}

/** Keyed by a prefix of the key's hash: the key itself never appears in KV. */
export function licenseRule(env: Env, keyHash: string): ThrottleRule {
  return { scope: "license", subject: keyHash.slice(0, 32), limit: perMinute(env.THROTTLE_LICENSE_PER_MINUTE, 120), windowSeconds: 60 };
}
