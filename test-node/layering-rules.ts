/**
 * The layering rules (README, "How it fits together"), as data: which files a rule
 * covers and what it forbids them to import. Checked by layering.test.ts.
 */
import { dirname, join, normalize, relative } from "node:path";

export interface Import {
  file: string;
  target: string;
  typeOnly: boolean;
}

/** Relative imports and re-exports of a source text, resolved to repository paths. */
export function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/gm;
  for (const m of text.matchAll(statement)) {
    const spec = m[3]!;
    if (!spec.startsWith(".")) continue;
    out.push({ file, target: normalize(join(dirname(file), spec)), typeOnly: m[2] !== undefined });
  }
  return out;
}

export const within = (path: string, dir: string) => !relative(dir, path).startsWith("..");

export type Rule = (i: Import) => string | null;

/** The one server module a browser bundle may import as a value (see the header). */
const BROWSER_VALUE_IMPORT = "src/core/catalog";

export const RULES: { files: (f: string) => boolean; rule: Rule }[] = [
  {
    files: (f) => within(f, "src/core"),
    rule: (i) => (within(i.target, "src/core") ? null : "src/core imports nothing of ours outside src/core"),
  },
  {
    files: (f) => within(f, "durable-objects"),
    rule: (i) => (within(i.target, "durable-objects") || within(i.target, "src/core") ? null : "objects import src/core only"),
  },
  {
    files: (f) => within(f, "src") && !within(f, "src/core") && f !== "src/index.ts",
    rule: (i) => (within(i.target, "durable-objects") && !i.typeOnly ? "src reaches objects through typed stubs only (import type)" : null),
  },
  {
    files: (f) => within(f, "portal/src/client") || within(f, "support/src/client") || within(f, "web/shared"),
    rule: (i) =>
      !i.typeOnly && i.target !== BROWSER_VALUE_IMPORT && (within(i.target, "src") || within(i.target, "durable-objects"))
        ? "browser bundles import server code as types only (the catalog excepted)"
        : null,
  },
  {
    files: (f) => within(f, "web/shared"),
    rule: (i) => (within(i.target, "portal") || within(i.target, "support") ? "web/shared is shared by both consoles: it imports neither" : null),
  },
];
