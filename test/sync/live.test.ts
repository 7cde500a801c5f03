// The live feed (GET /v1/sync/live): every connected machine of the account hears of each
// change within a second; nothing crosses to another account.
import { describe, expect, it } from "vitest";
import { request } from "../helpers/api";
import { deleteDoc, openFeed, putDoc, syncAccount } from "../helpers/sync";

describe("the live feed", () => {
  it("pushes a change to the other machine's socket within a second, and to the writer's own", async () => {
    const { machines } = await syncAccount(2);
    const [desk, laptop] = machines as [(typeof machines)[0], (typeof machines)[0]];
    const laptopFeed = await openFeed(laptop.token);
    const deskFeed = await openFeed(desk.token);

    const started = Date.now();
    const written = await putDoc(desk.token, "settings", { theme: "dark" }, 0);
    await expect.poll(() => laptopFeed.messages.length, { timeout: 1_000, interval: 5 }).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
    const event = { type: "document", name: "settings", rev: written.body.rev, deleted: false, updated_by: desk.activationId };
    expect(laptopFeed.messages).toEqual([event]);
    await expect.poll(() => deskFeed.messages).toEqual([event]);

    await deleteDoc(laptop.token, "settings", 1);
    await expect.poll(() => deskFeed.messages.at(-1)).toEqual({ type: "document", name: "settings", rev: 2, deleted: true, updated_by: laptop.activationId });
  });

  it("says nothing of refused writes, and nothing to another account's machines", async () => {
    const one = await syncAccount(1);
    const two = await syncAccount(1);
    const mine = await openFeed(one.machines[0]!.token);
    const theirs = await openFeed(two.machines[0]!.token);
    await putDoc(one.machines[0]!.token, "a", 1, 0);
    expect((await putDoc(one.machines[0]!.token, "a", 2, 0)).status).toBe(409);
    await putDoc(one.machines[0]!.token, "b", 1, 0);
    await expect.poll(() => mine.messages.map((m) => m.name)).toEqual(["a", "b"]);
    expect(theirs.messages).toEqual([]);
  });

  it("holds at most 3 feeds per machine: a 4th closes the oldest (4002), the newest keep hearing changes", async () => {
    const { machines } = await syncAccount(2);
    const [desk, laptop] = machines as [(typeof machines)[0], (typeof machines)[0]];
    const feeds: Awaited<ReturnType<typeof openFeed>>[] = [];
    for (let i = 0; i < 4; i++) feeds.push(await openFeed(desk.token));
    const laptopFeed = await openFeed(laptop.token);

    await expect.poll(() => feeds[0]!.closed()?.code).toBe(4002);
    await putDoc(laptop.token, "settings", { theme: "dark" }, 0);
    for (const feed of feeds.slice(1)) await expect.poll(() => feed.messages.length).toBe(1);
    for (const feed of feeds.slice(1)) expect(feed.closed()).toBeNull();
    expect(laptopFeed.closed()).toBeNull();
  });

  it("answers ping with pong", async () => {
    const { machines } = await syncAccount(1);
    const feed = await openFeed(machines[0]!.token);
    feed.ws.send("ping");
    await expect.poll(() => feed.messages).toEqual([{ type: "pong" }]);
    expect(feed.closed()).toBeNull();
  });

  it("is a WebSocket only: a plain GET is a 400", async () => {
    const { machines } = await syncAccount(1);
    const res = await request("/v1/sync/live", { headers: { authorization: `Bearer ${machines[0]!.token}` } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("INVALID_REQUEST");
  });
});
