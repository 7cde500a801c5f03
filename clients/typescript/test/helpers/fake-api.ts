/**
 * A real HTTP server on 127.0.0.1 answering with the contract's shapes (API.md), for
 * the parts of the client the engine cannot serve to Node unit tests. Each test gives
 * the handler; every request is recorded.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeApi {
  url: string;
  server: Server;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export function apiError(status: number, code: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): FakeResponse {
  return { status, body: { error: { code, message: `${code} (test)`, request_id: "req_test", ...extra } }, ...(headers ? { headers } : {}) };
}

export async function startFakeApi(handler: Handler): Promise<FakeApi> {
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const request: FakeRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body: text ? JSON.parse(text) : undefined };
      requests.push(request);
      const answer = await handler(request);
      const { date, ...headers } = answer.headers ?? {};
      // An empty "date" asks for no Date header at all (node:http adds one by default).
      if (date === "") res.sendDate = false;
      res.writeHead(answer.status, { "content-type": "application/json", ...(date ? { date } : {}), ...headers });
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
