// What the people around the documents see: the owner in the portal (names, sizes, last
// change and the machine that made it; and a delete), support on the account view (names
// and sizes only). Neither ever sees the contents.
import { describe, expect, it } from "vitest";
import { request } from "../helpers/api";
import { asCustomer, openLive, PORTAL, signedIn } from "../helpers/portal";
import { asStaff } from "../helpers/staff";
import { getDoc, machineOf, openFeed, putDoc } from "../helpers/sync";

const SETTINGS = { theme: "dark", note: "do not show" };
const sizeOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

/** A signed-in customer whose two machines have written two documents. */
async function customerWithDocuments() {
  const c = await signedIn(2);
  const desk = await machineOf(c.license_key, "desk");
  const laptop = await machineOf(c.license_key, "laptop");
  await putDoc(desk.token, "settings", SETTINGS, 0);
  await putDoc(laptop.token, "presets", ["scalp"], 0);
  return { ...c, desk, laptop };
}

describe("the portal", () => {
  it("lists each document's name, size, last change and the machine that made it, never its data", async () => {
    const c = await customerWithDocuments();
    const res = await request("/v1/portal/documents", { headers: asCustomer(c.cookie) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      documents: [
        { name: "presets", rev: 1, size: sizeOf(["scalp"]), updated_at: expect.any(String), updated_by: c.laptop.activationId, machine_name: "Machine laptop" },
        { name: "settings", rev: 1, size: sizeOf(SETTINGS), updated_at: expect.any(String), updated_by: c.desk.activationId, machine_name: "Machine desk" },
      ],
    });
    expect(res.text).not.toContain("do not show");
  });

  it("deletes one: the machines hear of it live (updated_by portal), and a stale base_rev is a conflict", async () => {
    const c = await customerWithDocuments();
    const feed = await openFeed(c.desk.token);
    await putDoc(c.laptop.token, "settings", { theme: "light" }, 1);

    const stale = await request("/v1/portal/documents/settings?base_rev=1", { method: "DELETE", headers: asCustomer(c.cookie) });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "REVISION_CONFLICT", details: { current_rev: 2 } });

    const res = await request("/v1/portal/documents/settings?base_rev=2", { method: "DELETE", headers: asCustomer(c.cookie) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: "settings", rev: 3, deleted: true });
    await expect.poll(() => feed.messages.at(-1)).toEqual({ type: "document", name: "settings", rev: 3, deleted: true, updated_by: "portal" });
    expect((await getDoc(c.desk.token, "settings")).body.error.details).toEqual({ current_rev: 3, deleted: true });

    // Without base_rev: whatever it is now. Already gone: 404.
    expect((await request("/v1/portal/documents/presets", { method: "DELETE", headers: asCustomer(c.cookie) })).status).toBe(200);
    expect((await request("/v1/portal/documents/presets", { method: "DELETE", headers: asCustomer(c.cookie) })).status).toBe(404);
  });

  it("a delete needs the session and the portal's origin; another account's document is not reachable by name", async () => {
    const c = await customerWithDocuments();
    const other = await signedIn(1);
    const foreign = await request("/v1/portal/documents/settings", { method: "DELETE", headers: { cookie: c.cookie, origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const crossSite = await request("/v1/portal/documents/settings", { method: "DELETE", headers: { cookie: c.cookie, "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    expect((await request("/v1/portal/documents/settings", { method: "DELETE", headers: { origin: PORTAL } })).status).toBe(401);
    // Signed in elsewhere, the same name is that account's (it has none).
    expect((await request("/v1/portal/documents/settings", { method: "DELETE", headers: asCustomer(other.cookie) })).status).toBe(404);
    expect((await getDoc(c.desk.token, "settings")).body.rev).toBe(1);
  });

  it("the portal's live socket hears of document changes too, so the page can refresh its list", async () => {
    const c = await customerWithDocuments();
    const live = await openLive(c.cookie);
    await expect.poll(() => live.messages.length).toBe(1); // the license view at connect
    await putDoc(c.desk.token, "settings", { theme: "blue" }, 1);
    await expect.poll(() => live.messages.at(-1)).toEqual({ type: "document", name: "settings", rev: 2, deleted: false, updated_by: c.desk.activationId });
  });
});

describe("support", () => {
  it("sees the names and sizes of an account's documents on its account view, nothing else of them", async () => {
    const c = await customerWithDocuments();
    const res = await asStaff(`/v1/admin/accounts/${c.account_id}`);
    expect(res.status).toBe(200);
    expect(res.body.documents).toEqual([
      { name: "presets", size: sizeOf(["scalp"]) },
      { name: "settings", size: sizeOf(SETTINGS) },
    ]);
    expect(res.text).not.toContain("do not show");
  });
});
