import type { z } from "zod";
import { ApiError } from "../errors/api-error";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON body with a hard 64 KiB cap (checked against Content-Length first, then
 * while streaming, so a lying or missing header cannot get a larger body buffered),
 * strict UTF-8, and zod validation whose details name every bad field by its path.
 * Unknown fields are ignored, so newer desktop apps can talk to this API unchanged.
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, limit = MAX_BODY_BYTES): Promise<z.output<S>> {
  assertJsonContentType(request);
  const bytes = await readBodyBytes(request, limit);

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (err) {
    throw new ApiError("INVALID_REQUEST", { message: "The request body is not valid UTF-8.", cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ApiError("INVALID_REQUEST", { message: "The request body is not valid JSON.", cause: err });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new ApiError("INVALID_REQUEST", {
      message: "Some fields are missing or invalid.",
      details: {
        fields: parsed.error.issues.map((issue) => ({
          path: issue.path.length ? issue.path.join(".") : "(body)",
          code: issue.code,
          message: issue.message,
        })),
      },
    });
  }
  return parsed.data;
}

/**
 * A browser sends a cross-site form (text/plain, urlencoded, multipart) without asking
 * first, and a text/plain body can be valid JSON: only `application/json`, which a
 * foreign page cannot send without a CORS preflight, is read as JSON.
 */
function assertJsonContentType(request: Request): void {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError("INVALID_REQUEST", { message: "Send the body as JSON with Content-Type: application/json." });
  }
}

/**
 * How much of an oversized body is read (and dropped) before answering 413. Cancelling
 * the stream while the client is still sending left `wrangler dev`'s proxy (≤ 4.86) with
 * a half-read upload, and the next request on it never got an answer: reading the rest
 * keeps the connection in step. Past this much the sender is abusive and is cut off.
 */
export const DRAIN_LIMIT_BYTES = 1024 * 1024;

/** The raw body, refused with 413 past `limit` bytes (declared or actually sent). */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw new ApiError("PAYLOAD_TOO_LARGE");
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await drain(reader, DRAIN_LIMIT_BYTES - size);
      throw new ApiError("PAYLOAD_TOO_LARGE");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Reads and drops up to `budget` more bytes, then cancels whatever is left. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  try {
    while (budget > 0) {
      const { done, value } = await reader.read();
      if (done) return;
      budget -= value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to keep in step.
  }
}
