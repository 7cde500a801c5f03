import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { apiUrl } from "./api";

// Under `wrangler dev` (the stack `npm start` runs), an oversized chunked upload that the
// API cut off mid-stream once left the dev proxy stuck: the very next request never got
// its answer. These run against that real stack, not inside vitest's workerd.

/** POSTs `size` bytes as a chunked body in 8 KiB pieces; resolves with the status. */
function postChunked(path: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(apiUrl() + path);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    const piece = Buffer.alloc(8192, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

async function status(path: string, init?: RequestInit): Promise<number> {
  const res = await fetch(apiUrl() + path, { ...init, signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return res.status;
}

describe("oversized request bodies under wrangler dev", () => {
  it("a chunked 70 KiB body is a 413, and the requests after it are answered", async () => {
    for (let round = 0; round < 3; round++) {
      expect(await postChunked("/v1/licenses/activate", 70 * 1024)).toBe(413);
      expect(await status("/v1/health")).toBe(200);
      expect(await status("/v1/health")).toBe(200);
    }
  });

  it("requests sent at the same moment as oversized ones all get their normal answers", async () => {
    const uploads = Array.from({ length: 5 }, () => postChunked("/v1/licenses/validate", 200 * 1024));
    const health = Array.from({ length: 10 }, () => status("/v1/health"));
    expect(await Promise.all(uploads)).toEqual(Array(5).fill(413));
    expect(await Promise.all(health)).toEqual(Array(10).fill(200));
  });

  it("a declared Content-Length past the limit is a 413 without reading, and the next request is answered", async () => {
    const big = "x".repeat(70 * 1024);
    expect(await status("/v1/licenses/activate", { method: "POST", headers: { "content-type": "application/json" }, body: big })).toBe(413);
    expect(await status("/v1/health")).toBe(200);
  });
});
