import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// `wrangler types` (types/*.d.ts, kept in sync by CI) lists what each wrangler config
// binds; every one of them must be declared on the interface the Worker's code uses.
// (The API Worker's Env *is* its generated type, src/core/env.ts, so it needs no check.)
const root = new URL("..", import.meta.url).pathname;

function generated(name: string): string[] {
  const text = readFileSync(`${root}types/${name}.d.ts`, "utf8");
  // wrangler ≥ 4.1xx writes the bindings into `interface __BaseEnv_<Name> { … }`.
  const block = /interface __BaseEnv_\w+ \{([\s\S]*?)\n\}/.exec(text)?.[1] ?? "";
  return [...block.matchAll(/^\s+(\w+):/gm)].map((m) => m[1]!);
}

function declared(file: string, iface: string): string[] {
  const text = readFileSync(`${root}${file}`, "utf8");
  const block = new RegExp(`interface ${iface} \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1] ?? "";
  return [...block.matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]!);
}

// Settings that exist for tools, not for the Worker: the dev Access issuer's private key
// is read only by `npm run admin:token`.
const TOOL_ONLY = new Set(["ACCESS_DEV_PRIVATE_JWK"]);

describe("Worker code declares every binding its wrangler config provides", () => {
  const cases: [string, string, string][] = [
    ["portal", "portal/src/worker.ts", "PortalEnv"],
    ["support", "support/src/worker.ts", "SupportEnv"],
    ["site", "site/static-worker.ts", "StaticEnv"],
    ["docs", "site/static-worker.ts", "StaticEnv"],
  ];
  for (const [name, file, iface] of cases) {
    it(name, () => {
      const fromConfig = generated(name).filter((k) => !TOOL_ONLY.has(k));
      expect(fromConfig.length).toBeGreaterThan(1);
      const inCode = new Set(declared(file, iface));
      expect(fromConfig.filter((k) => !inCode.has(k))).toEqual([]);
    });
  }
});
