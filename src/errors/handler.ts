import { log } from "../core/log";
import { ApiError } from "./api-error";
import { DEFAULT_MESSAGES, ERROR_STATUS, type ErrorCode } from "./codes";

export interface ErrorBody {
  error: { code: ErrorCode; message: string; request_id: string; details?: Record<string, unknown> };
}

export function errorResponse(
  code: ErrorCode,
  requestId: string,
  options: { message?: string; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Response {
  const body: ErrorBody = {
    error: { code, message: options.message ?? DEFAULT_MESSAGES[code], request_id: requestId },
  };
  if (options.details) body.error.details = options.details;
  return new Response(JSON.stringify(body), {
    status: ERROR_STATUS[code],
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-request-id": requestId,
      ...options.headers,
    },
  });
}

/**
 * The single catch for every route: ApiErrors become their envelope; anything else is
 * logged with the request id and answered with a generic INTERNAL message, so no stack,
 * SQL or exception text ever reaches a client.
 */
export function toErrorResponse(err: unknown, requestId: string): Response {
  if (err instanceof ApiError) {
    return errorResponse(err.code, requestId, {
      message: err.message,
      ...(err.details ? { details: err.details } : {}),
      ...(err.headers ? { headers: err.headers } : {}),
    });
  }
  log.error("unhandled_error", { request_id: requestId, error: err });
  return errorResponse("INTERNAL", requestId);
}
