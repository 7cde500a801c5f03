/**
 * Desktop sync, as the account object decides it. Every call names the machine by what
 * its verified token says (license and activation); the object, which alone knows
 * whether that machine still holds a seat on an active license, answers UNAUTHORIZED
 * when it does not. Each decision reads and writes with no await in between, so the
 * revision rule holds however many machines write at once.
 */
import { createHash } from "node:crypto";
import { decideDelete, decidePut, MAX_DOCUMENTS } from "../src/core/sync-rules";
import type { AccountStore } from "./account-store";
import type { SyncStore } from "./sync-store";

/** Who is calling, from the token the Worker verified. */
export interface SyncCaller {
  licenseId: string;
  activationId: string;
  /** The token's `fp`: the fingerprint (hashed) the token was issued to. */
  fingerprintHash: string;
}

export type Unauthorized = { ok: false; code: "UNAUTHORIZED" };

/** What every connected machine is told of a change (API.md). */
export interface DocumentEvent {
  type: "document";
  name: string;
  rev: number;
  deleted: boolean;
  updated_by: string;
}

export type PutResult =
  | { ok: true; name: string; rev: number; updated_at: string; event: DocumentEvent }
  | { ok: false; code: "REVISION_CONFLICT"; currentRev: number }
  | { ok: false; code: "DOCUMENT_LIMIT_REACHED"; limit: number };

export type DeleteResult =
  | { ok: true; name: string; rev: number; deleted: true; event: DocumentEvent }
  | { ok: false; code: "REVISION_CONFLICT"; currentRev: number }
  | { ok: false; code: "NOT_FOUND"; currentRev: number };

/**
 * The machine still holds a seat of a license that is active, under the fingerprint the
 * token was issued to: the object's half of bearer auth. The fingerprint matters because
 * an activation can change hands (seat policies: a reinstall recognised by its components
 * takes the activation over), and the old installation's token must stop syncing then.
 */
export function mayAccess(store: AccountStore, caller: SyncCaller): boolean {
  const license = store.licenseById(caller.licenseId);
  if (license?.status !== "active") return false;
  const machine = store.activeMachines(license.id).find((m) => m.id === caller.activationId);
  return machine !== undefined && fingerprintHash(machine.fingerprint) === caller.fingerprintHash;
}

/** SHA-256 hex, as the token's `fp`; synchronous, so a sync decision stays one step. */
function fingerprintHash(fingerprint: string): string {
  return createHash("sha256").update(fingerprint, "utf8").digest("hex");
}

export function putDocument(sync: SyncStore, input: { name: string; dataJson: string; size: number; baseRev: number; by: string }, nowMs: number): PutResult {
  const held = sync.summary(input.name);
  const decision = decidePut({
    held: held && { rev: held.rev, deleted: held.deleted === 1 },
    baseRev: input.baseRev,
    floor: held ? 0 : sync.floor(),
    liveCount: held && held.deleted === 0 ? 0 : sync.liveCount(),
  });
  if (decision.kind === "conflict") return { ok: false, code: "REVISION_CONFLICT", currentRev: decision.currentRev };
  if (decision.kind === "limit") return { ok: false, code: "DOCUMENT_LIMIT_REACHED", limit: MAX_DOCUMENTS };
  const updatedAt = new Date(nowMs).toISOString();
  sync.write({ name: input.name, rev: decision.rev, data: input.dataJson, size: input.size, updated_at: updatedAt, updated_by: input.by, deleted: 0 });
  return {
    ok: true,
    name: input.name,
    rev: decision.rev,
    updated_at: updatedAt,
    event: { type: "document", name: input.name, rev: decision.rev, deleted: false, updated_by: input.by },
  };
}

export function deleteDocument(sync: SyncStore, input: { name: string; baseRev: number | undefined; by: string }, nowMs: number): DeleteResult {
  const held = sync.summary(input.name);
  const decision = decideDelete({ held: held && { rev: held.rev, deleted: held.deleted === 1 }, baseRev: input.baseRev });
  if (decision.kind === "missing") return { ok: false, code: "NOT_FOUND", currentRev: decision.currentRev };
  if (decision.kind === "conflict") return { ok: false, code: "REVISION_CONFLICT", currentRev: decision.currentRev };
  sync.write({ name: input.name, rev: decision.rev, data: null, size: 0, updated_at: new Date(nowMs).toISOString(), updated_by: input.by, deleted: 1 });
  sync.trimTombstones();
  return {
    ok: true,
    name: input.name,
    rev: decision.rev,
    deleted: true,
    event: { type: "document", name: input.name, rev: decision.rev, deleted: true, updated_by: input.by },
  };
}

/** The portal's view: names, sizes, last change and the machine that made it. */
export function portalDocuments(sync: SyncStore) {
  const documents = sync.list(false);
  const names = sync.machineNames(documents.map((d) => d.updated_by));
  return documents.map((d) => ({
    name: d.name,
    rev: d.rev,
    size: d.size,
    updated_at: d.updated_at,
    updated_by: d.updated_by,
    machine_name: names.get(d.updated_by) ?? null,
  }));
}

/** Support sees names and sizes, nothing of the contents (API.md). */
export function supportDocuments(sync: SyncStore): { name: string; size: number }[] {
  return sync.list(false).map((d) => ({ name: d.name, size: d.size }));
}
