import { runInDurableObject } from "cloudflare:test";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { OBJECT_TABLES } from "../../durable-objects/change";
import { migrateStorage, STORAGE_SCHEMA_VERSION } from "../../durable-objects/storage-schema";
import { accounts, licenses, machines, purchases } from "../../src/core/db-schema";
import { accountStub } from "../helpers/account";

// The account object writes D1-shaped rows (Change.put*: every field of the drizzle row
// type) into its own SQLite, and upserts rows it reads back with `SELECT *` to D1 as they
// are. So each mirrored table in durable-objects/storage-schema.ts must have exactly the
// columns of its D1 table, with the same type, nullability and key: a column missing or
// typed differently fails a write (or stores what D1 refuses); an extra one reaches D1's
// upsert, which has no such column.
const D1_TABLES = { account: accounts, license: licenses, machine: machines, purchase: purchases } satisfies Record<keyof typeof OBJECT_TABLES, SQLiteTable>;

interface Column {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

const byName = (a: Column, b: Column) => a.name.localeCompare(b.name);

/** The columns of the object's tables once its whole storage schema is applied. */
async function objectColumns(): Promise<Record<string, Column[]>> {
  // A name never used elsewhere: its object starts without storage, as every new account does.
  return runInDurableObject(accountStub(`schema-check-${crypto.randomUUID()}`), (_instance, state) => {
    migrateStorage(state.storage);
    const version = state.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").one().value;
    expect(Number(version)).toBe(STORAGE_SCHEMA_VERSION);
    return Object.fromEntries(
      Object.values(OBJECT_TABLES).map((table) => [
        table,
        state.storage.sql
          .exec<{ name: string; type: string; notnull: number; pk: number }>(`PRAGMA table_info(${table})`)
          .toArray()
          .map((c) => ({ name: c.name, type: c.type.toUpperCase(), notnull: c.notnull, pk: c.pk }))
          .sort(byName),
      ]),
    );
  });
}

function d1Columns(table: SQLiteTable): Column[] {
  return getTableConfig(table)
    .columns.map((c) => ({ name: c.name, type: c.getSQLType().toUpperCase(), notnull: c.notNull || c.primary ? 1 : 0, pk: c.primary ? 1 : 0 }))
    .sort(byName);
}

describe("the account object's mirrored tables have the columns of the rows Change writes", () => {
  let columns: Record<string, Column[]>;
  beforeAll(async () => {
    columns = await objectColumns();
  });

  for (const [kind, table] of Object.entries(OBJECT_TABLES) as [keyof typeof OBJECT_TABLES, string][]) {
    it(`${kind}: object table ${table} = D1 table ${getTableConfig(D1_TABLES[kind]).name}`, () => {
      expect(columns[table]?.length).toBeGreaterThan(0);
      expect(columns[table]).toEqual(d1Columns(D1_TABLES[kind]));
    });
  }
});
