/**
 * The live sync feed (`GET /v1/sync/live`): one WebSocket per machine, authenticated
 * with the license token, reconnected with exponential backoff and jitter whenever it
 * drops. Events can be missed while disconnected, so every (re)connection is reported
 * and the app should list documents again then. When the API no longer accepts the
 * token (the upgrade refused with 401, or the socket closed with 4001: the token expired,
 * the machine was deactivated, the license revoked) the token is renewed once through an
 * online validate and the feed reconnects at once; if that does not help it stops with
 * UNAUTHORIZED.
 */
import type { ClientContext } from "../context.js";
import { nodeWebSocket, type LiveSocket, type SocketClose, type WebSocketFactory } from "./socket.js";

/** Pushed within a second of each change of a document of the account. */
export interface DocumentEvent {
  type: "document";
  name: string;
  rev: number;
  deleted: boolean;
  /** Activation id of the writer (this machine's own writes come back too). */
  updatedBy: string;
}

export type FeedStatus =
  | { state: "connecting"; attempt: number }
  | { state: "open" }
  | { state: "waiting"; delayMs: number; reason: string }
  /** Final: no more reconnects (closed by the app, or the token is not accepted). */
  | { state: "stopped"; code: string; reason: string };

export interface SubscribeOptions {
  onStatus?: (status: FeedStatus) => void;
  /** Defaults to the client's factory (built-in node:http client). */
  webSocketFactory?: WebSocketFactory;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Close code of a server that no longer accepts this machine's token. */
export const ACCESS_ENDED_CODE = 4001;

export interface LiveSubscription {
  close(): void;
  /** Resolves when the subscription has stopped for good. */
  readonly stopped: Promise<{ code: string; reason: string }>;
}

function readEvent(text: string): DocumentEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.type !== "document" || typeof v.name !== "string" || typeof v.rev !== "number") return undefined;
  return { type: "document", name: v.name, rev: v.rev, deleted: v.deleted === true, updatedBy: typeof v.updated_by === "string" ? v.updated_by : "" };
}

export function subscribeLive(
  ctx: ClientContext,
  refreshToken: () => Promise<boolean>,
  onEvent: (event: DocumentEvent) => void,
  options: SubscribeOptions = {},
): LiveSubscription {
  const factory = options.webSocketFactory ?? ctx.options.webSocketFactory ?? nodeWebSocket;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const url = ctx.transport.apiUrl.replace(/^http/, "ws") + "/v1/sync/live";
  const report = (s: FeedStatus) => options.onStatus?.(s);

  let closedByApp = false;
  let socket: LiveSocket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let refreshed = false;
  let resolveStopped!: (v: { code: string; reason: string }) => void;
  const stopped = new Promise<{ code: string; reason: string }>((r) => (resolveStopped = r));

  let done = false;
  const stop = (code: string, reason: string) => {
    clearTimeout(timer);
    if (done) return;
    done = true;
    report({ state: "stopped", code, reason });
    resolveStopped({ code, reason });
  };

  const retryLater = (reason: string) => {
    failures++;
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - 1, 20));
    const delayMs = Math.floor(step / 2 + ctx.transport.random() * (step / 2));
    report({ state: "waiting", delayMs, reason });
    timer = setTimeout(connect, delayMs);
  };

  const onClose = async (info: SocketClose) => {
    socket = undefined;
    if (closedByApp) return;
    if (info.status === 401 || info.status === 403 || info.code === ACCESS_ENDED_CODE) {
      // The token expired or the seat is gone: renew once through validate, else stop.
      if (!refreshed && (await refreshToken())) {
        refreshed = true;
        return connect();
      }
      return stop("UNAUTHORIZED", "the license token is not accepted; validate or activate again");
    }
    retryLater(info.reason);
  };

  async function connect(): Promise<void> {
    if (closedByApp) return;
    const loaded = await ctx.store.load();
    if (loaded.kind !== "ok" || loaded.state.token === null) return stop("NO_STATE", "no license token is stored");
    report({ state: "connecting", attempt: failures + 1 });
    try {
      socket = openSocket(loaded.state.token);
    } catch (err) {
      // A factory that throws (bad URL, missing implementation) is retried like a drop.
      return retryLater(err instanceof Error ? err.message : String(err));
    }
    if (closedByApp) socket.close();
  }

  function openSocket(token: string): LiveSocket {
    // Only the first close of a connection counts (adapters around other WebSocket
    // implementations may report an end twice, e.g. an error and then a close).
    let ended = false;
    return factory(
      url,
      { authorization: `Bearer ${token}` },
      {
        onOpen: () => {
          failures = 0;
          refreshed = false;
          report({ state: "open" });
        },
        onMessage: (text) => {
          const event = readEvent(text);
          if (event) onEvent(event);
        },
        onClose: (info) => {
          if (ended) return;
          ended = true;
          void onClose(info);
        },
      },
    );
  }

  void connect();
  return {
    close() {
      if (closedByApp) return;
      closedByApp = true;
      clearTimeout(timer);
      socket?.close();
      stop("CLOSED", "closed by the app");
    },
    stopped,
  };
}
