/**
 * The rules of desktop sync (API.md, "Desktop sync"), pure: names, limits, and how a
 * write's `base_rev` is judged against what the account holds. The account object
 * decides with these inside one synchronous step, so two writers on the same revision
 * can never both win.
 */

export const DOCUMENT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** A document's `data` as compact UTF-8 JSON. */
export const MAX_DOCUMENT_BYTES = 64 * 1024;
/** Live (not deleted) documents per account. */
export const MAX_DOCUMENTS = 100;
/**
 * Tombstones kept per account. Past this the oldest are dropped, and the account's
 * revision floor rises to their revision, so a name created again still continues
 * above anything it ever had (revisions only grow, per document).
 */
export const MAX_TOMBSTONES = 1000;

/**
 * Headers the API Worker sets on the live feed's upgrade when it hands it to the account
 * object, from the token it verified (never copied from the client's request).
 */
export const SYNC_LIVE_HEADERS = {
  license: "x-sync-license",
  activation: "x-sync-activation",
  fingerprint: "x-sync-fingerprint-hash",
  expires: "x-sync-expires-ms",
} as const;

/** What the account holds under a name: nothing, a document, or a tombstone. */
export interface Held {
  rev: number;
  deleted: boolean;
}

export type WriteDecision = { kind: "write"; rev: number } | { kind: "conflict"; currentRev: number } | { kind: "limit" };

/**
 * A put over `baseRev`. It must be the current revision; for a name that holds nothing
 * or a tombstone, 0 ("I know of no document") is current as well, since there is no
 * document it could overwrite — a tombstone's own revision is accepted too. A new
 * document (or one created again) counts against the limit; its revision continues
 * above its tombstone, or above the floor left by dropped tombstones.
 */
export function decidePut(input: { held: Held | null; baseRev: number; floor: number; liveCount: number }): WriteDecision {
  const { held, baseRev } = input;
  const current = held?.rev ?? 0;
  const absent = held === null || held.deleted;
  if (baseRev !== current && !(absent && baseRev === 0)) return { kind: "conflict", currentRev: current };
  if (absent && input.liveCount >= MAX_DOCUMENTS) return { kind: "limit" };
  return { kind: "write", rev: Math.max(current, held === null ? input.floor : 0) + 1 };
}

export type DeleteDecision = { kind: "delete"; rev: number } | { kind: "conflict"; currentRev: number } | { kind: "missing"; currentRev: number };

/** A delete over `baseRev`: there must be a document, at exactly that revision. */
export function decideDelete(input: { held: Held | null; baseRev: number | undefined }): DeleteDecision {
  const { held, baseRev } = input;
  if (held === null || held.deleted) return { kind: "missing", currentRev: held?.rev ?? 0 };
  // No base revision: "whatever it is now" (the portal's delete by the customer).
  if (baseRev !== undefined && baseRev !== held.rev) return { kind: "conflict", currentRev: held.rev };
  return { kind: "delete", rev: held.rev + 1 };
}

/** The byte length `size` reports: the document's data as compact UTF-8 JSON. */
export function documentSize(dataJson: string): number {
  return new TextEncoder().encode(dataJson).byteLength;
}
