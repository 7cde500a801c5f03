// Sync against the contract's shapes: list/get/put/delete with revision checks, the
// conflict helper (fetch, merge, retry on REVISION_CONFLICT), token renewal on 401.
import { afterEach, describe, expect, it } from "vitest";
import { SyncError } from "../src/index.js";
import { startSyncApi, type SyncApi } from "./helpers/sync-api.js";
import { testClient } from "./helpers/setup.js";
import { makeKey } from "./helpers/tokens.js";

const key = makeKey("current");
let api: SyncApi;
afterEach(() => api?.close());

async function signedIn() {
  api = await startSyncApi(key);
  const t = testClient(api.url, [key]);
  expect((await t.client.activate("CGPT-KEY")).ok).toBe(true);
  return t.client;
}

describe("sync documents", () => {
  it("creates, reads, lists, updates on the right revision and deletes", async () => {
    const client = await signedIn();
    expect(await client.getDocument("settings")).toBeNull();
    expect(await client.putDocument("settings", { theme: "dark" }, 0)).toMatchObject({ name: "settings", rev: 1 });
    expect(await client.getDocument("settings")).toMatchObject({ rev: 1, data: { theme: "dark" }, updatedBy: "act_1" });
    expect(await client.listDocuments()).toEqual([expect.objectContaining({ name: "settings", rev: 1, size: 16 })]);
    expect(await client.lastSeenRevision("settings")).toBe(1);
    expect((await client.putDocument("settings", { theme: "light" }, 1)).rev).toBe(2);
    await client.deleteDocument("settings", 2);
    expect(await client.getDocument("settings")).toBeNull();
    expect(await client.listDocuments()).toEqual([]);
    expect(api.requests.filter((r) => r.path.startsWith("/v1/sync")).every((r) => /^Bearer ey/.test(String(r.headers.authorization)))).toBe(true);
  });

  it("throws REVISION_CONFLICT with the current revision on a stale write", async () => {
    const client = await signedIn();
    await client.putDocument("presets", [1], 0);
    api.writeAsOther("presets", [1, 2]);
    const err = await client.putDocument("presets", [1, 3], 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect(err).toMatchObject({ code: "REVISION_CONFLICT", status: 409, currentRev: 2 });
  });

  it("merges again when another machine writes between read and write", async () => {
    const client = await signedIn();
    await client.putDocument("presets", ["a"], 0);
    let interleave = true;
    api.hooks.beforePut = (name) => {
      if (!interleave) return;
      interleave = false;
      api.writeAsOther(name, ["a", "b"]); // lands after our read, before our write
    };
    const seen: unknown[] = [];
    const result = await client.updateDocument<string[]>("presets", (current) => {
      seen.push(current?.data);
      return [...(current?.data ?? []), "c"];
    });
    expect(seen).toEqual([["a"], ["a", "b"]]);
    expect(result).toMatchObject({ rev: 3, conflicts: 1 });
    expect((await client.getDocument("presets"))?.data).toEqual(["a", "b", "c"]);
  });

  it("recreates a deleted document on top of its tombstone", async () => {
    const client = await signedIn();
    await client.putDocument("notes", "x", 0);
    await client.deleteDocument("notes", 1);
    const result = await client.updateDocument("notes", (current) => (current === null ? "fresh" : "merged"));
    expect(result).toMatchObject({ rev: 3, conflicts: 1 });
  });

  it("gives up after the bounded number of conflicts", async () => {
    const client = await signedIn();
    api.hooks.beforePut = (name) => void api.writeAsOther(name, Math.random());
    const err = await client.updateDocument("busy", () => 1, { maxAttempts: 3 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "REVISION_CONFLICT" });
  });

  it("renews the token once on 401, then retries", async () => {
    const client = await signedIn();
    api.accepted.clear(); // the server no longer accepts the stored token
    expect(await client.listDocuments()).toEqual([]);
    expect(api.requests.filter((r) => r.path === "/v1/licenses/validate")).toHaveLength(1);
  });

  it("refuses names outside the contract and works only with a stored token", async () => {
    const client = await signedIn();
    await expect(client.getDocument("../admin")).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    await expect(client.putDocument("Settings", {}, 0)).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    const stranger = testClient(api.url, [key]).client;
    await expect(stranger.listDocuments()).rejects.toMatchObject({ code: "NO_STATE" });
  });
});
