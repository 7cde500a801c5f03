import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../src/openapi/document";
import { DEV_ROUTES, ROUTES } from "../src/routes";

// The routes API.md promises (method, path); the document must describe each.
const CONTRACT: [string, string][] = [
  ["post", "/v1/licenses/activate"],
  ["post", "/v1/licenses/deactivate"],
  ["post", "/v1/licenses/validate"],
  ["get", "/.well-known/jwks.json"],
  ["post", "/v1/checkout/sessions"],
  ["post", "/v1/webhooks/stripe"],
  ["post", "/v1/auth/magic-link"],
  ["post", "/v1/auth/session"],
  ["post", "/v1/auth/logout"],
  ["get", "/v1/portal/account"],
  ["get", "/v1/portal/machines"],
  ["post", "/v1/portal/machines/{activation_id}/deactivate"],
  ["get", "/v1/portal/purchases"],
  ["get", "/v1/portal/events"],
  ["get", "/v1/portal/live"],
  ["post", "/v1/device/authorize"],
  ["post", "/v1/device/token"],
  ["get", "/v1/portal/devices/{user_code}"],
  ["post", "/v1/portal/devices/{user_code}/approve"],
  ["post", "/v1/portal/devices/{user_code}/deny"],
  ["get", "/v1/admin/accounts"],
  ["get", "/v1/admin/accounts/{account_id}"],
  ["get", "/v1/admin/events"],
  ["post", "/v1/admin/accounts/{account_id}/machines/{activation_id}/deactivate"],
  ["post", "/v1/admin/licenses/{license_id}/seats"],
  ["post", "/v1/admin/licenses/{license_id}/revoke"],
  ["post", "/v1/admin/licenses/{license_id}/restore"],
  ["get", "/v1/health"],
  ["get", "/dev/mailbox"],
  ["post", "/dev/licenses"],
];

describe("the OpenAPI document", () => {
  const doc = openApiDocument([...ROUTES, ...DEV_ROUTES], "https://api.example.com");

  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // The validator is not a rubber stamp.
    const broken = structuredClone(doc) as Record<string, any>;
    delete broken.info;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it("covers every route of the contract (API.md)", () => {
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    for (const [method, path] of CONTRACT) expect(paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
  });

  it("documents request bodies from the zod schemas, with their limits", () => {
    const activate = (doc.paths as any)["/v1/licenses/activate"].post;
    const schema = activate.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(["license_key", "fingerprint"]);
    expect(schema.properties.fingerprint).toMatchObject({ type: "string", minLength: 8, maxLength: 256 });
    expect(Object.keys(activate.responses)).toEqual(expect.arrayContaining(["201", "400", "403", "404", "409", "413", "429", "503"]));
  });
});
