/**
 * The one JSON object the program prints last on stdout, and its exit status:
 * 0 when ok (and valid where present), 2 for a definite "no", 1 for anything else.
 */
import { DEFINITE_NO_CODES, FINAL_OUTCOMES, type LicenseResult, type SignInResult } from "../index.js";

export interface CliOutput {
  ok: boolean;
  code: string;
  valid?: boolean;
  offline?: boolean;
  expires_at?: string;
  activation_id?: string;
  seats?: number;
  seats_used?: number;
  user_code?: string;
  verification_uri?: string;
  rev?: number;
  message?: string;
  [extra: string]: unknown;
}

export function fromLicenseResult(result: LicenseResult & Partial<SignInResult>): CliOutput {
  const out: CliOutput = { ok: result.ok, code: result.code };
  if (result.valid !== undefined) out.valid = result.valid;
  if (result.offline !== undefined) out.offline = result.offline;
  if (result.expiresAt) out.expires_at = result.expiresAt.toISOString();
  if (result.activationId !== undefined) out.activation_id = result.activationId;
  if (result.seats !== undefined) out.seats = result.seats;
  if (result.seatsUsed !== undefined) out.seats_used = result.seatsUsed;
  if (result.userCode !== undefined) out.user_code = result.userCode;
  if (result.verificationUri !== undefined) out.verification_uri = result.verificationUri;
  if (result.message !== undefined) out.message = result.message;
  return out;
}

/** License commands: a definite "no" exits 2. Sync commands: 0 or 1. */
export function exitStatus(output: CliOutput, licenseCommand: boolean): number {
  if (output.ok && output.valid !== false) return 0;
  if (!licenseCommand) return 1;
  // NOT_FOUND & co are definite as license outcomes (valid: false); as plain errors
  // (an unknown route, e.g. a server without device sign-in) they are not.
  if (FINAL_OUTCOMES.has(output.code)) return output.valid === false ? 2 : 1;
  return DEFINITE_NO_CODES.has(output.code) ? 2 : 1;
}
