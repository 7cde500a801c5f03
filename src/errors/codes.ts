/**
 * The one list of error codes the API can answer with, and the status of each.
 * API.md's table is the contract; codes may be added, never renamed.
 */
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  SIGNATURE_INVALID: 400,
  // Device sign-in polling outcomes (RFC 8628's error names, in this API's envelope).
  AUTHORIZATION_PENDING: 400,
  SLOW_DOWN: 400,
  ACCESS_DENIED: 400,
  EXPIRED_TOKEN: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  LICENSE_SUSPENDED: 403,
  LICENSE_REVOKED: 403,
  NOT_FOUND: 404,
  LICENSE_NOT_FOUND: 404,
  ACTIVATION_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  SEAT_LIMIT_REACHED: 409,
  ALREADY_APPROVED: 409,
  REVISION_CONFLICT: 409,
  DOCUMENT_LIMIT_REACHED: 409,
  EMAIL_IN_USE: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  DEACTIVATION_LIMIT_REACHED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Default human-readable sentence per code; a thrower may give a more specific one. */
export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  INVALID_REQUEST: "The request is not valid.",
  SIGNATURE_INVALID: "The signature is missing, invalid or too old.",
  AUTHORIZATION_PENDING: "The sign-in has not been approved yet. Poll again after the interval.",
  SLOW_DOWN: "Polling too fast: wait the interval (now 5 seconds longer) between polls.",
  ACCESS_DENIED: "The sign-in was denied in the portal.",
  EXPIRED_TOKEN: "This device code is unknown or has expired. Start the sign-in again.",
  UNAUTHORIZED: "Authentication is required.",
  FORBIDDEN: "You are not allowed to do this.",
  LICENSE_SUSPENDED: "This license is suspended while a payment dispute is open.",
  LICENSE_REVOKED: "This license has been revoked.",
  NOT_FOUND: "Not found.",
  LICENSE_NOT_FOUND: "No license matches this key.",
  ACTIVATION_NOT_FOUND: "This machine is not activated on this license.",
  METHOD_NOT_ALLOWED: "This method is not allowed on this route.",
  SEAT_LIMIT_REACHED: "Every seat of this license is in use. Deactivate a machine first.",
  ALREADY_APPROVED: "This sign-in was already approved. To undo it, deactivate the machine.",
  REVISION_CONFLICT: "The document changed since the revision this write is based on. Read it again, merge, and retry.",
  DOCUMENT_LIMIT_REACHED: "This account already holds the most documents it may. Delete one first.",
  EMAIL_IN_USE: "Another account already has this email.",
  PAYLOAD_TOO_LARGE: "The request body is larger than 64 KiB.",
  RATE_LIMITED: "Too many requests. Try again later.",
  DEACTIVATION_LIMIT_REACHED: "This license's machine swaps for the last 30 days are used up. Support can help if you need one sooner.",
  INTERNAL: "Something went wrong on our side.",
  UNAVAILABLE: "A backing service is unavailable. Nothing was changed; it is safe to retry.",
};
