import { env } from "cloudflare:workers";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { PRODUCTS } from "../../src/core/catalog";
import * as schema from "../../src/core/db-schema";

// The drizzle schema is the source of truth; migrations/ (generated from it by
// `npm run db:generate`, see test-node/d1-migrations.test.ts) must build exactly the same
// tables, columns, indexes and foreign keys in D1 itself.
const tables = Object.values(schema as Record<string, unknown>).filter(
  (v): v is SQLiteTable => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v,
);

async function pragma<T>(sql: string): Promise<T[]> {
  return (await env.DB.prepare(sql).all<T>()).results;
}

describe("D1 migrations agree with the drizzle schema", () => {
  it("covers every table", async () => {
    const names = (
      await pragma<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'd1_%' AND name NOT LIKE '_cf_%'",
      )
    ).map((r) => r.name);
    expect(names.sort()).toEqual(tables.map((t) => getTableConfig(t).name).sort());
  });

  for (const table of tables) {
    const config = getTableConfig(table);
    describe(config.name, () => {
      it("has the same columns (name, type, not null, primary key, default)", async () => {
        const actual = await pragma<{ name: string; type: string; notnull: number; pk: number; dflt_value: string | null }>(
          `PRAGMA table_info(${config.name})`,
        );
        const expected = config.columns.map((c) => ({
          name: c.name,
          type: c.getSQLType().toUpperCase(),
          notnull: c.notNull || c.primary ? 1 : 0,
          pk: c.primary ? 1 : 0,
          hasDefault: c.hasDefault,
        }));
        expect(
          actual
            .map((c) => ({ name: c.name, type: c.type.toUpperCase(), notnull: c.notnull, pk: c.pk, hasDefault: c.dflt_value !== null }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        ).toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
      });

      it("has the same indexes", async () => {
        const list = await pragma<{ name: string; unique: number; origin: string }>(`PRAGMA index_list(${config.name})`);
        const actual = [];
        for (const index of list.filter((i) => i.origin === "c")) {
          const columns = (await pragma<{ seqno: number; name: string }>(`PRAGMA index_info(${index.name})`))
            .sort((a, b) => a.seqno - b.seqno)
            .map((c) => c.name);
          actual.push({ name: index.name, unique: index.unique === 1, columns });
        }
        const expected = config.indexes.map((i) => ({
          name: i.config.name,
          unique: i.config.unique,
          columns: i.config.columns.map((c) => (c as { name: string }).name),
        }));
        expect(actual.sort((a, b) => a.name.localeCompare(b.name))).toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
      });

      it("has the same foreign keys", async () => {
        const actual = (await pragma<{ table: string; from: string; to: string }>(`PRAGMA foreign_key_list(${config.name})`))
          .map((f) => `${f.from}->${f.table}.${f.to}`)
          .sort();
        const expected = config.foreignKeys
          .map((fk) => {
            const ref = fk.reference();
            return `${ref.columns[0]!.name}->${getTableConfig(ref.foreignTable).name}.${ref.foreignColumns[0]!.name}`;
          })
          .sort();
        expect(actual).toEqual(expected);
      });
    });
  }

  it("seeds the products table with the catalog", async () => {
    const rows = await pragma<{ id: string; name: string; seats_per_unit: number; entitlements: string }>("SELECT * FROM products ORDER BY id");
    expect(rows.map((r) => ({ id: r.id, name: r.name, seatsPerUnit: r.seats_per_unit, entitlements: JSON.parse(r.entitlements) }))).toEqual(
      Object.values(PRODUCTS).map((p) => ({ id: p.id, name: p.name, seatsPerUnit: p.seatsPerUnit, entitlements: [...p.entitlements] })),
    );
  });

  it("answers the admin queries from indexes (account+time, action+time, actor+time)", async () => {
    const plans = {
      account: "SELECT * FROM audit_events WHERE account_id = 'a' AND (at, id) < ('z', 'z') ORDER BY at DESC, id DESC LIMIT 50",
      action: "SELECT * FROM audit_events WHERE action = 'machine.activated' ORDER BY at DESC, id DESC LIMIT 50",
      actor: "SELECT * FROM audit_events WHERE actor_type = 'support' AND actor_id = 'x' ORDER BY at DESC, id DESC LIMIT 50",
      email: "SELECT * FROM accounts WHERE email >= 'ab' AND email < 'ac'",
      key: "SELECT * FROM licenses WHERE key_hash = 'h'",
    };
    for (const [name, sql] of Object.entries(plans)) {
      const plan = (await pragma<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)).map((r) => r.detail).join(" | ");
      expect(plan, name).toMatch(/USING (COVERING )?INDEX/);
      expect(plan, name).not.toMatch(/TEMP B-TREE/);
    }
  });
});
