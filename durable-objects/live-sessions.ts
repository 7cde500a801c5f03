/**
 * Portal live sockets end with their session: at logout (AccountObject.endSession closes
 * them) and when it expires, idle or absolute. The sockets hibernate, so nothing runs on
 * a timer of its own: the object's alarm is armed for the earliest deadline among the
 * sessions of open sockets, and every message a socket sends (the page pings every 30 s)
 * checks its own session as well. Watching does not count as use: only the portal's own
 * calls slide a session's idle expiry. The desktop sync feed's sockets share the object,
 * the alarm and this sweep; their deadline is their token's (sync-sockets.ts).
 */
import { log } from "../src/core/log";
import type { AccountStore } from "./account-store";
import { armAlarmBy } from "./alarm-schedule";
import { endSyncSocket, isSyncSocket, syncSocketDeadline } from "./sync-sockets";

/** Close code the portal page reads as "signed out". */
export const SESSION_ENDED_CODE = 4001;

/** When the session stops being good (idle or absolute expiry), or null if it already has. */
export function sessionDeadline(store: AccountStore, sessionHash: string, nowMs: number): number | null {
  const row = store.auth.session(sessionHash);
  if (!row || row.revoked_at !== null) return null;
  const deadline = Math.min(row.expires_at, row.absolute_expires_at);
  return deadline > nowMs ? deadline : null;
}

/** The session a live socket was accepted for (its tag). */
export function socketSession(ctx: DurableObjectState, ws: WebSocket): string {
  return ctx.getTags(ws)[0] ?? "";
}

/** The portal's live sockets (the object also holds the desktop sync feed's, sync-sockets.ts). */
export function portalSockets(ctx: DurableObjectState): WebSocket[] {
  return ctx.getWebSockets().filter((ws) => !isSyncSocket(ctx, ws));
}

/** When a live socket of either kind must end, or null if it must end now. */
export function socketDeadline(ctx: DurableObjectState, store: AccountStore, ws: WebSocket, nowMs: number): number | null {
  return isSyncSocket(ctx, ws) ? syncSocketDeadline(ctx, store, ws, nowMs) : sessionDeadline(store, socketSession(ctx, ws), nowMs);
}

/** Ends a live socket of either kind with the close code its client reads as "signed out". */
export function endSocket(ctx: DurableObjectState, ws: WebSocket, reason: string): void {
  if (isSyncSocket(ctx, ws)) endSyncSocket(ws);
  else closeSocket(ws, reason);
}

export function closeSocket(ws: WebSocket, reason: string): void {
  try {
    ws.close(SESSION_ENDED_CODE, reason);
  } catch {
    // Already closing.
  }
}

/**
 * Closes the sockets whose session has ended; returns when to look again: the earliest
 * deadline of the rest, or null when no socket is left. Never throws (it runs in the
 * alarm handler, which must not): if storage cannot be read, it asks again in a minute.
 */
export function closeEndedSockets(ctx: DurableObjectState, store: AccountStore, nowMs: number): number | null {
  try {
    let next: number | null = null;
    for (const ws of ctx.getWebSockets()) {
      const deadline = socketDeadline(ctx, store, ws, nowMs);
      if (deadline === null) endSocket(ctx, ws, "session expired");
      else next = next === null ? deadline : Math.min(next, deadline);
    }
    return next;
  } catch (err) {
    log.warn("live_session_sweep_failed", { object: ctx.id.name ?? null, error: err });
    return nowMs + 60_000;
  }
}

/** Arms the alarm for a socket just accepted; if that fails, its pings still check the session. */
export async function watchSessionDeadline(storage: DurableObjectStorage, deadline: number): Promise<void> {
  try {
    await armAlarmBy(storage, deadline);
  } catch (err) {
    log.warn("live_session_alarm_failed", { error: err });
  }
}
