import { describe, expect, it } from "vitest";
import supportWorker from "../src/worker";

// The support console's dev sign-in stores a pasted token as the Access cookie: it must
// exist only in development on this machine (see test/reliability/dev-surfaces.test.ts
// for the API's dev surfaces). Type-checked in the console's own program
// (support/tsconfig.worker.json), so the env below is checked against its generated
// bindings.
describe("the support console's dev sign-in", () => {
  const supportEnv = (environment: string): SupportBindings => ({
    ENVIRONMENT: environment,
    ACCESS_TEAM_DOMAIN: "dev-access.localhost",
    ACCESS_AUD: "test-support-console",
    ASSETS: { fetch: async () => new Response("asset") } as unknown as Fetcher,
    API: { fetch: async () => new Response("api") } as unknown as Fetcher,
  });
  const devLogin = (origin: string, environment: string) =>
    supportWorker.fetch(
      new Request(`${origin}/dev-login`, { method: "POST", headers: { origin, "content-type": "application/x-www-form-urlencoded" }, body: "token=abc" }),
      supportEnv(environment),
    );

  it("exists on this machine in development", async () => {
    expect((await devLogin("http://127.0.0.1:8791", "development")).status).toBe(303);
  });

  it.each([
    ["https://support.chartgpt.example", "development"],
    ["https://support.chartgpt.example", "production"],
    ["http://127.0.0.1:8791", "production"],
  ])("does not exist at %s with ENVIRONMENT=%s (sign-in page instead)", async (origin, environment) => {
    expect((await devLogin(origin, environment)).status).toBe(401);
  });
});
