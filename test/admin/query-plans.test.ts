import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { auditEventsQuery, encodeCursor, type AuditFilter } from "../../src/audit/query";

// Every admin query must be answered from an index, in index order (no temp b-tree for
// the ORDER BY): that is what keeps a page under 50 ms at a million events.
async function plan(filter: AuditFilter): Promise<string> {
  const { sql, params } = auditEventsQuery(env.DB, filter).toSQL();
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return rows.results.map((r) => r.detail).join(" | ");
}

const cursor = encodeCursor("2026-11-01T00:00:00.000Z", "evt_01");
const cases: [string, AuditFilter, RegExp][] = [
  ["by account", { accountId: "acct_x", limit: 50 }, /audit_events_account_at_idx/],
  ["by account, next page", { accountId: "acct_x", cursor, limit: 50 }, /audit_events_account_at_idx/],
  ["by action", { action: "machine.activated", limit: 50 }, /audit_events_action_at_idx/],
  ["by actor type", { actorType: "support", limit: 50 }, /audit_events_actor_type_at_idx/],
  ["by actor", { actorType: "support", actorId: "alice@example.com", limit: 50 }, /audit_events_actor_at_idx/],
  ["by time range", { since: "2026-11-01T00:00:00Z", until: "2026-11-02T00:00:00Z", limit: 50 }, /audit_events_at_idx/],
  ["everything, newest first", { limit: 50 }, /audit_events_at_idx/],
  ["account and action", { accountId: "acct_x", action: "machine.activated", limit: 50 }, /audit_events_(account|action)_at_idx/],
];

describe("admin audit queries use their indexes", () => {
  for (const [name, filter, index] of cases) {
    it(name, async () => {
      const detail = await plan(filter);
      expect(detail).toMatch(index);
      expect(detail).not.toMatch(/TEMP B-TREE|SCAN audit_events(?! USING)/);
    });
  }
});
