/**
 * The OpenAPI 3.1 document of the API, generated from the zod schemas the handlers use
 * (requests) and src/schemas/responses.ts (answers), so the reference cannot drift from
 * the code. Served at GET /openapi.json and rendered into the docs at build time.
 */
import { z } from "zod";
import { VERSION } from "../version";
import { ERROR_STATUS, DEFAULT_MESSAGES, type ErrorCode } from "../errors/codes";
import { AccountSearchQuery, AdminEventsQuery, ReasonBody, SeatsBody } from "../schemas/admin";
import { CheckoutRequest } from "../schemas/checkout";
import { ActivateRequest, DeactivateRequest, ValidateRequest } from "../schemas/desktop";
import { DevLicenseRequest } from "../schemas/dev";
import { EventsQuery, MagicLinkRequest, SessionRequest } from "../schemas/portal";
import * as R from "../schemas/responses";

type Auth = "none" | "session" | "access" | "stripe";

interface Operation {
  method: "get" | "post";
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  body?: z.ZodType;
  query?: z.ZodType;
  ok: { status: number; schema?: z.ZodType; description: string };
  errors: ErrorCode[];
}

const ops: Operation[] = [
  { method: "get", path: "/v1/health", tag: "Service", summary: "Health check", auth: "none", ok: { status: 200, schema: R.Health, description: "The Worker answers." }, errors: [] },
  { method: "get", path: "/.well-known/jwks.json", tag: "Desktop", summary: "Public keys of license tokens", description: "Ed25519 public keys (JWK) that sign license tokens; current first, retired ones still listed during rotation. Cacheable.", auth: "none", ok: { status: 200, schema: R.Jwks, description: "JWK set." }, errors: [] },
  { method: "post", path: "/v1/licenses/activate", tag: "Desktop", summary: "Activate a machine", description: "201 for a new seat; 200 when this fingerprint already holds one (same activation, no extra seat). However many arrive at once, active machines never exceed seats.", auth: "none", body: ActivateRequest, ok: { status: 201, schema: R.ActivateResponse, description: "Activated (200 with the same body when already active)." }, errors: ["INVALID_REQUEST", "LICENSE_NOT_FOUND", "SEAT_LIMIT_REACHED", "LICENSE_SUSPENDED", "LICENSE_REVOKED", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE"] },
  { method: "post", path: "/v1/licenses/deactivate", tag: "Desktop", summary: "Deactivate a machine", description: "Frees the seat at once.", auth: "none", body: DeactivateRequest, ok: { status: 200, schema: R.DeactivateResponse, description: "Deactivated." }, errors: ["INVALID_REQUEST", "LICENSE_NOT_FOUND", "ACTIVATION_NOT_FOUND", "RATE_LIMITED", "UNAVAILABLE"] },
  { method: "post", path: "/v1/licenses/validate", tag: "Desktop", summary: "Validate a license on this machine", description: "Always 200 for a well-formed request: the outcome is `code`. A fresh token comes with every valid answer.", auth: "none", body: ValidateRequest, ok: { status: 200, schema: R.ValidateResponse, description: "The outcome." }, errors: ["INVALID_REQUEST", "RATE_LIMITED", "UNAVAILABLE"] },
  { method: "post", path: "/v1/checkout/sessions", tag: "Checkout", summary: "Start a purchase", description: "Returns where to send the buyer: Stripe Checkout, or the local dev checkout when no Stripe key is configured. With a portal session cookie, the purchase is for that account.", auth: "none", body: CheckoutRequest, ok: { status: 201, schema: R.CheckoutSession, description: "Checkout started." }, errors: ["INVALID_REQUEST", "RATE_LIMITED", "UNAVAILABLE"] },
  { method: "post", path: "/v1/webhooks/stripe", tag: "Checkout", summary: "Stripe webhook", description: "Raw Stripe event with `Stripe-Signature`. 2xx only after the effect is committed; each event id applies once, in any order. A checkout session grants seats only for a catalog product (`metadata.product`) and, with a Stripe key, line items (fetched from Stripe) holding the configured price in the key's mode; any other session answers 200 `ignored` with the reason and is audited `purchase.ignored`. A Stripe failure while fetching line items is a 503 (Stripe retries).", auth: "stripe", ok: { status: 200, schema: R.WebhookAnswer, description: "Received (applied, duplicate, parked or ignored)." }, errors: ["SIGNATURE_INVALID", "INVALID_REQUEST", "PAYLOAD_TOO_LARGE", "UNAVAILABLE"] },
  { method: "post", path: "/v1/auth/magic-link", tag: "Portal auth", summary: "Email a sign-in link", description: "Always 202 with the same body, whether or not the email has an account.", auth: "none", body: MagicLinkRequest, ok: { status: 202, schema: R.Ok, description: "Accepted." }, errors: ["INVALID_REQUEST", "FORBIDDEN", "RATE_LIMITED"] },
  { method: "post", path: "/v1/auth/session", tag: "Portal auth", summary: "Sign in with a link's token", description: "Consumes the one-time token and sets the session cookie.", auth: "none", body: SessionRequest, ok: { status: 200, schema: R.SessionStarted, description: "Signed in; Set-Cookie carries the session." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "RATE_LIMITED", "UNAVAILABLE"] },
  { method: "post", path: "/v1/auth/logout", tag: "Portal auth", summary: "Sign out", description: "The session is dead on the server at once.", auth: "session", ok: { status: 204, description: "Signed out." }, errors: ["FORBIDDEN"] },
  { method: "get", path: "/v1/portal/account", tag: "Portal", summary: "The signed-in account", auth: "session", ok: { status: 200, schema: R.PortalAccount, description: "Account and licenses (with the full key)." }, errors: ["UNAUTHORIZED", "UNAVAILABLE"] },
  { method: "get", path: "/v1/portal/machines", tag: "Portal", summary: "Active machines", auth: "session", ok: { status: 200, schema: R.PortalMachines, description: "Active activations." }, errors: ["UNAUTHORIZED", "UNAVAILABLE"] },
  { method: "post", path: "/v1/portal/machines/{activation_id}/deactivate", tag: "Portal", summary: "Deactivate one of your machines", auth: "session", ok: { status: 200, schema: R.PortalDeactivated, description: "Deactivated." }, errors: ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "UNAVAILABLE"] },
  { method: "get", path: "/v1/portal/purchases", tag: "Portal", summary: "Purchases", auth: "session", ok: { status: 200, schema: R.PortalPurchases, description: "Purchases, newest first." }, errors: ["UNAUTHORIZED", "UNAVAILABLE"] },
  { method: "get", path: "/v1/portal/events", tag: "Portal", summary: "Your account's activity", auth: "session", query: EventsQuery, ok: { status: 200, schema: R.AuditPage, description: "Audit events, newest first." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "UNAVAILABLE"] },
  { method: "get", path: "/v1/portal/live", tag: "Portal", summary: "Live license and machines (WebSocket)", description: "Upgrade to a WebSocket; messages are `{ type: \"license\", license, machines }`, sent at connect and after every change. Send `ping` to get `{ type: \"pong\" }`.", auth: "session", ok: { status: 101, description: "Switching protocols." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN"] },
  { method: "get", path: "/v1/admin/me", tag: "Support", summary: "The signed-in staff member", auth: "access", ok: { status: 200, schema: R.AdminMe, description: "Staff identity." }, errors: ["UNAUTHORIZED"] },
  { method: "get", path: "/v1/admin/accounts", tag: "Support", summary: "Find accounts by email prefix or license key", auth: "access", query: AccountSearchQuery, ok: { status: 200, schema: R.AdminAccounts, description: "Matching accounts." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "UNAVAILABLE"] },
  { method: "get", path: "/v1/admin/accounts/{account_id}", tag: "Support", summary: "Account detail", auth: "access", ok: { status: 200, schema: R.AdminAccountDetail, description: "Account, licenses, machines, purchases, and outbox rows D1 refused for good (`parked_outbox`)." }, errors: ["UNAUTHORIZED", "NOT_FOUND", "UNAVAILABLE"] },
  { method: "get", path: "/v1/admin/events", tag: "Support", summary: "Audit events across accounts", auth: "access", query: AdminEventsQuery, ok: { status: 200, schema: R.AuditPage, description: "Newest first, cursor pagination." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "UNAVAILABLE"] },
  { method: "post", path: "/v1/admin/accounts/{account_id}/machines/{activation_id}/deactivate", tag: "Support", summary: "Deactivate a machine", auth: "access", body: ReasonBody, ok: { status: 200, schema: R.PortalDeactivated, description: "Deactivated." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "NOT_FOUND", "UNAVAILABLE"] },
  { method: "post", path: "/v1/admin/accounts/{account_id}/sign-in-link", tag: "Support", summary: "Send a portal sign-in link", auth: "access", body: ReasonBody, ok: { status: 200, schema: R.AdminSent, description: "Sent." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "NOT_FOUND", "UNAVAILABLE"] },
  { method: "post", path: "/v1/admin/licenses/{license_id}/seats", tag: "Support", summary: "Set seats", description: "Machines over the new limit are deactivated, newest first.", auth: "access", body: SeatsBody, ok: { status: 200, schema: R.AdminLicenseChange, description: "Changed." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "LICENSE_NOT_FOUND", "UNAVAILABLE"] },
  { method: "post", path: "/v1/admin/licenses/{license_id}/revoke", tag: "Support", summary: "Revoke a license", auth: "access", body: ReasonBody, ok: { status: 200, schema: R.AdminLicenseChange, description: "Revoked." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "LICENSE_NOT_FOUND", "UNAVAILABLE"] },
  { method: "post", path: "/v1/admin/licenses/{license_id}/restore", tag: "Support", summary: "Restore a license", auth: "access", body: ReasonBody, ok: { status: 200, schema: R.AdminLicenseChange, description: "Restored." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "LICENSE_NOT_FOUND", "UNAVAILABLE"] },
  { method: "post", path: "/v1/admin/licenses/{license_id}/resend-key", tag: "Support", summary: "Resend the license email", auth: "access", body: ReasonBody, ok: { status: 200, schema: R.AdminSent, description: "Sent." }, errors: ["INVALID_REQUEST", "UNAUTHORIZED", "LICENSE_NOT_FOUND", "UNAVAILABLE"] },
  { method: "post", path: "/dev/licenses", tag: "Development", summary: "Grant a license (development only)", auth: "none", body: DevLicenseRequest, ok: { status: 201, schema: R.DevLicense, description: "Granted." }, errors: ["INVALID_REQUEST", "NOT_FOUND"] },
  { method: "get", path: "/dev/mailbox", tag: "Development", summary: "Every email sent (development only)", auth: "none", ok: { status: 200, schema: R.Mailbox, description: "Newest first." }, errors: ["NOT_FOUND"] },
  { method: "get", path: "/dev/checkout/{id}", tag: "Development", summary: "Dev checkout page (HTML)", auth: "none", ok: { status: 200, description: "HTML page." }, errors: ["NOT_FOUND"] },
  { method: "post", path: "/dev/checkout/{id}/confirm", tag: "Development", summary: "Confirm a dev checkout (form post)", auth: "none", ok: { status: 303, description: "Redirect to the success page." }, errors: ["NOT_FOUND"] },
  { method: "get", path: "/dev/checkout/{id}/success", tag: "Development", summary: "Dev checkout success page (HTML)", auth: "none", ok: { status: 200, description: "HTML page." }, errors: ["NOT_FOUND"] },
  { method: "get", path: "/dev/access/certs", tag: "Development", summary: "Dev Access issuer keys (development only)", auth: "none", ok: { status: 200, description: "JWK set." }, errors: ["NOT_FOUND"] },
  { method: "get", path: "/openapi.json", tag: "Service", summary: "This document", auth: "none", ok: { status: 200, description: "OpenAPI 3.1." }, errors: [] },
];

export const OPERATIONS: readonly Operation[] = ops;

const toSchema = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const SECURITY: Record<Auth, Record<string, string[]>[] | undefined> = {
  none: [],
  session: [{ session: [] }],
  access: [{ cloudflareAccess: [] }],
  stripe: [{ stripeSignature: [] }],
};

function parameters(op: Operation) {
  const params: Record<string, unknown>[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  if (op.query) {
    const json = toSchema(op.query, "input") as { properties?: Record<string, object>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) params.push({ name, in: "query", required: json.required?.includes(name) ?? false, schema });
  }
  return params;
}

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const responses: Record<string, unknown> = {
      [String(op.ok.status)]: {
        description: op.ok.description,
        ...(op.ok.schema ? { content: { "application/json": { schema: toSchema(op.ok.schema, "output") } } } : {}),
      },
    };
    for (const code of op.errors) {
      const status = String(ERROR_STATUS[code]);
      const existing = responses[status] as { description: string } | undefined;
      responses[status] = {
        description: existing ? `${existing.description} / ${code}` : `${code}: ${DEFAULT_MESSAGES[code]}`,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: `${op.method}_${op.path.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "")}`,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      security: SECURITY[op.auth],
      parameters: parameters(op),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(op.body, "input") } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "ChartGPT licensing API",
      version: VERSION,
      description: "Desktop licensing, checkout, customer portal and support APIs. Every error uses one envelope with a stable `code`; every response carries `X-Request-Id`.",
    },
    servers: [{ url: serverUrl }],
    tags: ["Desktop", "Checkout", "Portal auth", "Portal", "Support", "Service", "Development"].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: toSchema(R.ErrorEnvelope, "output") },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "__Host-session", description: "Portal session cookie (`session` in local development)." },
        cloudflareAccess: { type: "apiKey", in: "header", name: "Cf-Access-Jwt-Assertion", description: "Cloudflare Access JWT (RS256)." },
        stripeSignature: { type: "apiKey", in: "header", name: "Stripe-Signature", description: "Stripe webhook signature over the raw body." },
      },
    },
  };
}
