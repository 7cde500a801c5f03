/**
 * A WebSocket client just big enough for the live feed, over node:http's upgrade.
 *
 * Why not the global WebSocket: Node 20 has none, and the WHATWG WebSocket of Node 22+
 * cannot send an `Authorization` header, which the feed requires. Why not the `ws`
 * package: this library depends on jose only. Apps that prefer another implementation
 * pass their own WebSocketFactory (a few lines around `ws`, see the README).
 *
 * It speaks RFC 6455 as a client: masked frames out; text, ping, pong, close and
 * fragmented messages in; binary messages ignored; a keep-alive ping so a silently dead
 * connection (sleeping laptop, NAT timeout) is noticed and replaced.
 */
import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Duplex } from "node:stream";

export interface SocketClose {
  /** The HTTP status when the server refused the upgrade (401 = token not accepted). */
  status?: number;
  /** The WebSocket close code when the server closed the connection. */
  code?: number;
  reason: string;
}

export interface SocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  /** Called exactly once, whatever ended the connection. */
  onClose(info: SocketClose): void;
}

export interface LiveSocket {
  close(): void;
}

export type WebSocketFactory = (url: string, headers: Record<string, string>, handlers: SocketHandlers) => LiveSocket;

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const MAX_MESSAGE_BYTES = 1 << 20;
const KEEPALIVE_MS = 30_000;

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.alloc(2) : len < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (len < 126) head[1] = 0x80 | len;
  else if (len < 65_536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(len, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  // Clients must mask every frame (RFC 6455 §5.3).
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ mask[i & 3]!;
  return Buffer.concat([head, mask, body]);
}

/** The default factory: ws:// over node:http, wss:// over node:https. */
export const nodeWebSocket: WebSocketFactory = (url, headers, handlers) => {
  const target = new URL(url);
  const secure = target.protocol === "wss:" || target.protocol === "https:";
  // The handshake is a plain HTTP(S) request that asks to switch protocols.
  target.protocol = secure ? "https:" : "http:";
  const key = randomBytes(16).toString("base64");
  const expectedAccept = createHash("sha1")
    .update(key + GUID)
    .digest("base64");
  let socket: Duplex | undefined;
  let closed = false;
  let keepAlive: NodeJS.Timeout | undefined;
  let heardSinceLastPing = true;

  const finish = (info: SocketClose, graceful = false) => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    if (!graceful) socket?.destroy();
    else setTimeout(() => socket?.destroy(), 1_000).unref(); // let the close frame out first
    if (!socket) req.destroy();
    handlers.onClose(info);
  };
  const send = (opcode: number, payload: Buffer) => {
    if (socket && !socket.destroyed) socket.write(frame(opcode, payload));
  };

  const req = (secure ? httpsRequest : httpRequest)(target, {
    headers: {
      ...headers,
      connection: "Upgrade",
      upgrade: "websocket",
      "sec-websocket-version": "13",
      "sec-websocket-key": key,
    },
  });
  req.on("response", (res: IncomingMessage) => {
    res.resume();
    finish({ status: res.statusCode ?? 0, reason: `upgrade refused with HTTP ${res.statusCode}` });
  });
  req.on("error", (err) => finish({ reason: err.message }));
  req.on("upgrade", (res: IncomingMessage, upgraded: Duplex, head: Buffer) => {
    socket = upgraded;
    if (res.headers["sec-websocket-accept"] !== expectedAccept) return finish({ status: 101, reason: "bad Sec-WebSocket-Accept" });
    let buffer = head;
    let parts: Buffer[] = [];
    let partsBytes = 0;
    let partsText = false;

    const onFrame = (fin: boolean, opcode: number, payload: Buffer): boolean => {
      heardSinceLastPing = true;
      if (opcode === 0x9) send(0xa, payload);
      else if (opcode === 0x8) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        send(0x8, payload.subarray(0, 2));
        socket?.end();
        finish({ code, reason: payload.subarray(2).toString("utf8") || "closed by the server" }, true);
        return false;
      } else if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) {
        if (opcode !== 0x0) {
          parts = [];
          partsBytes = 0;
          partsText = opcode === 0x1;
        }
        parts.push(payload);
        partsBytes += payload.length;
        if (partsBytes > MAX_MESSAGE_BYTES) {
          send(0x8, Buffer.from([0x03, 0xf1])); // 1009: message too big
          finish({ code: 1009, reason: "message too big" });
          return false;
        }
        if (fin) {
          if (partsText) handlers.onMessage(Buffer.concat(parts).toString("utf8"));
          parts = [];
          partsBytes = 0;
        }
      }
      return true;
    };

    const drain = () => {
      while (!closed && buffer.length >= 2) {
        const b0 = buffer[0]!;
        const b1 = buffer[1]!;
        if (b1 & 0x80) return finish({ code: 1002, reason: "the server masked a frame" });
        let len = b1 & 0x7f;
        let offset = 2;
        if (len === 126) {
          if (buffer.length < 4) return;
          len = buffer.readUInt16BE(2);
          offset = 4;
        } else if (len === 127) {
          if (buffer.length < 10) return;
          const big = buffer.readBigUInt64BE(2);
          if (big > BigInt(MAX_MESSAGE_BYTES)) return finish({ code: 1009, reason: "message too big" });
          len = Number(big);
          offset = 10;
        }
        if (buffer.length < offset + len) return;
        const payload = buffer.subarray(offset, offset + len);
        buffer = buffer.subarray(offset + len);
        if (!onFrame((b0 & 0x80) !== 0, b0 & 0x0f, payload)) return;
      }
    };

    upgraded.on("data", (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      drain();
    });
    upgraded.on("close", () => finish({ code: 1006, reason: "connection lost" }));
    upgraded.on("error", (err) => finish({ code: 1006, reason: err.message }));
    keepAlive = setInterval(() => {
      if (!heardSinceLastPing) return finish({ code: 1006, reason: "no answer to keep-alive ping" });
      heardSinceLastPing = false;
      send(0x9, Buffer.alloc(0));
    }, KEEPALIVE_MS);
    keepAlive.unref();
    handlers.onOpen();
    drain();
  });
  req.end();

  return {
    close() {
      if (closed) return;
      send(0x8, Buffer.from([0x03, 0xe8])); // 1000: normal closure
      socket?.end();
      finish({ code: 1000, reason: "closed by the client" }, true);
    },
  };
};
