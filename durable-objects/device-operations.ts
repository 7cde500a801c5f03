/**
 * The account's side of desktop sign-in: the signed-in customer approves or denies a
 * pending authorization (its object, device-authorization-object.ts, holds the code).
 * Approval is an activation like any other — the same `activate` decision, so the same
 * seat rules, audit trail and live portal push — by the customer, on the account's
 * license, preceded by `device.approved`. Each authorization is approved once: a second
 * approval (two clicks, a retried call) gives the same machine and audits nothing.
 */
import { activate } from "./account-operations";
import { WRITE_NEEDED, type AccountStore } from "./account-store";
import { checkSession } from "./auth-operations";
import type { DeviceRequest } from "./device-types";
import type { ActivateInput, ActivateResult, CallContext, LicenseView, MachineView } from "./types";

export interface DeviceDecisionInput {
  sessionHash: string;
  requestId: string | null;
  request: DeviceRequest;
}

export interface ApproveDeviceInput extends DeviceDecisionInput {
  /** The license to activate on; the account's (active) license when absent. */
  licenseId?: string | undefined;
}

export type ApproveDeviceResult =
  | { ok: true; created: boolean; activation: MachineView; license: LicenseView; keyCiphertext: string }
  | { ok: false; code: "UNAUTHORIZED" | "LICENSE_NOT_FOUND" }
  | Extract<ActivateResult, { ok: false }>;

export function approveDevice(store: AccountStore, input: ApproveDeviceInput, nowMs: number): ApproveDeviceResult {
  const session = checkSession(store, input, nowMs);
  if (!session.ok) return { ok: false, code: "UNAUTHORIZED" };
  const approvedOn = store.devices.approvedLicense(input.request.authorizationId);
  // Approved before: on the license it was approved on, whatever this call names.
  const licenseId = approvedOn ?? input.licenseId;
  const license = licenseId ? store.licenseById(licenseId) : defaultLicense(store);
  if (!license) return { ok: false, code: "LICENSE_NOT_FOUND" };

  const context: CallContext = { actor: { type: "customer", id: session.email }, requestId: input.requestId };
  const { request } = input;
  const activation: ActivateInput = {
    ...context,
    keyHash: license.key_hash,
    fingerprint: request.fingerprint,
    name: request.name,
    platform: request.platform,
    appVersion: request.appVersion,
    components: request.components,
  };
  if (approvedOn === null) {
    // The approval is audited before the activation it causes, so it is written only
    // once the activation is known to go through (a refused one writes nothing).
    const refused = refusal(store, activation, nowMs);
    if (refused) return refused;
    store.change(nowMs, context, license.account_id).audit(
      "device.approved",
      { type: "device", id: request.authorizationId },
      {
        user_code: request.userCode,
        license_id: license.id,
        fingerprint: request.fingerprint,
        name: request.name ?? null,
        platform: request.platform ?? null,
        country: request.country ?? null,
      },
    );
    store.devices.record(request.authorizationId, license.id, nowMs);
  }
  // Approved before: the same decision again, which finds the machine already active.
  const result = activate(store, activation, nowMs);
  if (!result.ok) return result;
  return { ok: true, created: result.created, activation: result.activation, license: result.license, keyCiphertext: license.key_ciphertext };
}

/** A denial is final (its object holds it); here it is only recorded, by the customer who made it. */
export function recordDeviceDenial(store: AccountStore, input: DeviceDecisionInput, nowMs: number): { ok: boolean } {
  const session = checkSession(store, input, nowMs);
  if (!session.ok) return { ok: false };
  const account = store.account()!;
  const { request } = input;
  store.change(nowMs, { actor: { type: "customer", id: session.email }, requestId: input.requestId }, account.id).audit(
    "device.denied",
    { type: "device", id: request.authorizationId },
    {
      user_code: request.userCode,
      fingerprint: request.fingerprint,
      name: request.name ?? null,
      platform: request.platform ?? null,
      country: request.country ?? null,
    },
  );
  return { ok: true };
}

/** One license per product: the active one, else whichever there is (its status then answers). */
function defaultLicense(store: AccountStore) {
  const licenses = store.licenses();
  return licenses.find((l) => l.status === "active") ?? licenses[0] ?? null;
}

/**
 * Whether `activate` would refuse, found without writing: run read-only, a decision that
 * would write stops at its first write (WRITE_NEEDED) — and activate decides every
 * refusal before it writes anything, so stopping there means it goes through.
 */
function refusal(store: AccountStore, input: ActivateInput, nowMs: number): Extract<ActivateResult, { ok: false }> | null {
  const before = store.readOnly;
  store.readOnly = true;
  try {
    const result = activate(store, input, nowMs);
    return result.ok ? null : result;
  } catch (err) {
    if (err === WRITE_NEEDED) return null;
    throw err;
  } finally {
    store.readOnly = before;
  }
}
