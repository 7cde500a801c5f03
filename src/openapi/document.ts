/**
 * The OpenAPI 3.1 document of the API, generated from the route definitions themselves
 * (src/routes/index.ts: paths, request and response schemas, error codes), so the
 * reference cannot drift from the code. Served at GET /openapi.json and rendered into
 * the docs at build time.
 */
import { z } from "zod";
import { DEFAULT_MESSAGES, ERROR_STATUS } from "../errors/codes";
import type { Auth, Route } from "../http/route";
import * as R from "../schemas/responses";
import { VERSION } from "../version";

const toSchema = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const SECURITY: Record<Auth, Record<string, string[]>[]> = {
  none: [],
  // The license key travels in the request body; there is no scheme to declare.
  license: [],
  session: [{ session: [] }],
  access: [{ cloudflareAccess: [] }],
  stripe: [{ stripeSignature: [] }],
  bearer: [{ licenseToken: [] }],
};

/** `/v1/portal/machines/:activation_id/deactivate` → `/v1/portal/machines/{activation_id}/deactivate`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");

function parameters(route: Route) {
  const params: Record<string, unknown>[] = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  if (route.query) {
    const json = toSchema(route.query, "input") as { properties?: Record<string, object>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {}))
      params.push({ name, in: "query", required: json.required?.includes(name) ?? false, schema });
  }
  return params;
}

export function openApiDocument(routes: readonly Route[], serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = {
        description: spec.description,
        ...(spec.schema ? { content: { "application/json": { schema: toSchema(spec.schema, "output") } } } : {}),
      };
    }
    for (const code of route.errors) {
      const status = String(ERROR_STATUS[code]);
      const existing = responses[status] as { description: string } | undefined;
      responses[status] = {
        description: existing ? `${existing.description} / ${code}` : `${code}: ${DEFAULT_MESSAGES[code]}`,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    const path = openApiPath(route.path);
    const method = route.method.toLowerCase();
    paths[path] ??= {};
    paths[path]![method] = {
      operationId: `${method}_${path.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "")}`,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      security: SECURITY[route.auth],
      parameters: parameters(route),
      ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(route.body, "input") } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "ChartGPT licensing API",
      version: VERSION,
      description:
        "Desktop licensing, checkout, customer portal and support APIs. Every error uses one envelope with a stable `code`; every response carries `X-Request-Id`.",
    },
    servers: [{ url: serverUrl }],
    tags: ["Desktop", "Desktop sync", "Checkout", "Portal auth", "Portal", "Support", "Service", "Development"].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: toSchema(R.ErrorEnvelope, "output") },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "__Host-session", description: "Portal session cookie (`session` in local development)." },
        cloudflareAccess: { type: "apiKey", in: "header", name: "Cf-Access-Jwt-Assertion", description: "Cloudflare Access JWT (RS256)." },
        stripeSignature: { type: "apiKey", in: "header", name: "Stripe-Signature", description: "Stripe webhook signature over the raw body." },
        licenseToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "The machine's current license token (EdDSA JWS)." },
      },
    },
  };
}
