/**
 * The account object's decisions. Each operation reads state, decides and writes with
 * no await anywhere: the caller runs it inside storage.transactionSync, so concurrent
 * requests can only ever see the state before or after it, never in between.
 */
import { productById, seatPolicyOf } from "../src/core/catalog";
import type { LicenseRow, MachineRow } from "../src/core/db-schema";
import { newId } from "../src/core/ids";
import { findSameMachine } from "../src/core/machine-match";
import { staleMachine } from "../src/core/seat-policies";
import { machineView, type AccountStore } from "./account-store";
import type { Change } from "./change";
import { elsewhere, emailService } from "./email-routes";
import { releaseStale, rememberComponents, swapRefusal, takeOverFingerprint } from "./machine-policies";
import { decideActivation, lastSeenIsStale, machinesOverLimit, validSeatCount } from "../src/core/seat-rules";
import type {
  ActivateInput,
  ActivateResult,
  MachineInput,
  DeactivateResult,
  GrantInput,
  GrantResult,
  LicenseChangeInput,
  LicenseChangeResult,
  LicenseStatus,
  SetSeatsInput,
  ValidateResult,
} from "./types";

export function activate(store: AccountStore, input: ActivateInput, nowMs: number): ActivateResult {
  const license = store.licenseByKeyHash(input.keyHash);
  if (!license) return { ok: false, code: "LICENSE_NOT_FOUND" };
  const existing = store.activeMachine(license.id, input.fingerprint);
  const active = store.activeMachines(license.id);
  // The seat policies (machine-policies.ts), looked at only when they can matter: a new
  // fingerprint may be a known machine; a full license may have a stale seat to give.
  const same = existing ? null : findSameMachine(input.components, active, (m) => store.components.of(m.id));
  const stale = existing || same || active.length < license.seats ? null : staleMachine(active, nowMs, seatPolicyOf(license.product_id).staleSeatDays);
  const decision = decideActivation({
    status: license.status,
    seats: license.seats,
    activeCount: active.length,
    alreadyActive: existing !== null,
    sameMachine: same !== null,
    staleMachine: stale !== null,
  });
  if (decision.kind === "refuse") return { ok: false, code: decision.code, license: store.licenseView(license) };

  if (decision.kind === "reuse" && existing) {
    const details = { name: input.name ?? existing.name, platform: input.platform ?? existing.platform, app_version: input.appVersion ?? existing.app_version };
    const detailsChanged = details.name !== existing.name || details.platform !== existing.platform || details.app_version !== existing.app_version;
    let machine = existing;
    if (detailsChanged || lastSeenIsStale(existing.last_seen_at, nowMs)) {
      const change = store.change(nowMs, input, license.account_id);
      machine = change.putMachine({ ...existing, ...details, last_seen_at: change.at });
      if (detailsChanged) change.audit("machine.updated", { type: "machine", id: machine.id }, { license_id: license.id, ...details });
    }
    rememberComponents(store, machine.id, input.components);
    return { ok: true, created: false, activation: machineView(machine), license: store.licenseView(license) };
  }
  if (decision.kind === "same_machine" && same) {
    const machine = takeOverFingerprint(store, store.change(nowMs, input, license.account_id), same, input);
    return { ok: true, created: false, activation: machineView(machine), license: store.licenseView(license) };
  }
  if (decision.kind === "release_stale" && stale) releaseStale(store, license, stale, input, nowMs);

  const change = store.change(nowMs, input, license.account_id);
  const machine = change.putMachine({
    id: newId("act"),
    account_id: license.account_id,
    license_id: license.id,
    fingerprint: input.fingerprint,
    name: input.name ?? null,
    platform: input.platform ?? null,
    app_version: input.appVersion ?? null,
    status: "active",
    activated_at: change.at,
    last_seen_at: change.at,
    deactivated_at: null,
  });
  rememberComponents(store, machine.id, input.components);
  change.audit(
    "machine.activated",
    { type: "machine", id: machine.id },
    {
      license_id: license.id,
      fingerprint: machine.fingerprint,
      name: machine.name,
      platform: machine.platform,
    },
  );
  return { ok: true, created: true, activation: machineView(machine), license: store.licenseView(license) };
}

/** A deactivation by the customer (desktop app, portal) counts against the license's swaps. */
export function deactivate(store: AccountStore, input: MachineInput, nowMs: number): DeactivateResult {
  const license = store.licenseByKeyHash(input.keyHash);
  if (!license) return { ok: false, code: "LICENSE_NOT_FOUND" };
  const machine = store.activeMachine(license.id, input.fingerprint);
  if (!machine) return { ok: false, code: "ACTIVATION_NOT_FOUND" };
  const refused = swapRefusal(store, license, nowMs);
  if (refused) return refused;
  const change = store.change(nowMs, input, license.account_id);
  const done = markDeactivated(change, machine, {});
  store.swaps.record(license.id, machine.id, nowMs);
  return { ok: true, activation: machineView(done), license: store.licenseView(license) };
}

function markDeactivated(change: Change, machine: MachineRow, data: Record<string, unknown>): MachineRow {
  const done = change.putMachine({ ...machine, status: "deactivated", deactivated_at: change.at });
  change.audit("machine.deactivated", { type: "machine", id: machine.id }, { license_id: machine.license_id, fingerprint: machine.fingerprint, ...data });
  return done;
}

export function validate(store: AccountStore, input: MachineInput, nowMs: number): ValidateResult {
  const license = store.licenseByKeyHash(input.keyHash);
  if (!license) return { code: "NOT_FOUND" };
  let machine = store.activeMachine(license.id, input.fingerprint);
  const activation = machine ? machineView(machine) : undefined;
  if (license.status !== "active") {
    return { code: license.status === "suspended" ? "SUSPENDED" : "REVOKED", license: store.licenseView(license), ...(activation ? { activation } : {}) };
  }
  if (!machine) return { code: "NOT_ACTIVATED", license: store.licenseView(license) };
  if (lastSeenIsStale(machine.last_seen_at, nowMs)) {
    // A heartbeat, not a state change: mirrored to D1 but not audited.
    const change = store.change(nowMs, input, license.account_id);
    machine = change.putMachine({ ...machine, last_seen_at: change.at });
  }
  return { code: "VALID", license: store.licenseView(license), activation: machineView(machine) };
}

export function grant(store: AccountStore, input: GrantInput, nowMs: number): GrantResult {
  if (!productById(input.productId)) return { ok: false, code: "UNKNOWN_PRODUCT" };
  if (!validSeatCount(input.seats, { allowZero: false })) return { ok: false, code: "INVALID_SEATS" };
  // Granted by email: only to the account that has it now (or a new one here).
  const notHere = elsewhere(emailService(store, input.email));
  if (notHere) return notHere;
  const existingAccount = store.account();

  const change = store.change(nowMs, input, input.accountId);
  if (!existingAccount) {
    change.putAccount({ id: input.accountId, email: input.email, created_at: change.at, updated_at: change.at });
    change.audit("account.created", { type: "account", id: input.accountId }, { email: input.email });
  }
  let license = store.licenseForProduct(input.productId);
  if (license && store.hasGrant(input.grantId)) {
    return {
      ok: true,
      accountCreated: false,
      licenseCreated: false,
      applied: false,
      license: store.licenseView(license),
      keyCiphertext: license.key_ciphertext,
    };
  }
  const licenseCreated = license === null;
  if (!license) {
    license = change.createLicense(
      { accountId: input.accountId, productId: input.productId, seats: input.seats, key: input.newLicense },
      { grant_id: input.grantId },
    );
  } else {
    const from = license.seats;
    license = change.putLicense({ ...license, seats: from + input.seats, updated_at: change.at });
    change.audit("license.seats_changed", { type: "license", id: license.id }, { from, to: license.seats, grant_id: input.grantId });
  }
  store.recordGrant(input.grantId, license.id, input.seats, change.at);
  return {
    ok: true,
    accountCreated: !existingAccount,
    licenseCreated,
    applied: true,
    license: store.licenseView(license),
    keyCiphertext: license.key_ciphertext,
  };
}

export function setSeats(store: AccountStore, input: SetSeatsInput, nowMs: number): LicenseChangeResult {
  const license = store.licenseById(input.licenseId);
  if (!license) return { ok: false, code: "LICENSE_NOT_FOUND" };
  if (!validSeatCount(input.seats, { allowZero: true })) return { ok: false, code: "INVALID_SEATS" };
  if (license.seats === input.seats) return { ok: true, changed: false, license: store.licenseView(license), deactivated: [] };
  const change = store.change(nowMs, input, license.account_id);
  const updated = change.putLicense({ ...license, seats: input.seats, updated_at: change.at });
  change.audit("license.seats_changed", { type: "license", id: license.id }, { from: license.seats, to: input.seats, reason: input.reason ?? null });
  const dropped = machinesOverLimit(store.activeMachines(license.id), input.seats);
  for (const machine of dropped) markDeactivated(change, machine, { reason: "seat_limit" });
  return { ok: true, changed: true, license: store.licenseView(updated), deactivated: dropped.map((m) => m.id) };
}

const STATUS_ACTIONS: Record<LicenseStatus, string> = {
  active: "license.restored",
  suspended: "license.suspended",
  revoked: "license.revoked",
};

export function setStatus(store: AccountStore, input: LicenseChangeInput, status: LicenseStatus, nowMs: number): LicenseChangeResult {
  const license = store.licenseById(input.licenseId);
  if (!license) return { ok: false, code: "LICENSE_NOT_FOUND" };
  if (license.status === status) return { ok: true, changed: false, license: store.licenseView(license), deactivated: [] };
  const change = store.change(nowMs, input, license.account_id);
  const updated: LicenseRow = change.putLicense({ ...license, status, updated_at: change.at });
  change.audit(STATUS_ACTIONS[status], { type: "license", id: license.id }, { from: license.status, reason: input.reason ?? null });
  return { ok: true, changed: true, license: store.licenseView(updated), deactivated: [] };
}

/**
 * Deactivation by activation id (portal and support). Only this account's active
 * machines are found here: another account's id is simply not found.
 */
export function deactivateMachine(
  store: AccountStore,
  input: {
    activationId: string;
    reason?: string | undefined;
    /** The customer's own deactivation (portal): limited and counted like the desktop's. Support's is not. */
    swap?: boolean | undefined;
  } & import("./types").CallContext,
  nowMs: number,
):
  | { ok: true; license: import("./types").LicenseView; activation: import("./types").MachineView }
  | { ok: false; code: "ACTIVATION_NOT_FOUND" }
  | import("./types").SwapRefused {
  const machine = store.activeMachines().find((m) => m.id === input.activationId);
  const license = machine ? store.licenseById(machine.license_id) : null;
  if (!machine || !license) return { ok: false, code: "ACTIVATION_NOT_FOUND" };
  const refused = input.swap ? swapRefusal(store, license, nowMs) : null;
  if (refused) return refused;
  const change = store.change(nowMs, input, license.account_id);
  const done = markDeactivated(change, machine, input.reason ? { reason: input.reason } : {});
  if (input.swap) store.swaps.record(license.id, machine.id, nowMs);
  return { ok: true, license: store.licenseView(license), activation: machineView(done) };
}

/** Support resends a license email: audited here, sent by the Worker with the returned copy. */
export function licenseKeyForResend(
  store: AccountStore,
  input: import("./types").LicenseChangeInput,
  nowMs: number,
): { ok: true; to: string; licenseId: string; productId: string; keyCiphertext: string; seats: number } | { ok: false; code: "LICENSE_NOT_FOUND" } {
  const license = store.licenseById(input.licenseId);
  const account = store.account();
  if (!license || !account) return { ok: false, code: "LICENSE_NOT_FOUND" };
  store.change(nowMs, input, account.id).audit("license.key_resent", { type: "license", id: license.id }, { to: account.email, reason: input.reason ?? null });
  return { ok: true, to: account.email, licenseId: license.id, productId: license.product_id, keyCiphertext: license.key_ciphertext, seats: license.seats };
}
