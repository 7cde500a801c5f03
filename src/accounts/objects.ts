/**
 * Calls into Durable Objects, typed by the object classes themselves:
 * `accountObject(rc, id, "retry").activate(input)`. Expected outcomes come back as data;
 * an exception means the object could not run the call (overloaded, reset, storage
 * failure). Its transaction rolled back, so the answer is a clear 503 and nothing is
 * half-applied. A call that is safe to repeat is retried on a fresh stub when the
 * runtime says it may not have run.
 */
import type { AccountObject } from "../../durable-objects/account-object";
import type { DeviceAuthorizationObject } from "../../durable-objects/device-authorization-object";
import type { PaymentIndexObject } from "../../durable-objects/payment-index-object";
import type { Env } from "../core/env";
import type { LocationHint } from "../core/location-hint";
import { log } from "../core/log";
import { ApiError } from "../errors/api-error";

/** "retry": safe to repeat if the runtime says the call may not have run; "once": not. */
export type CallPolicy = "retry" | "once";

export interface Caller {
  env: Pick<Env, "ACCOUNT" | "PAYMENTS">;
  requestId: string;
}

type Lifecycle = "fetch" | "alarm" | "webSocketMessage" | "webSocketClose" | "webSocketError";
type Method = (...args: never[]) => unknown;

/** The object's own methods, each returning a promise of what the method returns. */
export type ObjectCalls<O> = {
  [K in Exclude<keyof O, Lifecycle> as O[K] extends Method ? K : never]: O[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

interface DurableObjectError {
  retryable?: boolean;
  overloaded?: boolean;
}

const RETRY_DELAYS_MS = [25, 100];

/** Where to create the object if this call is the first to reach it (see core/location-hint.ts). */
export interface Placement {
  locationHint?: LocationHint | undefined;
}

function calls<O>(
  namespace: { getByName(name: string, options?: DurableObjectNamespaceGetDurableObjectOptions): unknown },
  name: string,
  policy: CallPolicy,
  requestId: string,
  placement: Placement = {},
): ObjectCalls<O> {
  const options = placement.locationHint ? { locationHint: placement.locationHint } : undefined;
  return new Proxy({} as ObjectCalls<O>, {
    get: (_target, method) => {
      // Not a thenable, nor anything else a caller might probe for: only named calls.
      if (typeof method === "symbol" || method === "then") return undefined;
      return async (...args: unknown[]) => {
        for (let attempt = 0; ; attempt++) {
          // A stub that has thrown may be broken: every attempt gets a fresh one.
          const stub = namespace.getByName(name, options) as Record<string | symbol, (...a: unknown[]) => Promise<unknown>>;
          try {
            return await stub[method]!(...args);
          } catch (err) {
            const e = (err ?? {}) as DurableObjectError;
            // An overloaded object must not be retried: that only adds to the load.
            if (e.overloaded) throw unavailable(err, String(method), requestId, "overloaded");
            if (e.retryable && policy === "retry" && attempt < RETRY_DELAYS_MS.length) {
              await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
              continue;
            }
            throw unavailable(err, String(method), requestId, e.retryable ? "retryable" : "failed");
          }
        }
      };
    },
  });
}

export function accountObject(caller: Caller, accountId: string, policy: CallPolicy, placement?: Placement): ObjectCalls<AccountObject> {
  return calls<AccountObject>(caller.env.ACCOUNT, accountId, policy, caller.requestId, placement);
}

export function paymentIndex(caller: Caller, paymentIntentId: string, policy: CallPolicy): ObjectCalls<PaymentIndexObject> {
  return calls<PaymentIndexObject>(caller.env.PAYMENTS, paymentIntentId, policy, caller.requestId);
}

/** The pending desktop sign-in a user code names (its canonical 8 letters). */
export function deviceAuthorization(
  caller: { env: Pick<Env, "DEVICES">; requestId: string },
  userCode: string,
  policy: CallPolicy,
): ObjectCalls<DeviceAuthorizationObject> {
  return calls<DeviceAuthorizationObject>(caller.env.DEVICES, userCode, policy, caller.requestId);
}

function unavailable(err: unknown, method: string, requestId: string, kind: string): ApiError {
  log.error("durable_object_call_failed", { request_id: requestId, method, kind, error: err });
  return new ApiError("UNAVAILABLE", { headers: { "retry-after": "1" }, cause: err });
}
