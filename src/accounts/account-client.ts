/**
 * Calls into Durable Objects (account objects, payment indexes). Expected outcomes come
 * back as data; an exception means the object could not run the call (overloaded,
 * reset, storage failure). Its transaction rolled back, so the answer is a clear 503 and
 * nothing half-applied.
 */
import type { PaymentIndexRpc } from "../../durable-objects/payment-index-object";
import type { AccountRpc } from "../../durable-objects/types";
import type { Env } from "../core/env";
import { ApiError } from "../errors/api-error";

type Rpc = Record<string, (input: any) => unknown>;
type Input<R extends Rpc, M extends keyof R> = Parameters<R[M]>[0];
type Output<R extends Rpc, M extends keyof R> = ReturnType<R[M]>;

interface DurableObjectError {
  retryable?: boolean;
  overloaded?: boolean;
}

interface CallOptions {
  /** Safe to repeat if the runtime says the call may not have run. */
  idempotent: boolean;
  requestId: string;
}

const RETRY_DELAYS_MS = [25, 100];

async function invoke<R extends Rpc, M extends keyof R & string>(
  namespace: { getByName(name: string): unknown },
  name: string,
  method: M,
  input: Input<R, M>,
  options: CallOptions,
): Promise<Output<R, M>> {
  for (let attempt = 0; ; attempt++) {
    // A stub that has thrown may be broken: every attempt gets a fresh one.
    const stub = namespace.getByName(name) as unknown as Record<M, (input: Input<R, M>) => Promise<Output<R, M>>>;
    try {
      return await stub[method](input);
    } catch (err) {
      const e = (err ?? {}) as DurableObjectError;
      // An overloaded object must not be retried: that only adds to the load.
      if (e.overloaded) throw unavailable(err, method, options.requestId, "overloaded");
      if (e.retryable && options.idempotent && attempt < RETRY_DELAYS_MS.length) {
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
        continue;
      }
      throw unavailable(err, method, options.requestId, e.retryable ? "retryable" : "failed");
    }
  }
}

type AccountMethods = { [K in keyof AccountRpc]: AccountRpc[K] };
type PaymentMethods = { [K in keyof PaymentIndexRpc]: PaymentIndexRpc[K] };

export function callAccount<M extends keyof AccountMethods & string>(
  env: Pick<Env, "ACCOUNT">,
  accountId: string,
  method: M,
  input: Input<AccountMethods, M>,
  options: CallOptions,
): Promise<Output<AccountMethods, M>> {
  return invoke<AccountMethods, M>(env.ACCOUNT, accountId, method, input, options);
}

export function callPaymentIndex<M extends keyof PaymentMethods & string>(
  env: Pick<Env, "PAYMENTS">,
  paymentIntentId: string,
  method: M,
  input: Input<PaymentMethods, M>,
  options: CallOptions,
): Promise<Output<PaymentMethods, M>> {
  return invoke<PaymentMethods, M>(env.PAYMENTS, paymentIntentId, method, input, options);
}

function unavailable(err: unknown, method: string, requestId: string, kind: string): ApiError {
  console.error(JSON.stringify({
    level: "error",
    event: "durable_object_call_failed",
    method,
    kind,
    request_id: requestId,
    message: err instanceof Error ? err.message : String(err),
  }));
  return new ApiError("UNAVAILABLE", { headers: { "retry-after": "1" } });
}
