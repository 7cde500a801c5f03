/**
 * A state-changing support route, defined once like any route but with what every
 * staff action shares built in: POST, Access (and the origin check) before anything
 * else, the body — which always carries the staff member's `reason` — parsed, and the
 * actor that audits it. Handlers start from what they change.
 */
import type { z } from "zod";
import type { Staff } from "../../admin/access";
import type { Actor } from "../../core/views";
import type { ErrorCode } from "../../errors/codes";
import { defineRoute, type Raw, type Reply, type ResponseSpec, type Route, type RouteCall } from "../../http/route";
import { staffOf, supportActor } from "./shared";

export interface StaffActionCall<B extends z.ZodType> extends RouteCall<B, undefined> {
  staff: Staff;
  /** `{ type: "support", id: <staff email> }`, for the audit trail. */
  actor: Actor;
  input: z.output<B>;
}

interface StaffActionMeta<B extends z.ZodType, R extends Record<number, ResponseSpec>> {
  path: string;
  summary: string;
  description?: string;
  body: B;
  responses: R;
  /** Besides INVALID_REQUEST, UNAUTHORIZED, FORBIDDEN and UNAVAILABLE, which every action can answer. */
  errors: readonly ErrorCode[];
}

const EVERY_ACTION: readonly ErrorCode[] = ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "PAYLOAD_TOO_LARGE", "UNAVAILABLE"];

export function staffAction<B extends z.ZodType, R extends Record<number, ResponseSpec>>(meta: StaffActionMeta<B, R>) {
  return {
    handle(handler: (call: StaffActionCall<B>) => Promise<Reply<R> | Raw>): Route {
      return defineRoute<B, undefined, R>({ ...meta, method: "POST", tag: "Support", auth: "access", errors: [...EVERY_ACTION, ...meta.errors] }).handle(
        async (call) => {
          const staff = await staffOf(call);
          return handler({ ...call, staff, actor: supportActor(staff), input: await call.body() });
        },
      );
    },
  };
}
