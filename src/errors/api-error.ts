import { DEFAULT_MESSAGES, ERROR_STATUS, type ErrorCode } from "./codes";

/** The only error type handlers throw on purpose; anything else is answered as INTERNAL. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, options: { message?: string; details?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown } = {}) {
    // The cause (the failure this answers for) is for logs only: the handler writes code,
    // message and details to the client, never the cause.
    super(options.message ?? DEFAULT_MESSAGES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ApiError";
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
