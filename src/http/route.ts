/**
 * One definition per route: method, path, who may call it, the request's schemas, the
 * response schema of each status, the error codes it can answer with, and the handler.
 * The router (src/app.ts), the OpenAPI document (src/openapi/document.ts) and the tests'
 * contract checks are all built from the same list (src/routes/index.ts), so none of
 * them can drift from the others.
 *
 * Handlers read the body and query through `call.body()` / `call.query()`, parsed with
 * the route's own schemas, when they choose (a throttle may come first), and answer
 * with `{ status, body }` typed by the route's response schema for that status — or
 * `{ raw: response }` where JSON is not the answer (a WebSocket, a page, a redirect).
 */
import type { z } from "zod";
import type { ErrorCode } from "../errors/codes";
import type { RequestContext } from "./context";
import { readJsonBody } from "./json-body";
import { parseQuery } from "./query";
import { json } from "./respond";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** Who may call: a license key in the body, a portal session, a Cloudflare Access JWT, Stripe's signature, a license token, or anyone. */
export type Auth = "none" | "license" | "session" | "access" | "stripe" | "bearer";

export interface ResponseSpec {
  description: string;
  /** The JSON body; absent for answers that are not JSON (101, 204, 303, HTML). */
  schema?: z.ZodType;
}

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : never;

export interface RouteCall<B extends Schema, Q extends Schema> {
  request: Request;
  rc: RequestContext;
  params: Record<string, string>;
  body(): Promise<Parsed<B>>;
  query(): Parsed<Q>;
}

/** A JSON answer: a status the route declares, with a body of that status's schema. */
export type Reply<R extends Record<number, ResponseSpec>> = {
  [S in keyof R & number]: R[S]["schema"] extends z.ZodType ? { status: S; body: z.input<R[S]["schema"]>; headers?: Record<string, string> } : never;
}[keyof R & number];

/** What a route is, besides its handler: everything the router and the document need. */
export interface RouteMeta<B extends Schema, Q extends Schema, R extends Record<number, ResponseSpec>> {
  method: Method;
  /** itty-router pattern: `/v1/portal/machines/:activation_id/deactivate`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  body?: B;
  /** The body's cap when it is not the API's 64 KiB (a sync write carries up to 64 KiB of data plus its envelope). */
  maxBodyBytes?: number;
  query?: Q;
  responses: R;
  errors: readonly ErrorCode[];
}

export type Handler<B extends Schema, Q extends Schema, R extends Record<number, ResponseSpec>> = (
  call: RouteCall<B, Q>,
) => Promise<Reply<R> | Raw> | Reply<R> | Raw;

/** An answer that is not JSON (a WebSocket, a page, a redirect, 204), passed through as it is. */
export interface Raw {
  raw: Response;
}

/** A route with its types erased, as the router and the document see it. */
export interface Route extends RouteMeta<Schema, Schema, Record<number, ResponseSpec>> {
  handle: Handler<Schema, Schema, Record<number, ResponseSpec>>;
}

/**
 * `defineRoute({ …meta }).handle(async (call) => …)`: in two steps, so that the
 * response schemas are known before the handler is checked against them (TypeScript
 * would otherwise widen `status: 201` to `number` while still inferring them).
 */
export function defineRoute<B extends Schema = undefined, Q extends Schema = undefined, R extends Record<number, ResponseSpec> = Record<number, ResponseSpec>>(
  meta: RouteMeta<B, Q, R>,
): { handle(handler: Handler<B, Q, R>): Route } {
  return { handle: (handler) => ({ ...meta, handle: handler }) as unknown as Route };
}

/** Runs a route's handler for a request the router matched. */
export async function runRoute(route: Route, request: Request, rc: RequestContext): Promise<Response> {
  const params = (request as Request & { params?: Record<string, string> }).params ?? {};
  const call: RouteCall<Schema, Schema> = {
    request,
    rc,
    params,
    body: async () => (route.body ? readJsonBody(request, route.body, route.maxBodyBytes) : undefined) as never,
    query: () => (route.query ? parseQuery(request, route.query) : undefined) as never,
  };
  const result = (await route.handle(call)) as Raw | { status: number; body: unknown; headers?: Record<string, string> };
  if ("raw" in result) return result.raw;
  return json(result.body, result.status, result.headers);
}
