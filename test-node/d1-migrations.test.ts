import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { generateSQLiteDrizzleJson, generateSQLiteMigration, type DrizzleSQLiteSnapshotJSON } from "drizzle-kit/api";
import { describe, expect, it } from "vitest";
import * as schema from "../src/core/db-schema";

// D1's schema has one source, src/core/db-schema.ts; `npm run db:generate` (drizzle-kit)
// writes each change as the next migrations/NNNN_name.sql, diffing the schema against its
// last snapshot in migrations/meta/. These checks keep that chain honest: the snapshot is
// what the migrations build, and nothing is waiting to be generated. (The workerd test
// test/db/schema-matches-migrations.test.ts compares the migrated D1 with the schema too.)
const dir = new URL("../migrations/", import.meta.url).pathname;

const migrationFiles = () =>
  readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort();

function latestSnapshot(): DrizzleSQLiteSnapshotJSON {
  // drizzle-kit diffs against the last snapshot file by name, as here.
  const name = readdirSync(join(dir, "meta"))
    .filter((f) => f.endsWith("_snapshot.json"))
    .sort()
    .at(-1)!;
  return JSON.parse(readFileSync(join(dir, "meta", name), "utf8")) as DrizzleSQLiteSnapshotJSON;
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** Tables, columns, indexes and foreign keys of a database, in a comparable form. */
function describeSchema(db: DatabaseSync): Record<string, unknown> {
  const rows = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
  const tables = rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => String(r.name));
  return Object.fromEntries(
    tables.map((table) => [
      table,
      {
        // By name: a column added later (ALTER TABLE) comes last in the table, wherever the schema lists it.
        columns: rows(`PRAGMA table_info(${table})`)
          .map((c) => ({ name: String(c.name), type: String(c.type).toUpperCase(), notnull: c.notnull, pk: c.pk, default: c.dflt_value }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        indexes: rows(`PRAGMA index_list(${table})`)
          .filter((i) => i.origin === "c")
          .map((i) => ({ name: i.name, unique: i.unique, partial: i.partial, columns: rows(`PRAGMA index_info(${String(i.name)})`).map((c) => c.name) }))
          .sort((a, b) => String(a.name).localeCompare(String(b.name))),
        foreignKeys: rows(`PRAGMA foreign_key_list(${table})`)
          .map((f) => `${String(f.from)} -> ${String(f.table)}.${String(f.to)} on update ${String(f.on_update)} on delete ${String(f.on_delete)}`)
          .sort(),
      },
    ]),
  );
}

describe("D1 migrations (drizzle-kit)", () => {
  it("are migrations/NNNN_name.sql from 0001 on without gaps (wrangler applies them by name), each in drizzle-kit's journal", () => {
    const files = migrationFiles();
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const name of files) expect(name).toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
    expect(files.map((name) => Number(name.slice(0, 4)))).toEqual(files.map((_, i) => i + 1));
    const journal = JSON.parse(readFileSync(join(dir, "meta", "_journal.json"), "utf8")) as Journal;
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    expect(journal.entries.map((e) => e.idx)).toEqual(files.map((name) => Number(name.slice(0, 4))));
  });

  it("have nothing left to generate: drizzle-kit's last snapshot is src/core/db-schema.ts (else run `npm run db:generate`)", async () => {
    const current = await generateSQLiteDrizzleJson(schema as Record<string, unknown>);
    expect(await generateSQLiteMigration(latestSnapshot(), current)).toEqual([]);
  });

  it("build exactly what drizzle-kit's last snapshot describes (the baseline of the hand-written 0001–0003 holds)", async () => {
    const migrated = new DatabaseSync(":memory:");
    for (const name of migrationFiles()) migrated.exec(readFileSync(join(dir, name), "utf8"));

    const fromSnapshot = new DatabaseSync(":memory:");
    const empty = await generateSQLiteDrizzleJson({});
    for (const statement of await generateSQLiteMigration(empty, latestSnapshot())) fromSnapshot.exec(statement);

    expect(describeSchema(migrated)).toEqual(describeSchema(fromSnapshot));
  });
});
