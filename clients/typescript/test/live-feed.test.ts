// The live feed's built-in WebSocket client against a real WebSocket server (the `ws`
// package): bearer header, events, reconnection with backoff, and a stop on 401.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import type { DocumentEvent, FeedStatus } from "../src/index.js";
import { StateStore } from "../src/state/state-store.js";
import { testClient } from "./helpers/setup.js";
import { makeKey } from "./helpers/tokens.js";

const key = makeKey("current");
let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

/** A feed server: accepts the upgrade when `accept(authorization)` says so, else 401. */
async function feedServer(accept: (authorization: string | undefined) => boolean, onConnection: (ws: WebSocket, n: number) => void) {
  const wss = new WebSocketServer({ noServer: true });
  let connections = 0;
  server = createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => {
    if (req.url !== "/v1/sync/live" || !accept(req.headers.authorization)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, ++connections));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function clientWithToken(url: string, token: string | null) {
  const t = testClient(url, [key]);
  if (token !== null) await new StateStore(t.stateDir).save({ api: url, licenseKey: "CGPT-KEY", token, highWater: 0, finalCode: null, syncRevs: {} });
  return t.client;
}

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("live feed", () => {
  it("sends the bearer token, delivers events, and reconnects after a drop", async () => {
    const auth: Array<string | undefined> = [];
    const url = await feedServer(
      (a) => {
        auth.push(a);
        return a === "Bearer tok.en.one";
      },
      (ws, n) => {
        ws.send(JSON.stringify({ type: "document", name: `doc${n}`, rev: n, deleted: false, updated_by: "act_2" }));
        ws.send("not json");
        ws.send(JSON.stringify({ type: "license", license: {} }));
        if (n === 1) setTimeout(() => ws.terminate(), 20); // an abrupt drop
      },
    );
    const client = await clientWithToken(url, "tok.en.one");
    const events: DocumentEvent[] = [];
    const statuses: FeedStatus[] = [];
    const sub = client.subscribe((e) => events.push(e), { onStatus: (s) => statuses.push(s), baseDelayMs: 50 });
    await until(() => events.length === 2);
    sub.close();
    expect(await sub.stopped).toEqual({ code: "CLOSED", reason: "closed by the app" });
    expect(events).toEqual([
      { type: "document", name: "doc1", rev: 1, deleted: false, updatedBy: "act_2" },
      { type: "document", name: "doc2", rev: 2, deleted: false, updatedBy: "act_2" },
    ]);
    expect(auth).toEqual(["Bearer tok.en.one", "Bearer tok.en.one"]);
    const states = statuses.map((s) => s.state);
    expect(states.slice(0, 4)).toEqual(["connecting", "open", "waiting", "connecting"]);
    const wait = statuses.find((s) => s.state === "waiting");
    expect(wait && "delayMs" in wait && wait.delayMs).toBeGreaterThanOrEqual(25);
  });

  it("answers pings, and reassembles a message sent in fragments", async () => {
    let ponged = false;
    const big = "x".repeat(70_000); // 64-bit length frames
    const url = await feedServer(
      () => true,
      (ws) => {
        ws.on("pong", () => (ponged = true));
        ws.ping();
        const text = JSON.stringify({ type: "document", name: "big", rev: 7, deleted: true, updated_by: big });
        ws.send(text.slice(0, 10), { fin: false });
        ws.send(text.slice(10, 40_000), { fin: false });
        ws.send(text.slice(40_000), { fin: true });
      },
    );
    const client = await clientWithToken(url, "tok.en.one");
    const events: DocumentEvent[] = [];
    const sub = client.subscribe((e) => events.push(e));
    await until(() => events.length === 1 && ponged);
    sub.close();
    expect(events[0]).toMatchObject({ name: "big", rev: 7, deleted: true });
    expect(events[0]!.updatedBy).toHaveLength(70_000);
  });

  it("backs off with growing delays while the server is down", async () => {
    const url = await feedServer(
      () => true,
      () => {},
    );
    server!.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const client = await clientWithToken(url, "tok.en.one");
    const delays: number[] = [];
    const sub = client.subscribe(() => {}, {
      baseDelayMs: 10,
      maxDelayMs: 80,
      onStatus: (s) => void (s.state === "waiting" && delays.push(s.delayMs)),
    });
    await until(() => delays.length >= 6);
    sub.close();
    // random() is 0.5 in tests: 3/4 of each step, the step doubling up to the cap.
    expect(delays.slice(0, 6)).toEqual([7, 15, 30, 60, 60, 60]);
  });

  it("renews the token once on 401, then stops with UNAUTHORIZED", async () => {
    const url = await feedServer(
      () => false,
      () => {},
    );
    const client = await clientWithToken(url, "tok.en.old");
    const sub = client.subscribe(() => {}, { baseDelayMs: 10 });
    // validate() goes to the same server, which answers 404: no renewal possible.
    expect(await sub.stopped).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a socket the server closes with 4001 (machine deactivated, token expired) renews the token at once, then stops if that cannot help", async () => {
    let validations = 0;
    const url = await feedServer(
      (a) => a === "Bearer tok.en.one",
      (ws) => setTimeout(() => ws.close(4001, "this machine may no longer sync"), 20),
    );
    // The same server answers validate: not activated any more (a final answer).
    server!.removeAllListeners("request");
    server!.on("request", (req, res) => {
      if (req.url === "/v1/licenses/validate") validations++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ valid: false, code: "NOT_ACTIVATED" }));
    });
    const client = await clientWithToken(url, "tok.en.one");
    const statuses: FeedStatus[] = [];
    const sub = client.subscribe(() => {}, { baseDelayMs: 60_000, onStatus: (s) => statuses.push(s) });
    // No backoff wait (a minute here) between the close and the renewal.
    expect(await sub.stopped).toMatchObject({ code: "UNAUTHORIZED" });
    expect(validations).toBe(1);
    expect(statuses.map((s) => s.state)).toEqual(["connecting", "open", "stopped"]);
  });

  it("does not connect without a stored token", async () => {
    const client = await clientWithToken("http://127.0.0.1:9", null);
    expect(await client.subscribe(() => {}).stopped).toMatchObject({ code: "NO_STATE" });
  });
});
