import { handleRequest } from "./app";
import type { Env } from "./core/env";

export { AccountObject } from "../durable-objects/account-object";
export { PaymentIndexObject } from "../durable-objects/payment-index-object";
export { DeviceAuthorizationObject } from "../durable-objects/device-authorization-object";

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    return handleRequest(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
