/**
 * Audit events from D1, newest first, with keyset (cursor) pagination on (at, id): a
 * page never repeats or skips an event even while new ones are being written, and each
 * filter is served by an index (see the schema test's query plans).
 */
import type { AuditEventRow } from "../db/schema";
import { ApiError } from "../errors/api-error";

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

export interface AuditEvent {
  id: string;
  account_id: string | null;
  at: string;
  actor: { type: string; id: string | null };
  action: string;
  target: { type: string; id: string } | null;
  data: Record<string, unknown>;
  request_id: string | null;
}

export function encodeCursor(at: string, id: string): string {
  return btoa(`${at}|${id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id, ...rest] = atob(cursor.replace(/-/g, "+").replace(/_/g, "/")).split("|");
    if (!at || !id || rest.length > 0 || Number.isNaN(Date.parse(at)) || !id.startsWith("evt_")) throw new Error("bad cursor");
    return { at, id };
  } catch {
    throw new ApiError("INVALID_REQUEST", { message: "The cursor is not valid.", details: { fields: [{ path: "cursor", code: "invalid", message: "not a cursor from this API" }] } });
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

export async function queryAuditEvents(db: D1Database, filter: AuditFilter): Promise<{ events: AuditEvent[]; next_cursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.accountId !== undefined) add("account_id = ?", filter.accountId);
  if (filter.action !== undefined) add("action = ?", filter.action);
  if (filter.actorType !== undefined) add("actor_type = ?", filter.actorType);
  if (filter.actorId !== undefined) add("actor_id = ?", filter.actorId);
  if (filter.since !== undefined) add("at >= ?", filter.since);
  if (filter.until !== undefined) add("at < ?", filter.until);
  if (filter.cursor !== undefined) {
    const { at, id } = decodeCursor(filter.cursor);
    add("(at < ? OR (at = ? AND id < ?))", at, at, id);
  }
  const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY at DESC, id DESC LIMIT ?`;
  let rows: AuditEventRow[];
  try {
    rows = (await db.prepare(sql).bind(...params, filter.limit + 1).all<AuditEventRow>()).results;
  } catch (err) {
    console.error(JSON.stringify({ level: "error", event: "audit_query_failed", message: err instanceof Error ? err.message : String(err) }));
    throw new ApiError("UNAVAILABLE");
  }
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return { events: page.map(toAuditEvent), next_cursor: rows.length > filter.limit && last ? encodeCursor(last.at, last.id) : null };
}
