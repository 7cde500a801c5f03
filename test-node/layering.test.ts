import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, RULES } from "./layering-rules";

// Dependencies point one way (README, "How it fits together"):
//   src/core/        catalog, ids, D1 schema, domain shapes, pure rules: imports nothing of ours outside itself
//   durable-objects/ the account and payment objects: import src/core/ only
//   src/ (the rest)  routes and services: import src/core/, and the objects only as types (typed stubs)
//   browser bundles  portal/support client code and web/shared: import our server code only as
//                    types, except the catalog (src/core/catalog.ts: a few constants, no imports),
//                    so the pages say what one unit grants from the same table checkout uses
//   web/shared       the browser code both consoles use: imports neither console
const root = new URL("..", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.(ts|mts)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function violations(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), "utf8");
    for (const i of importsOf(file, text)) {
      for (const { files: applies, rule } of RULES) {
        const broken = applies(file) ? rule(i) : null;
        if (broken) found.push(`${file} → ${i.target}: ${broken}`);
      }
    }
  }
  return found;
}

describe("layering", () => {
  it("every import of the server and browser code follows the one-way rules", () => {
    const files = [...sources("src"), ...sources("durable-objects"), ...sources("portal/src"), ...sources("support/src"), ...sources("web")];
    expect(files.length).toBeGreaterThan(80);
    expect(violations(files)).toEqual([]);
  });

  it("catches an import against the rules (the check is not a rubber stamp)", () => {
    const check = (file: string, text: string) =>
      importsOf(file, text).flatMap((i) =>
        RULES.filter((r) => r.files(file))
          .map((r) => r.rule(i))
          .filter(Boolean),
      );
    expect(check("src/core/catalog.ts", `import { x } from "../routes/admin";`)).toHaveLength(1);
    expect(check("durable-objects/a.ts", `import { env } from "../src/mail/mailer";`)).toHaveLength(1);
    expect(check("durable-objects/a.ts", `import type { Env } from "../src/core/env";`)).toHaveLength(0);
    expect(check("src/routes/a.ts", `import { AccountObject } from "../../durable-objects/account-object";`)).toHaveLength(1);
    expect(check("src/routes/a.ts", `import type { AccountObject } from "../../durable-objects/account-object";`)).toHaveLength(0);
    expect(check("portal/src/client/a.ts", `import { LicenseView } from "../../../src/core/views";`)).toHaveLength(1);
    expect(check("portal/src/client/a.ts", `export type { LicenseView } from "../../../src/core/views";`)).toHaveLength(0);
    expect(check("portal/src/client/a.ts", `import { PRODUCTS } from "../../../src/core/catalog";`)).toHaveLength(0);
    expect(check("web/shared/a.ts", `import { PRODUCTS } from "../../src/core/catalog";`)).toHaveLength(0);
    expect(check("web/shared/a.ts", `import { seatsFor } from "../../src/core/seat-rules";`)).toHaveLength(1);
    expect(check("support/src/client/a.ts", `import { ApiError } from "../../../src/errors/api-error";`)).toHaveLength(1);
    expect(check("web/shared/a.ts", `import { load } from "../../portal/src/client/session";`)).toHaveLength(1);
  });
});
