/**
 * drizzle-kit: `npm run db:generate` turns a change of the D1 schema (src/core/db-schema.ts,
 * the source of truth) into the next migrations/NNNN_name.sql, which `wrangler d1
 * migrations apply` runs in file-name order. drizzle-kit compares the schema with its last
 * snapshot (migrations/meta/), so generating needs neither a database nor the network.
 */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/core/db-schema.ts",
  out: "./migrations",
  // One statement per line, no `--> statement-breakpoint` markers: wrangler splits the
  // file itself, and the SQL reads like the hand-written migrations before it.
  breakpoints: false,
  migrations: { prefix: "index" },
});
