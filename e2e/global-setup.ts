import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startStack } from "../scripts/lib/stack.mjs";

const root = new URL("..", import.meta.url).pathname;

export default async function setup(project: TestProject) {
  const state = mkdtempSync(join(tmpdir(), "licensing-e2e-"));
  // E2E_PORT_BASE moves all five surfaces (base … base+4) and the inspectors (base+442 …),
  // so two worktrees can run the suite at once; the single-port variables still win.
  const base = Number(process.env.E2E_PORT_BASE ?? 18787);
  const port = (name: string, offset: number) => Number(process.env[name] ?? base + offset);
  const ports = {
    api: port("E2E_API_PORT", 0),
    portal: port("E2E_PORTAL_PORT", 1),
    site: port("E2E_SITE_PORT", 2),
    docs: port("E2E_DOCS_PORT", 3),
    support: port("E2E_SUPPORT_PORT", 4),
  };
  // Five workerd processes opening one persist directory at once sometimes lose a race
  // for its SQLite lock at start (SQLITE_BUSY: a surface exits, about one start in five
  // here): start again on fresh state, a few times, before failing the run.
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  for (let attempt = 1; !stack; attempt++) {
    const lines: string[] = [];
    try {
      stack = await startStack({
        root,
        ports,
        persistTo: join(state, `state-${attempt}`),
        // A registry of its own, so a developer's `npm start` can run at the same time.
        registry: join(state, "registry"),
        inspectorBase: base + 442,
        log: (line: string) => lines.push(line),
      });
    } catch (err) {
      if (attempt === 4) {
        console.error(lines.join(""));
        throw err;
      }
      console.warn(`[e2e] the test stack did not start (${(err as Error).message}); starting it again`);
      await new Promise((r) => setTimeout(r, 5_000)); // let the stopped processes free their ports
    }
  }
  project.provide("apiUrl", `http://127.0.0.1:${ports.api}`);
  project.provide("portalUrl", `http://127.0.0.1:${ports.portal}`);
  project.provide("supportUrl", `http://127.0.0.1:${ports.support}`);
  project.provide("siteUrl", `http://127.0.0.1:${ports.site}`);
  project.provide("docsUrl", `http://127.0.0.1:${ports.docs}`);
  return async () => {
    stack!.stop();
    await new Promise((r) => setTimeout(r, 500));
    rmSync(state, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    apiUrl: string;
    portalUrl: string;
    supportUrl: string;
    siteUrl: string;
    docsUrl: string;
  }
}
