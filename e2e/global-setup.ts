import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startStack } from "../scripts/lib/stack.mjs";

const root = new URL("..", import.meta.url).pathname;

export default async function setup(project: TestProject) {
  const state = mkdtempSync(join(tmpdir(), "licensing-e2e-"));
  const ports = { api: Number(process.env.E2E_API_PORT ?? 18787), portal: Number(process.env.E2E_PORTAL_PORT ?? 18788), site: 18789, docs: 18790, support: Number(process.env.E2E_SUPPORT_PORT ?? 18791) };
  const lines: string[] = [];
  const stack = await startStack({
    root,
    ports,
    persistTo: join(state, "state"),
    // A registry of its own, so a developer's `npm start` can run at the same time.
    registry: join(state, "registry"),
    inspectorBase: 19229,
    log: (line: string) => lines.push(line),
  }).catch((err: Error) => {
    console.error(lines.join(""));
    throw err;
  });
  project.provide("apiUrl", `http://127.0.0.1:${ports.api}`);
  project.provide("portalUrl", `http://127.0.0.1:${ports.portal}`);
  project.provide("supportUrl", `http://127.0.0.1:${ports.support}`);
  project.provide("siteUrl", `http://127.0.0.1:${ports.site}`);
  project.provide("docsUrl", `http://127.0.0.1:${ports.docs}`);
  return async () => {
    stack.stop();
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
