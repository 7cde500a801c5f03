import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashSecret } from "../../src/auth/secrets";
import { sessionCookie } from "../../src/auth/session-cookie";
import worker from "../../src/index";
import { activate, fingerprintFor, grantLicense, post, request, uniqueEmail } from "../helpers/api";
import { accountStub, auditEvents } from "../helpers/account";
import { withFailureSwitch } from "../helpers/faults";
import { spyOn } from "../helpers/spies";
import { asCustomer, cookieFrom, latestLink, redeem, requestLink, sameOrigin, signedIn, tokenOf } from "../helpers/portal";

describe("POST /v1/auth/magic-link", () => {
  it("answers a known and an unknown email identically (no enumeration)", async () => {
    const known = await grantLicense(1);
    const a = await requestLink(known.email);
    const b = await requestLink(uniqueEmail("nobody"));
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body).toEqual({ ok: true });
    expect(b.text).toBe(a.text);
    const headers = (h: Headers) => [...h.entries()].filter(([k]) => k !== "x-request-id").sort();
    expect(headers(b.headers)).toEqual(headers(a.headers));
    await latestLink(known.email);
  });

  it("emails a one-time link to the portal's confirm page, token in the fragment, and audits it", async () => {
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const link = await latestLink(lic.email);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:8788\/sign-in\/confirm\/#token=[0-9a-hjkmnp-tv-z]{12}[A-Za-z0-9_-]{51}$/);
    expect(tokenOf(link).slice(0, 12)).toBe(lic.account_id.slice("acct_".length));
    await accountStub(lic.account_id).flush();
    expect((await auditEvents(lic.account_id)).map((e) => e.action)).toContain("auth.magic_link_sent");
  });

  it("stores only the token's hash", async () => {
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const token = tokenOf(await latestLink(lic.email));
    const stored = await runInDurableObject(accountStub(lic.account_id), (_i, state) => state.storage.sql.exec("SELECT hash FROM sign_in_tokens").toArray());
    expect(stored).toEqual([{ hash: await hashSecret(token) }]);
  });
});

describe("POST /v1/auth/session", () => {
  it("signs in with a fresh session cookie: HttpOnly, SameSite=Lax, Path=/, no Domain, not Secure on local http", async () => {
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const res = await redeem(tokenOf(await latestLink(lic.email)), { ...sameOrigin, cookie: "session=attacker-chosen-session-id-attacker-chosen-000" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, account_id: lic.account_id, email: lic.email });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^session=[0-9a-hjkmnp-tv-z]{12}[A-Za-z0-9_-]{51}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=\d+$/);
    // The session id names its account (so no lookup is needed to find it) …
    expect(cookieFrom(cookie).slice("session=".length, "session=".length + 12)).toBe(lic.account_id.slice("acct_".length));
    expect(cookie).not.toMatch(/Domain|Secure/i);
    expect(cookie).not.toContain("attacker-chosen");
  });

  it("uses __Host- and Secure outside local development", () => {
    const cookie = sessionCookie({ ENVIRONMENT: "production", PUBLIC_API_ORIGIN: "https://api.chartgpt.example" }, "x".repeat(43), 60);
    expect(cookie).toBe(`__Host-session=${"x".repeat(43)}; HttpOnly; SameSite=Lax; Path=/; Max-Age=60; Secure`);
  });

  it("a token works once: a replay is 401, and each sign-in gets a new session id", async () => {
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const token = tokenOf(await latestLink(lic.email));
    const first = await redeem(token);
    expect(first.status).toBe(200);
    const replay = await redeem(token);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("UNAUTHORIZED");

    await requestLink(lic.email);
    const second = await redeem(tokenOf(await latestLink(lic.email, 1)));
    expect(cookieFrom(second.headers.get("set-cookie"))).not.toBe(cookieFrom(first.headers.get("set-cookie")));
  });

  it("a newer link leaves older unexpired ones working; signing in with any of them retires the rest", async () => {
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const first = tokenOf(await latestLink(lic.email));
    await requestLink(lic.email);
    const second = tokenOf(await latestLink(lic.email, 1));
    await requestLink(lic.email);
    const third = tokenOf(await latestLink(lic.email, 2));

    expect((await redeem(first)).status).toBe(200);
    for (const token of [second, third]) {
      const res = await redeem(token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHORIZED");
    }
    await accountStub(lic.account_id).flush();
    const failed = (await auditEvents(lic.account_id)).filter((e) => e.action === "auth.login_failed");
    expect(failed.map((e) => JSON.parse(String(e.data)).reason)).toEqual(["superseded", "superseded"]);

    // A link issued after the sign-in works as usual.
    await requestLink(lic.email, { ...sameOrigin, "cf-connecting-ip": "198.51.100.31" });
    expect((await redeem(tokenOf(await latestLink(lic.email, 3)))).status).toBe(200);
  });

  it("opening the link consumes nothing: only the person's POST does (a GET is not even a route)", async () => {
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const token = tokenOf(await latestLink(lic.email));
    expect((await request(`/v1/auth/session?token=${token}`)).status).toBe(405);
    expect((await request(`/v1/auth/session?token=${token}`, { method: "HEAD" })).status).toBe(405);
    expect((await redeem(token)).status).toBe(200);
  });

  it("an expired token is 401, an unknown or malformed one too", async () => {
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const token = tokenOf(await latestLink(lic.email));
    await runInDurableObject(accountStub(lic.account_id), (_i, state) => {
      state.storage.sql.exec("UPDATE sign_in_tokens SET expires_at = ?", Date.now() - 1);
    });
    expect((await redeem(token)).status).toBe(401);
    expect((await redeem(token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"))).status).toBe(401);
    expect((await redeem("not-a-token")).status).toBe(401);
  });

  it("a token this API did not issue is refused before any account object is called or anything is written to KV", async () => {
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const real = tokenOf(await latestLink(lic.email));
    const kv = spyOn(env.KV, ["put", "delete"]);
    const accounts = spyOn(env.ACCOUNT, ["getByName", "get", "idFromName"]);
    const junk = [
      `${real.slice(0, 12)}.${"A".repeat(43)}`, // the account part of a real token, then anything
      `${real.slice(0, 55)}AAAAAAAA`, // a real token with a made-up check tag
      `${real.slice(0, 20)}${real[20] === "x" ? "y" : "x"}${real.slice(21)}`, // one character changed
    ];
    for (const token of junk) {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request("http://127.0.0.1:8787/v1/auth/session", {
          method: "POST",
          headers: { "content-type": "application/json", ...sameOrigin, "cf-connecting-ip": "198.51.100.200" },
          body: JSON.stringify({ token }),
        }),
        { ...env, KV: kv.binding, ACCOUNT: accounts.binding },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(res.status, token).toBe(401);
    }
    expect(accounts.calls).toEqual([]);
    expect(kv.calls.filter((c) => !String(c.key).startsWith("throttle:"))).toEqual([]);
    // The guesses never reached the account: its history holds no failed sign-in.
    await accountStub(lic.account_id).flush();
    expect((await auditEvents(lic.account_id)).map((e) => e.action)).not.toContain("auth.login_failed");
    expect((await redeem(real)).status).toBe(200);
  });

  it("needs no KV: with KV down, signing in, using the session and signing out all work", async () => {
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const token = tokenOf(await latestLink(lic.email));
    const kv = withFailureSwitch(env.KV, ["get", "put", "delete", "list"]);
    kv.failing = true;
    const call = async (path: string, init: RequestInit) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`http://127.0.0.1:8787${path}`, init), { ...env, KV: kv.binding }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const signIn = await call("/v1/auth/session", {
      method: "POST",
      headers: { "content-type": "application/json", ...sameOrigin },
      body: JSON.stringify({ token }),
    });
    expect(signIn.status).toBe(200);
    const cookie = cookieFrom(signIn.headers.get("set-cookie"));
    expect((await call("/v1/portal/account", { headers: asCustomer(cookie) })).status).toBe(200);
    expect((await call("/v1/auth/logout", { method: "POST", headers: asCustomer(cookie) })).status).toBe(204);
    expect((await request("/v1/portal/account", { headers: asCustomer(cookie) })).status).toBe(401);
  });

  it("records the login in the audit trail", async () => {
    const c = await signedIn();
    await accountStub(c.account_id).flush();
    const login = (await auditEvents(c.account_id)).find((e) => e.action === "auth.login");
    expect(login).toMatchObject({ actor_type: "customer", actor_id: c.email });
  });
});

describe("sessions", () => {
  it("logout kills the session at once, and nothing about it was ever in KV", async () => {
    const kv = spyOn(env.KV, ["put", "delete"]);
    const ctx = createExecutionContext();
    const viaSpy = async (path: string, init: RequestInit) => worker.fetch(new Request(`http://127.0.0.1:8787${path}`, init), { ...env, KV: kv.binding }, ctx);
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const signIn = await viaSpy("/v1/auth/session", {
      method: "POST",
      headers: { "content-type": "application/json", ...sameOrigin },
      body: JSON.stringify({ token: tokenOf(await latestLink(lic.email)) }),
    });
    const cookie = cookieFrom(signIn.headers.get("set-cookie"));
    expect((await viaSpy("/v1/portal/account", { headers: asCustomer(cookie) })).status).toBe(200);

    const out = await viaSpy("/v1/auth/logout", { method: "POST", headers: asCustomer(cookie) });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^session=; .*Max-Age=0/);
    await waitOnExecutionContext(ctx);
    expect(kv.calls.filter((c) => !String(c.key).startsWith("throttle:"))).toEqual([]);
    expect((await request("/v1/portal/account", { headers: asCustomer(cookie) })).status).toBe(401);
    await accountStub(lic.account_id).flush();
    expect((await auditEvents(lic.account_id)).map((e) => e.action)).toContain("auth.logout");
  });

  it("logout is final whatever KV does: with KV failing it still ends the session before answering 204", async () => {
    const c = await signedIn();
    const kv = withFailureSwitch(env.KV, ["get", "put", "delete", "list"]);
    kv.failing = true;
    const ctx = createExecutionContext();
    const out = await worker.fetch(
      new Request("http://127.0.0.1:8787/v1/auth/logout", { method: "POST", headers: asCustomer(c.cookie) }),
      { ...env, KV: kv.binding },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(out.status).toBe(204);
    expect((await request("/v1/portal/account", { headers: asCustomer(c.cookie) })).status).toBe(401);
  });

  it("logout answers 503 and keeps the cookie when the account object cannot end the session; the retry ends it", async () => {
    const c = await signedIn();
    const down = new Proxy(env.ACCOUNT, {
      get: (target, prop) =>
        prop === "getByName"
          ? () => ({ endSession: () => Promise.reject(Object.assign(new Error("overloaded (injected)"), { overloaded: true })) })
          : Reflect.get(target, prop),
    });
    const ctx = createExecutionContext();
    const out = await worker.fetch(
      new Request("http://127.0.0.1:8787/v1/auth/logout", { method: "POST", headers: asCustomer(c.cookie) }),
      { ...env, ACCOUNT: down },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(out.status).toBe(503);
    expect(((await out.json()) as any).error.code).toBe("UNAVAILABLE");
    expect(out.headers.get("set-cookie")).toBeNull();
    expect((await request("/v1/portal/account", { headers: asCustomer(c.cookie) })).status).toBe(200);

    expect((await request("/v1/auth/logout", { method: "POST", headers: asCustomer(c.cookie) })).status).toBe(204);
    expect((await request("/v1/portal/account", { headers: asCustomer(c.cookie) })).status).toBe(401);
  });

  it("expire after a week idle (sliding) and never last beyond 30 days", async () => {
    const c = await signedIn();
    const hash = await hashSecret(c.cookie.split("=")[1]!);
    const set = (sql: string, value: number) => runInDurableObject(accountStub(c.account_id), (_i, state) => void state.storage.sql.exec(sql, value, hash));

    // Used an hour ago: this request slides the expiry a week past now.
    await set("UPDATE sessions SET last_seen_at = ? WHERE hash = ?", Date.now() - 3_600_000);
    expect((await request("/v1/portal/account", { headers: asCustomer(c.cookie) })).status).toBe(200);
    const row = await runInDurableObject(accountStub(c.account_id), (_i, state) => state.storage.sql.exec("SELECT * FROM sessions WHERE hash = ?", hash).one());
    expect(Number(row.expires_at) - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);

    await set("UPDATE sessions SET absolute_expires_at = ? WHERE hash = ?", Date.now() - 1);
    expect((await request("/v1/portal/account", { headers: asCustomer(c.cookie) })).status).toBe(401);
  });

  it("no cookie, a made-up one, an earlier-format one or one with a wrong check tag is 401", async () => {
    const c = await signedIn();
    const id = c.cookie.slice("session=".length);
    expect((await request("/v1/portal/account")).status).toBe(401);
    for (const cookie of [`session=${"a".repeat(43)}`, `session=${"a".repeat(63)}`, `session=${id.slice(0, 55)}AAAAAAAA`]) {
      expect((await request("/v1/portal/account", { headers: { cookie } })).status, cookie).toBe(401);
      expect((await request("/v1/auth/logout", { method: "POST", headers: { cookie } })).status).toBe(204);
    }
    expect((await request("/v1/portal/account", { headers: asCustomer(c.cookie) })).status).toBe(200);
  });
});

describe("origin checks on state-changing calls", () => {
  it("refuse cross-site requests with 403 and change nothing", async () => {
    const c = await signedIn(2);
    const act = await activate(c.license_key, fingerprintFor("csrf"));
    const path = `/v1/portal/machines/${act.body.activation.id}/deactivate`;
    for (const headers of <Record<string, string>[]>[
      { cookie: c.cookie, "sec-fetch-site": "cross-site" },
      { cookie: c.cookie, origin: "https://evil.example" },
      { cookie: c.cookie, origin: "null" },
    ]) {
      const res = await request(path, { method: "POST", headers });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
    expect((await post("/v1/auth/magic-link", { email: c.email }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post("/v1/auth/logout", {}, { cookie: c.cookie, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await accountStub(c.account_id).snapshot()).machines).toHaveLength(1);
    expect((await request("/v1/portal/account", { headers: asCustomer(c.cookie) })).status).toBe(200);
  });

  it("let same-origin and header-less (non-browser) requests through", async () => {
    const c = await signedIn(2);
    const a = await activate(c.license_key, fingerprintFor("ok1"));
    const b = await activate(c.license_key, fingerprintFor("ok2"));
    expect((await request(`/v1/portal/machines/${a.body.activation.id}/deactivate`, { method: "POST", headers: asCustomer(c.cookie) })).status).toBe(200);
    expect((await request(`/v1/portal/machines/${b.body.activation.id}/deactivate`, { method: "POST", headers: { cookie: c.cookie } })).status).toBe(200);
  });
});
