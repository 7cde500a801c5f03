import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { activate, BASE, deactivate, fingerprintFor, request } from "../helpers/api";
import { accountStub } from "../helpers/account";
import { asCustomer, openLive, PORTAL, signedIn } from "../helpers/portal";
import { asStaff } from "../helpers/staff";

describe("portal API", () => {
  it("GET /v1/portal/account shows the owner the full key and the seats", async () => {
    const c = await signedIn(3);
    await activate(c.license_key, fingerprintFor("acct"));
    const res = await request("/v1/portal/account", { headers: asCustomer(c.cookie) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      email: c.email,
      account_id: c.account_id,
      licenses: [
        {
          id: c.license_id,
          key: c.license_key,
          status: "active",
          seats: 3,
          seats_used: 1,
          product: "chartgpt",
          entitlements: ["chartgpt"],
          // The seat policies the portal explains, and the swaps this license has left.
          seat_policy: { stale_seat_days: 30, swaps_per_30_days: 6, swaps_remaining: 6, next_swap_at: null },
        },
      ],
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("lists active machines and purchases", async () => {
    const c = await signedIn(2);
    const a = await activate(c.license_key, fingerprintFor("m1"), { name: "Desk", platform: "windows" });
    const b = await activate(c.license_key, fingerprintFor("m2"));
    await deactivate(c.license_key, b.body.activation.fingerprint);
    const machines = await request("/v1/portal/machines", { headers: asCustomer(c.cookie) });
    expect(machines.body.machines).toEqual([
      expect.objectContaining({ id: a.body.activation.id, name: "Desk", platform: "windows", last_seen_at: expect.any(String) }),
    ]);
    const purchases = await request("/v1/portal/purchases", { headers: asCustomer(c.cookie) });
    expect(purchases.body).toEqual({ purchases: [] }); // a dev grant is not a purchase
  });

  it("deactivates its own machine; another account's activation is a 404 and stays active", async () => {
    const mine = await signedIn(2);
    const theirs = await signedIn(2);
    const own = await activate(mine.license_key, fingerprintFor("own"));
    const foreign = await activate(theirs.license_key, fingerprintFor("foreign"));

    const res = await request(`/v1/portal/machines/${own.body.activation.id}/deactivate`, { method: "POST", headers: asCustomer(mine.cookie) });
    expect(res.status).toBe(200);
    expect(res.body.license).toMatchObject({ seats_used: 0 });

    const cross = await request(`/v1/portal/machines/${foreign.body.activation.id}/deactivate`, { method: "POST", headers: asCustomer(mine.cookie) });
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe("NOT_FOUND");
    expect((await accountStub(theirs.account_id).snapshot()).machines.map((m) => m.id)).toEqual([foreign.body.activation.id]);
  });

  it("pages through the account's own events, newest first, without gaps or repeats", async () => {
    const c = await signedIn(12);
    for (let i = 0; i < 6; i++) await activate(c.license_key, fingerprintFor(`ev${i}`));
    await accountStub(c.account_id).flush();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { events: { id: string; at: string; account_id: string }[]; next_cursor: string | null } } = await request(
        `/v1/portal/events?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
        { headers: asCustomer(c.cookie) },
      );
      expect(page.status).toBe(200);
      for (const e of page.body.events) expect(e.account_id).toBe(c.account_id);
      seen.push(...page.body.events.map((e) => e.id));
      cursor = page.body.next_cursor;
      // New activity between pages must not disturb the pages already taken.
      await activate(c.license_key, fingerprintFor(`late${seen.length}`)).catch(() => {});
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(seen.length).toBeGreaterThanOrEqual(10); // account, license, login, link, 6 activations

    expect((await request("/v1/portal/events?cursor=garbage", { headers: asCustomer(c.cookie) })).status).toBe(400);
    expect((await request("/v1/portal/events?limit=1000", { headers: asCustomer(c.cookie) })).status).toBe(400);
  });

  it("shows support's entries as actor type support, without the staff member's email or their reason", async () => {
    const c = await signedIn(2);
    const act = await activate(c.license_key, fingerprintFor("sup"));
    const staff = "alice.staff@chartgpt.example";
    const reason = "INTERNAL-NOTE customer is on the watch list";
    for (const [path, body] of [
      [`/v1/admin/licenses/${c.license_id}/seats`, { seats: 3, reason }],
      [`/v1/admin/accounts/${c.account_id}/machines/${act.body.activation.id}/deactivate`, { reason }],
      [`/v1/admin/licenses/${c.license_id}/revoke`, { reason }],
      [`/v1/admin/licenses/${c.license_id}/restore`, { reason }],
      [`/v1/admin/accounts/${c.account_id}/sign-in-link`, { reason }],
    ] as const) {
      expect((await asStaff(path, { email: staff, json: body })).status, path).toBe(200);
    }
    await accountStub(c.account_id).flush();

    const res = await request("/v1/portal/events?limit=100", { headers: asCustomer(c.cookie) });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(staff);
    expect(res.text).not.toContain("INTERNAL-NOTE");
    const support = res.body.events.filter((e: { actor: { type: string } }) => e.actor.type === "support");
    expect(support.map((e: { action: string }) => e.action).sort()).toEqual(
      ["auth.magic_link_sent", "license.restored", "license.revoked", "license.seats_changed", "machine.deactivated"].sort(),
    );
    for (const e of support) {
      expect(e.actor).toEqual({ type: "support", id: null });
      expect(e.data).not.toHaveProperty("reason");
      expect(e.request_id).toBeNull();
    }
    expect(support.find((e: { action: string }) => e.action === "license.seats_changed").data).toEqual({ from: 2, to: 3 });
    // The customer's own entries still name them, and staff still see everything.
    expect(res.body.events.find((e: { action: string }) => e.action === "auth.login").actor).toEqual({ type: "customer", id: c.email });
    const internal = await asStaff(`/v1/admin/events?account_id=${c.account_id}&actor=support`);
    expect(internal.body.events.every((e: { actor: { id: string }; data: { reason: string } }) => e.actor.id === staff && e.data.reason === reason)).toBe(true);
  });
});

describe("GET /v1/portal/live", () => {
  it("sends the license and machines at connect, then after every change made anywhere", async () => {
    const c = await signedIn(2);
    const live = await openLive(c.cookie);
    await expect.poll(() => live.messages.length).toBe(1);
    expect(live.messages[0]).toEqual({
      type: "license",
      license: expect.objectContaining({ id: c.license_id, seats: 2, seats_used: 0 }),
      machines: [],
      seat_policy: expect.objectContaining({ swaps_remaining: 6 }),
    });

    // An activation through the desktop API reaches the open socket.
    const act = await activate(c.license_key, fingerprintFor("live"), { name: "Laptop" });
    await expect.poll(() => live.messages.length, { timeout: 1_000 }).toBe(2);
    expect(live.messages[1].license.seats_used).toBe(1);
    expect(live.messages[1].machines).toEqual([expect.objectContaining({ id: act.body.activation.id, name: "Laptop" })]);

    // So do a portal deactivation and a support action.
    await request(`/v1/portal/machines/${act.body.activation.id}/deactivate`, { method: "POST", headers: asCustomer(c.cookie) });
    await expect.poll(() => live.messages.length, { timeout: 1_000 }).toBe(3);
    expect(live.messages[2].machines).toEqual([]);
    await accountStub(c.account_id).setSeats({ actor: { type: "support", id: "s@example.com" }, requestId: null, licenseId: c.license_id, seats: 5 });
    await expect.poll(() => live.messages.at(-1)?.license.seats, { timeout: 1_000 }).toBe(5);
    live.ws.close();
  });

  it("answers pings, refuses without a session or from another origin, and closes when the session ends", async () => {
    const c = await signedIn(1);
    const live = await openLive(c.cookie);
    live.ws.send("ping");
    await expect.poll(() => live.messages.some((m) => m.type === "pong")).toBe(true);

    const anonymous = await exports.default.fetch(new Request(`${BASE}/v1/portal/live`, { headers: { upgrade: "websocket", origin: PORTAL } }));
    expect(anonymous.status).toBe(401);
    const foreign = await exports.default.fetch(
      new Request(`${BASE}/v1/portal/live`, { headers: { upgrade: "websocket", cookie: c.cookie, origin: "https://evil.example" } }),
    );
    expect(foreign.status).toBe(403);
    expect((await request("/v1/portal/live", { headers: asCustomer(c.cookie) })).status).toBe(400);

    await request("/v1/auth/logout", { method: "POST", headers: asCustomer(c.cookie) });
    await expect.poll(() => live.closed()?.code).toBe(4001);
  });
});
