/**
 * Calls into an account object. Expected outcomes come back as data; an exception here
 * means the object could not run the call (overloaded, reset, storage failure). Its
 * transaction rolled back, so the answer is a clear 503 and nothing half-applied.
 */
import type { AccountRpc } from "../../durable-objects/types";
import type { Env } from "../env";
import { ApiError } from "../errors/api-error";

type Method = Exclude<keyof AccountRpc, "snapshot">;
type Input<M extends Method> = Parameters<AccountRpc[M]>[0];
type Output<M extends Method> = ReturnType<AccountRpc[M]>;

interface DurableObjectError {
  retryable?: boolean;
  overloaded?: boolean;
}

const RETRY_DELAYS_MS = [25, 100];

export async function callAccount<M extends Method>(
  env: Pick<Env, "ACCOUNT">,
  accountId: string,
  method: M,
  input: Input<M>,
  options: { idempotent: boolean; requestId: string },
): Promise<Output<M>> {
  for (let attempt = 0; ; attempt++) {
    // A stub that has thrown may be broken: every attempt gets a fresh one.
    const stub = env.ACCOUNT.getByName(accountId);
    try {
      const rpc = stub as unknown as Record<M, (input: Input<M>) => Promise<Output<M>>>;
      return await rpc[method](input);
    } catch (err) {
      const e = (err ?? {}) as DurableObjectError;
      // An overloaded object must not be retried: that only adds to the load.
      if (e.overloaded) throw unavailable(err, options.requestId, "overloaded");
      if (e.retryable && options.idempotent && attempt < RETRY_DELAYS_MS.length) {
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
        continue;
      }
      throw unavailable(err, options.requestId, e.retryable ? "retryable" : "failed");
    }
  }
}

function unavailable(err: unknown, requestId: string, kind: string): ApiError {
  console.error(JSON.stringify({
    level: "error",
    event: "account_object_call_failed",
    kind,
    request_id: requestId,
    message: err instanceof Error ? err.message : String(err),
  }));
  return new ApiError("UNAVAILABLE", { headers: { "retry-after": "1" } });
}
