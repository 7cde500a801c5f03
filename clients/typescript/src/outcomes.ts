/**
 * What the licensing calls answer. An outcome is data, never an exception: the app
 * decides what to show from `code`, the same codes the C# client and the command-line
 * programs report (CLIENTS.md).
 */

/** Codes the client makes up itself (everything else is the API's own code). */
export const ClientCode = {
  VALID_OFFLINE: "VALID_OFFLINE",
  OFFLINE_EXPIRED: "OFFLINE_EXPIRED",
  OFFLINE_TOKEN_INVALID: "OFFLINE_TOKEN_INVALID",
  CLOCK_ROLLBACK: "CLOCK_ROLLBACK",
  NO_STATE: "NO_STATE",
  NETWORK: "NETWORK",
  CANCELLED: "CANCELLED",
} as const;

/**
 * Validate outcomes that end offline grace at once: the stored token is dropped,
 * because the server said, definitively, that this machine is not licensed.
 */
export const FINAL_OUTCOMES: ReadonlySet<string> = new Set(["REVOKED", "NOT_FOUND", "NOT_ACTIVATED", "SUSPENDED"]);

/**
 * Error codes (non-2xx answers) with the same effect. A plain 404 `NOT_FOUND` error is
 * not among them: that is an unknown route (a wrong API address), not a license answer.
 */
export const FINAL_ERRORS: ReadonlySet<string> = new Set(["LICENSE_REVOKED", "LICENSE_SUSPENDED", "LICENSE_NOT_FOUND"]);

/**
 * A definite "no": the license answer itself is negative (as opposed to "could not
 * find out"). The command-line program exits 2 for these, 1 for anything else.
 */
export const DEFINITE_NO_CODES: ReadonlySet<string> = new Set([
  ...FINAL_OUTCOMES,
  ...FINAL_ERRORS,
  "SEAT_LIMIT_REACHED",
  "DEACTIVATION_LIMIT_REACHED",
  "ACCESS_DENIED",
  ClientCode.OFFLINE_EXPIRED,
  ClientCode.OFFLINE_TOKEN_INVALID,
  ClientCode.CLOCK_ROLLBACK,
  ClientCode.NO_STATE,
]);

/** Is this validate outcome (the `code` of a 200 answer) final? */
export function isFinalOutcome(code: string): boolean {
  return FINAL_OUTCOMES.has(code);
}

/** Is this error code (of a non-2xx answer) final? */
export function isFinalError(code: string): boolean {
  return FINAL_ERRORS.has(code);
}

/** The license as the API shows it (API.md, "Desktop app API"). */
export interface LicenseInfo {
  id: string;
  status: string;
  seats: number;
  seats_used: number;
  product: string;
  entitlements: string[];
}

export interface ActivationInfo {
  id: string;
  fingerprint: string;
  name: string | null;
  platform: string | null;
  activated_at: string;
  last_seen_at: string;
}

/** The answer of activate, validate, deactivate, status and signIn. */
export interface LicenseResult {
  /** True when the call did what was asked (and, for checks, the license is valid). */
  ok: boolean;
  /** The API's outcome or error code, or one of {@link ClientCode}. */
  code: string;
  /** Present for checks (validate, status): may the app run its licensed features? */
  valid?: boolean;
  /** True when the answer was decided from the stored token, without the server. */
  offline?: boolean;
  /** Expiry of the stored license token: offline grace lasts until then. */
  expiresAt?: Date;
  activationId?: string;
  seats?: number;
  seatsUsed?: number;
  license?: LicenseInfo;
  activation?: ActivationInfo;
  /** A sentence for logs; never shown as the only explanation of a code. */
  message?: string;
}
