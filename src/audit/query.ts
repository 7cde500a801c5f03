/**
 * Audit events from D1, newest first, with keyset (cursor) pagination on (at, id): a
 * page never repeats or skips an event even while new ones are being written, and each
 * filter is served by an index (see the schema test's query plans).
 */
import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { auditEvents, type AuditEventRow } from "../core/db-schema";
import { log } from "../core/log";
import { ApiError } from "../errors/api-error";
import type { AuditEvent } from "../core/views";

export interface AuditFilter {
  accountId?: string | undefined;
  action?: string | undefined;
  actorType?: string | undefined;
  actorId?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export type { AuditEvent };

export function encodeCursor(at: string, id: string): string {
  return btoa(`${at}|${id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id, ...rest] = atob(cursor.replace(/-/g, "+").replace(/_/g, "/")).split("|");
    if (!at || !id || rest.length > 0 || Number.isNaN(Date.parse(at)) || !id.startsWith("evt_")) throw new Error("bad cursor");
    return { at, id };
  } catch (err) {
    throw new ApiError("INVALID_REQUEST", {
      message: "The cursor is not valid.",
      details: { fields: [{ path: "cursor", code: "invalid", message: "not a cursor from this API" }] },
      cause: err,
    });
  }
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(row.data) as Record<string, unknown>;
  } catch {
    data = {};
  }
  return {
    id: row.id,
    account_id: row.account_id,
    at: row.at,
    actor: { type: row.actor_type, id: row.actor_id },
    action: row.action,
    target: row.target_type && row.target_id ? { type: row.target_type, id: row.target_id } : null,
    data,
    request_id: row.request_id,
  };
}

/** The drizzle query for a filter (exported so tests can check its plan). */
export function auditEventsQuery(database: D1Database, filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.accountId !== undefined) conditions.push(eq(auditEvents.account_id, filter.accountId));
  if (filter.action !== undefined) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.actorType !== undefined) conditions.push(eq(auditEvents.actor_type, filter.actorType as AuditEventRow["actor_type"]));
  if (filter.actorId !== undefined) conditions.push(eq(auditEvents.actor_id, filter.actorId));
  if (filter.since !== undefined) conditions.push(gte(auditEvents.at, filter.since));
  if (filter.until !== undefined) conditions.push(lt(auditEvents.at, filter.until));
  if (filter.cursor !== undefined) {
    const { at, id } = decodeCursor(filter.cursor);
    conditions.push(or(lt(auditEvents.at, at), and(eq(auditEvents.at, at), lt(auditEvents.id, id)))!);
  }
  return drizzle(database)
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(filter.limit + 1);
}

export async function queryAuditEvents(database: D1Database, filter: AuditFilter): Promise<{ events: AuditEvent[]; next_cursor: string | null }> {
  // Built outside the try: a bad cursor is the caller's 400, not D1's 503.
  const query = auditEventsQuery(database, filter);
  let rows: AuditEventRow[];
  try {
    rows = await query;
  } catch (err) {
    log.error("audit_query_failed", { error: err });
    throw new ApiError("UNAVAILABLE", { cause: err });
  }
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return { events: page.map(toAuditEvent), next_cursor: rows.length > filter.limit && last ? encodeCursor(last.at, last.id) : null };
}
