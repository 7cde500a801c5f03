// Desktop sync documents (API.md, "Desktop sync"): the calls, revisions and tombstones,
// ETag, names and limits, and where documents live.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deactivate, request } from "../helpers/api";
import { accountStub } from "../helpers/account";
import { deleteDoc, getDoc, listDocs, machineOf, putDoc, syncAccount } from "../helpers/sync";

describe("documents", () => {
  it("are created on base_rev 0, read with their data and ETag, listed, replaced on the current revision and deleted", async () => {
    const { machines } = await syncAccount(2);
    const [desk, laptop] = machines as [(typeof machines)[0], (typeof machines)[0]];

    const created = await putDoc(desk.token, "settings", { theme: "dark", presets: ["scalp", "swing"] }, 0);
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ name: "settings", rev: 1, updated_at: expect.any(String) });

    const read = await getDoc(laptop.token, "settings");
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"1"');
    expect(read.body).toEqual({
      name: "settings",
      rev: 1,
      updated_at: created.body.updated_at,
      updated_by: desk.activationId,
      data: { theme: "dark", presets: ["scalp", "swing"] },
    });

    const size = new TextEncoder().encode(JSON.stringify({ theme: "dark", presets: ["scalp", "swing"] })).byteLength;
    expect((await listDocs(laptop.token)).body).toEqual({
      documents: [{ name: "settings", rev: 1, size, updated_at: created.body.updated_at, updated_by: desk.activationId, deleted: false }],
    });

    expect((await putDoc(laptop.token, "settings", { theme: "light" }, 1)).body).toMatchObject({ rev: 2 });
    expect((await getDoc(desk.token, "settings")).body).toMatchObject({ rev: 2, updated_by: laptop.activationId, data: { theme: "light" } });

    const removed = await deleteDoc(desk.token, "settings", 2);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ name: "settings", rev: 3, deleted: true });
    expect((await listDocs(laptop.token)).body).toEqual({ documents: [] });
  });

  it("answer 304 to an If-None-Match naming the current revision, and the document once it has changed", async () => {
    const { machines } = await syncAccount(1);
    const token = machines[0]!.token;
    await putDoc(token, "presets", [1, 2, 3], 0);
    const unchanged = await getDoc(token, "presets", { "if-none-match": '"1"' });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("etag")).toBe('"1"');
    expect(unchanged.text).toBe("");
    expect((await getDoc(token, "presets", { "if-none-match": 'W/"0", W/"1"' })).status).toBe(304);

    await putDoc(token, "presets", [1, 2, 3, 4], 1);
    const changed = await getDoc(token, "presets", { "if-none-match": '"1"' });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).toBe('"2"');
  });

  it("hold any JSON value, and keep it exactly", async () => {
    const { machines } = await syncAccount(1);
    const token = machines[0]!.token;
    const values = [null, 0, -1.5, "text", true, [], {}, { nested: { deep: [1, { a: null }] }, unicode: "€ ✓ 日本" }];
    for (const [i, value] of values.entries()) {
      expect((await putDoc(token, `value-${i}`, value, 0)).status).toBe(200);
      expect((await getDoc(token, `value-${i}`)).body.data).toEqual(value);
    }
    // Size is of the compact UTF-8 JSON, whatever spacing the request had.
    const sizes = new Map<string, number>((await listDocs(token)).body.documents.map((d: { name: string; size: number }) => [d.name, d.size]));
    expect(sizes.get("value-0")).toBe(4);
    expect(sizes.get("value-7")).toBe(new TextEncoder().encode(JSON.stringify(values[7])).byteLength);
  });

  it("refuse a write or delete on any revision but the current one, naming it (REVISION_CONFLICT, details.current_rev)", async () => {
    const { machines } = await syncAccount(1);
    const token = machines[0]!.token;
    const conflict = await putDoc(token, "settings", { a: 1 }, 3);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: "REVISION_CONFLICT", details: { current_rev: 0 } });

    await putDoc(token, "settings", { a: 1 }, 0);
    await putDoc(token, "settings", { a: 2 }, 1);
    for (const stale of [0, 1, 3]) {
      const res = await putDoc(token, "settings", { a: 9 }, stale);
      expect(res.body.error).toMatchObject({ code: "REVISION_CONFLICT", details: { current_rev: 2 } });
    }
    expect((await deleteDoc(token, "settings", 1)).body.error).toMatchObject({ code: "REVISION_CONFLICT", details: { current_rev: 2 } });
    expect((await getDoc(token, "settings")).body).toMatchObject({ rev: 2, data: { a: 2 } });
  });
});

describe("tombstones", () => {
  it("a deleted document reads as 404 with its tombstone's revision, and lists only when asked", async () => {
    const { machines } = await syncAccount(1);
    const token = machines[0]!.token;
    await putDoc(token, "notes", "x", 0);
    await deleteDoc(token, "notes", 1);

    const gone = await getDoc(token, "notes");
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: "NOT_FOUND", details: { current_rev: 2, deleted: true } });
    const never = await getDoc(token, "never");
    expect(never.body.error).toMatchObject({ code: "NOT_FOUND", details: { current_rev: 0, deleted: false } });

    expect((await listDocs(token)).body.documents).toEqual([]);
    expect((await listDocs(token, "?include_deleted=true")).body.documents).toEqual([
      { name: "notes", rev: 2, size: 0, updated_at: expect.any(String), updated_by: machines[0]!.activationId, deleted: true },
    ]);
  });

  it("a machine that missed the delete learns of it: its write on the old revision conflicts, its delete is 404", async () => {
    const { machines } = await syncAccount(2);
    const [a, b] = machines as [(typeof machines)[0], (typeof machines)[0]];
    await putDoc(a.token, "presets", [1], 0);
    expect((await getDoc(b.token, "presets")).body.rev).toBe(1);
    await deleteDoc(a.token, "presets", 1);

    expect((await putDoc(b.token, "presets", [1, 2], 1)).body.error).toMatchObject({ code: "REVISION_CONFLICT", details: { current_rev: 2 } });
    expect((await deleteDoc(b.token, "presets", 1)).body.error).toMatchObject({ code: "NOT_FOUND", details: { current_rev: 2, deleted: true } });
  });

  it("a document created again continues its revisions, from base_rev 0 or from the tombstone's", async () => {
    const { machines } = await syncAccount(1);
    const token = machines[0]!.token;
    await putDoc(token, "a", 1, 0);
    await deleteDoc(token, "a", 1);
    expect((await putDoc(token, "a", 2, 0)).body.rev).toBe(3);
    await putDoc(token, "b", 1, 0);
    await deleteDoc(token, "b", 1);
    expect((await putDoc(token, "b", 2, 2)).body.rev).toBe(3);
    expect((await getDoc(token, "b")).body).toMatchObject({ rev: 3, data: 2 });
  });

  it("past 1,000 tombstones the oldest are dropped, and new documents still continue above every revision they had", async () => {
    const { account_id, machines } = await syncAccount(1);
    const token = machines[0]!.token;
    await putDoc(token, "old", 1, 0);
    await putDoc(token, "old", 2, 1);
    await deleteDoc(token, "old", 2);
    // 1,000 more tombstones, written straight into the table (a thousand deletes take too long here).
    await runInDurableObject(accountStub(account_id), (_i, state) => {
      for (let i = 0; i < 1000; i++) {
        state.storage.sql.exec(
          "INSERT INTO sync_documents (name, rev, data, size, updated_at, updated_by, deleted) VALUES (?, 1, NULL, 0, ?, 'act_x', 1)",
          `t-${String(i).padStart(4, "0")}`,
          new Date(Date.now() + i).toISOString(),
        );
      }
    });
    await putDoc(token, "last", 1, 0);
    await deleteDoc(token, "last", 1);

    const listed = (await listDocs(token, "?include_deleted=true")).body.documents as { name: string }[];
    expect(listed).toHaveLength(1000);
    expect(listed.some((d) => d.name === "old")).toBe(false);
    expect((await getDoc(token, "old")).body.error.details).toEqual({ current_rev: 0, deleted: false });
    // "old" reached revision 3: created again, it continues above it.
    expect((await putDoc(token, "old", "again", 0)).body.rev).toBe(4);
  });
});

describe("names and limits", () => {
  it("names match ^[a-z0-9][a-z0-9._-]{0,63}$ (400 otherwise, before anything is stored)", async () => {
    const { machines } = await syncAccount(1);
    const token = machines[0]!.token;
    for (const good of ["a", "0", "settings.json", "prompt_presets-v2", "a".repeat(64)]) expect((await putDoc(token, good, 1, 0)).status).toBe(200);
    for (const bad of ["Settings", ".hidden", "-x", "_x", "a".repeat(65), "a%20b", "a b", "...", "caf%C3%A9"]) {
      const res = await putDoc(token, bad, 1, 0);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe("INVALID_REQUEST");
      expect((await getDoc(token, bad)).status, bad).toBe(400);
    }
    expect((await listDocs(token)).body.documents).toHaveLength(5);
  });

  it("a body without data or with a bad base_rev is a 400 naming the field", async () => {
    const { machines } = await syncAccount(1);
    const token = machines[0]!.token;
    const send = (body: unknown) =>
      request("/v1/sync/documents/x", {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    for (const [body, field] of [
      [{ base_rev: 0 }, "data"],
      [{ data: 1 }, "base_rev"],
      [{ data: 1, base_rev: -1 }, "base_rev"],
      [{ data: 1, base_rev: 1.5 }, "base_rev"],
      [{ data: 1, base_rev: "0" }, "base_rev"],
    ] as const) {
      const res = await send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    for (const query of ["", "?base_rev=", "?base_rev=-1", "?base_rev=1e3", "?base_rev=1&base_rev=2"]) {
      expect((await request(`/v1/sync/documents/x${query}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } })).status).toBe(400);
    }
  });

  it("data of exactly 64 KiB as JSON is stored; a byte more is 413 PAYLOAD_TOO_LARGE", async () => {
    const { machines } = await syncAccount(1);
    const token = machines[0]!.token;
    const fits = "x".repeat(64 * 1024 - 2); // the quotes make it 65,536 bytes of JSON
    expect((await putDoc(token, "big", fits, 0)).status).toBe(200);
    expect((await listDocs(token)).body.documents[0].size).toBe(65_536);
    const over = await putDoc(token, "big", `${fits}x`, 1);
    expect(over.status).toBe(413);
    expect(over.body.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { size: 65_537, limit: 65_536 } });
    // Multi-byte characters count as bytes.
    expect((await putDoc(token, "euro", "€".repeat(21_845), 0)).status).toBe(413);
    expect((await getDoc(token, "big")).body.rev).toBe(1);
  });

  it("100 documents per account; a 101st is 409 DOCUMENT_LIMIT_REACHED, deleting one makes room, and rewriting one is never refused", async () => {
    const { machines } = await syncAccount(1);
    const token = machines[0]!.token;
    await Promise.all(Array.from({ length: 100 }, (_, i) => putDoc(token, `doc-${i}`, i, 0)));
    const refused = await putDoc(token, "doc-100", 100, 0);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "DOCUMENT_LIMIT_REACHED", details: { limit: 100 } });
    expect((await putDoc(token, "doc-5", "rewritten", 1)).status).toBe(200);

    await deleteDoc(token, "doc-0", 1);
    expect((await putDoc(token, "doc-100", 100, 0)).status).toBe(200);
    // Recreating the deleted one would be the 101st again.
    expect((await putDoc(token, "doc-0", 0, 0)).body.error.code).toBe("DOCUMENT_LIMIT_REACHED");
  });
});

describe("where documents live", () => {
  it("in the account object's SQLite only: nothing in D1, nothing in the outbox", async () => {
    const { account_id, machines } = await syncAccount(1);
    await accountStub(account_id).flush();
    const outboxBefore = await runInDurableObject(accountStub(account_id), (_i, state) => state.storage.sql.exec("SELECT COUNT(*) AS n FROM outbox").one().n);
    await putDoc(machines[0]!.token, "settings", { secretish: "customer data" }, 0);
    const after = await runInDurableObject(accountStub(account_id), (_i, state) => ({
      outbox: state.storage.sql.exec("SELECT COUNT(*) AS n FROM outbox").one().n,
      rows: state.storage.sql.exec("SELECT name, rev, data FROM sync_documents").toArray(),
    }));
    expect(after.outbox).toBe(outboxBefore);
    expect(after.rows).toEqual([{ name: "settings", rev: 1, data: '{"secretish":"customer data"}' }]);
    const tables = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).results.map((r) => r.name);
    expect(tables.some((t) => String(t).includes("document"))).toBe(false);
    const mentions = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_events WHERE data LIKE '%customer data%'").first<{ n: number }>();
    expect(mentions?.n).toBe(0);
  });

  it("with the account, not a machine: deactivating the license's last machine deletes nothing", async () => {
    const { license_key, machines } = await syncAccount(1);
    const only = machines[0]!;
    await putDoc(only.token, "settings", { keep: true }, 0);
    expect((await deactivate(license_key, only.fingerprint)).status).toBe(200);
    const next = await machineOf(license_key, "after");
    expect((await getDoc(next.token, "settings")).body).toMatchObject({ rev: 1, data: { keep: true } });
  });

  it("apart per account: the same name in two accounts is two documents, and a token reaches only its own", async () => {
    const one = await syncAccount(1);
    const two = await syncAccount(1);
    await putDoc(one.machines[0]!.token, "settings", "one", 0);
    await putDoc(two.machines[0]!.token, "settings", "two", 0);
    expect((await getDoc(one.machines[0]!.token, "settings")).body.data).toBe("one");
    expect((await getDoc(two.machines[0]!.token, "settings")).body.data).toBe("two");
    await deleteDoc(two.machines[0]!.token, "settings", 1);
    expect((await getDoc(one.machines[0]!.token, "settings")).body).toMatchObject({ rev: 1, data: "one" });
    expect((await listDocs(two.machines[0]!.token)).body.documents).toEqual([]);
  });
});
