/**
 * Every answer any test in this file provokes is checked against its route's own
 * definition (src/routes/index.ts): a success must be a status the route declares, with
 * a body its schema for that status accepts; an error must carry a code the route
 * declares. The definitions feed the OpenAPI document too, so this is what keeps the
 * published reference true. Like error-hygiene.ts, it wraps the Worker's fetch once per
 * file and reports after the file's last test.
 */
import { afterAll, expect } from "vitest";
import type { Route } from "../../src/http/route";
import worker from "../../src/index";
import { DEV_ROUTES, ROUTES } from "../../src/routes";

const matchers = [...ROUTES, ...DEV_ROUTES].map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/[.]/g, "\\.").replace(/:\w+/g, "[^/]+")}$`),
}));

export function routeFor(method: string, path: string): Route | undefined {
  return matchers.find((m) => m.route.method === method && m.pattern.test(path))?.route;
}

/** Codes any route may answer with: an unexpected failure, and the method check before any route runs. */
const ANY_ROUTE = new Set(["INTERNAL", "METHOD_NOT_ALLOWED"]);

/** What is wrong with one answer, judged by its route's definition (null: nothing). */
export function contractProblem(route: Route, status: number, contentType: string, text: string): string | null {
  const declared = route.responses[status];
  if (status < 400) {
    if (!declared) return `answered ${status}, which the route does not declare (${Object.keys(route.responses).join(", ")})`;
    if (!declared.schema) return null;
    if (!contentType.includes("application/json")) return `answered ${status} as ${contentType || "no content type"}, not JSON`;
    const parsed = declared.schema.safeParse(JSON.parse(text));
    return parsed.success
      ? null
      : `the ${status} body does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
  }
  if (!contentType.includes("application/json")) return null; // error-hygiene.ts reports these
  const code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? "";
  return ANY_ROUTE.has(code) || route.errors.includes(code as never) ? null : `answered ${status} ${code}, which the route does not declare`;
}

const problems = new Set<string>();
const original = worker.fetch;
worker.fetch = async (request, workerEnv, ctx) => {
  const response = await original(request, workerEnv, ctx);
  const url = new URL(request.url);
  const route = routeFor(request.method, url.pathname);
  if (route && response.status !== 101) {
    const problem = contractProblem(route, response.status, response.headers.get("content-type") ?? "", await response.clone().text());
    if (problem) problems.add(`${route.method} ${route.path}: ${problem}`);
  }
  return response;
};

afterAll(() => {
  expect([...problems]).toEqual([]);
});
