// The few parts of the `ws` package (a root devDependency, without bundled types) that
// the live-feed test uses as the server side.
declare module "ws" {
  import type { IncomingMessage, Server } from "node:http";
  import type { Duplex } from "node:stream";
  export class WebSocket {
    send(data: string, options?: { fin?: boolean; binary?: boolean }): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
    ping(): void;
    on(event: "close", listener: () => void): this;
    on(event: "pong", listener: () => void): this;
  }
  export class WebSocketServer {
    constructor(options: { noServer: true });
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, callback: (ws: WebSocket) => void): void;
    close(): void;
  }
  export type { Server };
}
