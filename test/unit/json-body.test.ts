import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "../../src/errors/api-error";
import { DRAIN_LIMIT_BYTES, MAX_BODY_BYTES, readBodyBytes, readJsonBody } from "../../src/http/json-body";

/** A streamed (chunked) request body that records how much of it the server pulled. */
function streamedBody(total: number, chunk = 8192) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= total) return controller.close();
      const size = Math.min(chunk, total - seen.pulled);
      seen.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return {
    seen,
    request: new Request("https://api.test/x", { method: "POST", body, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit),
  };
}

async function errorOf(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe("reading request bodies", () => {
  it("an oversized streamed body is a 413, read to its end so the connection stays in step", async () => {
    const { seen, request } = streamedBody(70 * 1024);
    expect((await errorOf(readBodyBytes(request, MAX_BODY_BYTES))).code).toBe("PAYLOAD_TOO_LARGE");
    expect(seen.pulled).toBe(70 * 1024);
    expect(seen.cancelled).toBe(false);
  });

  it("a body past the drain limit is cut off rather than read forever", async () => {
    const { seen, request } = streamedBody(50 * 1024 * 1024);
    expect((await errorOf(readBodyBytes(request, MAX_BODY_BYTES))).code).toBe("PAYLOAD_TOO_LARGE");
    expect(seen.pulled).toBeLessThanOrEqual(DRAIN_LIMIT_BYTES + 8192);
    expect(seen.cancelled).toBe(true);
  });

  it("a body within the limit is returned whole", async () => {
    const { request } = streamedBody(MAX_BODY_BYTES);
    expect((await readBodyBytes(request, MAX_BODY_BYTES)).byteLength).toBe(MAX_BODY_BYTES);
  });

  describe("JSON bodies need Content-Type: application/json", () => {
    const schema = z.object({ a: z.number() });
    const post = (contentType: string | null) =>
      new Request("https://api.test/x", { method: "POST", body: '{"a":1}', headers: contentType === null ? {} : { "content-type": contentType } });

    it.each(["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"])("%s is read", async (type) => {
      expect(await readJsonBody(post(type), schema)).toEqual({ a: 1 });
    });

    // A cross-site form can send text/plain, urlencoded or multipart bodies without a
    // CORS preflight; requiring JSON's own type takes that vector away on every route.
    it.each([
      null,
      "text/plain",
      "text/plain;charset=UTF-8",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      "application/json-patch",
    ])("%s is refused as INVALID_REQUEST before the body is read", async (type) => {
      const err = await errorOf(readJsonBody(post(type), schema));
      expect(err.code).toBe("INVALID_REQUEST");
      expect(err.message).toMatch(/application\/json/);
    });
  });
});
