/**
 * The live sync feed (GET /v1/sync/live): one hibernatable WebSocket per connected
 * machine, on the same object as the portal's live sockets but told apart by its tags:
 * `sync`, then the activation, the license, the token's fingerprint hash and its expiry.
 * The tags are all the object needs after hibernation to decide whether a socket may
 * stay open: a deactivated machine, a license no longer active, a machine that now
 * answers to another fingerprint (seat policies: a reinstall took it over), or an expired token
 * closes it (code 4001, as a portal socket whose session ended), at the commit that
 * made it so, at the alarm for its token's expiry, or at its next message.
 */
import type { AccountStore } from "./account-store";
import { type DocumentEvent, mayAccess, type SyncCaller } from "./sync-operations";

export const SYNC_TAG = "sync";
/** Close code a client reads as "the token is no longer accepted": validate, then reconnect or stop. */
export const ACCESS_ENDED_CODE = 4001;
/**
 * Feeds one machine may hold open at once. An app needs one; a reconnect may overlap
 * the old socket for a moment. Beyond this the oldest close (4002), so a token cannot
 * pile up sockets that every write must then visit.
 */
export const MAX_FEEDS_PER_MACHINE = 3;
/** Close code of a feed replaced by a newer one of the same machine: do not reconnect it. */
export const REPLACED_CODE = 4002;

export interface SyncSocketGrant extends SyncCaller {
  /** The token's `exp`, in ms: the socket ends then, whatever else happens. */
  expiresAtMs: number;
}

export function syncSocketTags(grant: SyncSocketGrant, openedAtMs: number): string[] {
  return [SYNC_TAG, `act:${grant.activationId}`, `lic:${grant.licenseId}`, `fp:${grant.fingerprintHash}`, `exp:${grant.expiresAtMs}`, `at:${openedAtMs}`];
}

/** Keeps a machine's newest MAX_FEEDS_PER_MACHINE feeds open and closes the rest. */
export function closeOldestFeeds(ctx: DurableObjectState, activationId: string): void {
  const openedAt = (ws: WebSocket) =>
    Number(
      ctx
        .getTags(ws)
        .find((t) => t.startsWith("at:"))
        ?.slice(3) ?? 0,
    );
  // Newest first; on equal times (the clock stands still within a request) the one
  // accepted later is newer.
  const feeds = ctx
    .getWebSockets(`act:${activationId}`)
    .map((ws, i) => ({ ws, at: openedAt(ws), i }))
    .sort((a, b) => b.at - a.at || b.i - a.i);
  for (const { ws } of feeds.slice(MAX_FEEDS_PER_MACHINE)) {
    try {
      ws.close(REPLACED_CODE, "replaced by a newer feed of this machine");
    } catch {
      // Already closing.
    }
  }
}

export function isSyncSocket(ctx: DurableObjectState, ws: WebSocket): boolean {
  return ctx.getTags(ws)[0] === SYNC_TAG;
}

function grantOf(ctx: DurableObjectState, ws: WebSocket): SyncSocketGrant | null {
  const tag = (prefix: string) =>
    ctx
      .getTags(ws)
      .find((t) => t.startsWith(prefix))
      ?.slice(prefix.length);
  const activationId = tag("act:");
  const licenseId = tag("lic:");
  const fingerprintHash = tag("fp:");
  const expiresAtMs = Number(tag("exp:"));
  return activationId && licenseId && fingerprintHash && Number.isFinite(expiresAtMs) ? { activationId, licenseId, fingerprintHash, expiresAtMs } : null;
}

/** When a sync socket must end (its token's expiry), or null if its machine may no longer sync. */
export function syncSocketDeadline(ctx: DurableObjectState, store: AccountStore, ws: WebSocket, nowMs: number): number | null {
  const grant = grantOf(ctx, ws);
  if (!grant || grant.expiresAtMs <= nowMs || !mayAccess(store, grant)) return null;
  return grant.expiresAtMs;
}

/**
 * After a change to licenses or machines: closes the sync sockets of machines that may
 * no longer sync (deactivated, license revoked or suspended), at once.
 */
export function closeRevokedSyncSockets(ctx: DurableObjectState, store: AccountStore, nowMs: number): void {
  for (const ws of ctx.getWebSockets(SYNC_TAG)) {
    if (syncSocketDeadline(ctx, store, ws, nowMs) === null) endSyncSocket(ws);
  }
}

export function endSyncSocket(ws: WebSocket): void {
  try {
    ws.close(ACCESS_ENDED_CODE, "this machine may no longer sync");
  } catch {
    // Already closing.
  }
}

/** Tells every connected machine (and open portal) of a document change. */
export function pushDocumentEvent(ctx: DurableObjectState, event: DocumentEvent): void {
  const message = JSON.stringify(event);
  for (const ws of ctx.getWebSockets()) {
    try {
      ws.send(message);
    } catch {
      // A socket closing right now; its close handler cleans up.
    }
  }
}
