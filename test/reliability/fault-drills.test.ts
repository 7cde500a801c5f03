import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createLocalJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { activate, BASE, fingerprintFor, grantLicense, request } from "../helpers/api";
import { accountStub } from "../helpers/account";
import { withFailureSwitch } from "../helpers/faults";
import { asCustomer, signedIn } from "../helpers/portal";
import { staffToken } from "../helpers/staff";

async function call(path: string, init: RequestInit, overrides: Partial<Cloudflare.Env>) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(BASE + path, init), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => null)) as any };
}

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("D1 down", () => {
  const d1 = withFailureSwitch(env.DB, ["prepare", "batch", "exec"], "D1_ERROR: Network connection lost (injected)", { sync: ["prepare"] });
  d1.failing = true;
  const broken = { DB: d1.binding };

  it("activations and validations keep working (no D1 on the hot path)", async () => {
    const lic = await grantLicense(2);
    const fp = fingerprintFor("d1-down");
    expect((await call("/v1/licenses/activate", json({ license_key: lic.license_key, fingerprint: fp }), broken)).status).toBe(201);
    expect((await call("/v1/licenses/validate", json({ license_key: lic.license_key, fingerprint: fp }), broken)).body.code).toBe("VALID");
  });

  it("portal reads served by the account object still work; the activity list answers 503, never 500", async () => {
    const c = await signedIn(1);
    expect((await call("/v1/portal/account", { headers: asCustomer(c.cookie) }, broken)).status).toBe(200);
    expect((await call("/v1/portal/machines", { headers: asCustomer(c.cookie) }, broken)).status).toBe(200);
    const events = await call("/v1/portal/events", { headers: asCustomer(c.cookie) }, broken);
    expect(events.status).toBe(503);
    expect(events.body.error.code).toBe("UNAVAILABLE");
  });

  it("admin queries answer 503 UNAVAILABLE", async () => {
    const headers = { "cf-access-jwt-assertion": await staffToken() };
    for (const path of ["/v1/admin/events", "/v1/admin/accounts?email=a", "/v1/admin/accounts/acct_000000000000"]) {
      const res = await call(path, { headers }, broken);
      expect(res.status, path).toBe(503);
      expect(res.body.error.code).toBe("UNAVAILABLE");
    }
  });
});

describe("KV down", () => {
  it("asking for a sign-in link still answers 202 (throttles fail open)", async () => {
    const kv = withFailureSwitch(env.KV, ["get", "put", "list", "delete"]);
    kv.failing = true;
    const res = await call("/v1/auth/magic-link", json({ email: "kv-down@example.com" }), { KV: kv.binding });
    expect(res.status).toBe(202);
  });
});

/** An ACCOUNT namespace whose stubs fail the first `failures` calls the way workerd reports it. */
function flakyAccounts(failures: number, flags: { retryable?: boolean; overloaded?: boolean }) {
  const state = { stubs: 0, calls: 0 };
  const namespace = new Proxy(env.ACCOUNT, {
    get(target, prop) {
      if (prop !== "getByName") return Reflect.get(target, prop);
      return (name: string) => {
        state.stubs++;
        const real = target.getByName(name);
        return new Proxy(real, {
          get(stub, method) {
            const value = Reflect.get(stub, method);
            if (typeof value !== "function") return value;
            return (...args: unknown[]) => {
              state.calls++;
              if (state.calls <= failures) return Promise.reject(Object.assign(new Error("Durable Object reset because its code was updated."), flags));
              // Not value.apply(…): on an RPC stub, `.apply` would itself be a remote call.
              return Reflect.apply(value as (...a: unknown[]) => unknown, stub, args);
            };
          },
        });
      };
    },
  });
  return { namespace, state };
}

describe("an account object that is overloaded or reset mid-request", () => {
  it("overloaded: a clear 503 at once, without retrying, and nothing applied", async () => {
    const lic = await grantLicense(1);
    const flaky = flakyAccounts(1, { overloaded: true });
    const res = await call("/v1/licenses/activate", json({ license_key: lic.license_key, fingerprint: fingerprintFor("ovl") }), { ACCOUNT: flaky.namespace });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("UNAVAILABLE");
    expect(res.headers.get("retry-after")).toBe("1");
    expect(flaky.state.calls).toBe(1);
    expect((await accountStub(lic.account_id).snapshot()).machines).toHaveLength(0);
  });

  it("reset (retryable) on an idempotent call: retried with a fresh stub, and it succeeds once", async () => {
    const lic = await grantLicense(1);
    const flaky = flakyAccounts(2, { retryable: true });
    const res = await call("/v1/licenses/activate", json({ license_key: lic.license_key, fingerprint: fingerprintFor("rst") }), { ACCOUNT: flaky.namespace });
    expect(res.status).toBe(201);
    expect(flaky.state.stubs).toBe(3);
    expect((await accountStub(lic.account_id).snapshot()).machines).toHaveLength(1);
  });

  it("reset on a call that is not safe to repeat: 503, and the client's retry applies it exactly once", async () => {
    const lic = await grantLicense(1);
    const fp = fingerprintFor("nonidem");
    await activate(lic.license_key, fp);
    const flaky = flakyAccounts(1, { retryable: true });
    const res = await call("/v1/licenses/deactivate", json({ license_key: lic.license_key, fingerprint: fp }), { ACCOUNT: flaky.namespace });
    expect(res.status).toBe(503);
    expect(flaky.state.calls).toBe(1);
    expect((await accountStub(lic.account_id).snapshot()).machines).toHaveLength(1);
    expect((await request("/v1/licenses/deactivate", json({ license_key: lic.license_key, fingerprint: fp }))).status).toBe(200);
    expect((await accountStub(lic.account_id).snapshot()).machines).toHaveLength(0);
  });
});

describe("clock skew on license tokens", () => {
  it("a verifier accepts up to its tolerance past exp, and not beyond", async () => {
    const lic = await grantLicense(1);
    const fp = fingerprintFor("skew");
    const { token } = (await activate(lic.license_key, fp)).body;
    const jwks = (await request("/.well-known/jwks.json")).body;
    const exp = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).exp as number;
    const at = (seconds: number) => new Date((exp + seconds) * 1000);
    // A standard verifier with 300 s of clock tolerance (the client libraries allow none past exp).
    const verify = (currentDate: Date) =>
      jwtVerify(token, createLocalJWKSet(jwks), {
        issuer: "http://127.0.0.1:8787",
        audience: "desktop",
        algorithms: ["EdDSA"],
        typ: "license+jwt",
        clockTolerance: 300,
        currentDate,
      });
    await expect(verify(at(200))).resolves.toMatchObject({ payload: { exp } });
    await expect(verify(at(400))).rejects.toThrow();
  });
});
