/**
 * Every error response any test in this file provokes is checked here: the contract's
 * envelope, and nothing internal — no stack frame, no SQL or driver message, no secret.
 * The Worker's fetch is wrapped once per file (tests share its module instance), so
 * responses reached through SELF, exports.default or a direct call are all seen.
 */
import { env } from "cloudflare:workers";
import { afterAll, expect } from "vitest";
import worker from "../../src/index";

type Seen = { url: string; status: number; contentType: string; body: string };
const seen: Seen[] = [];
const original = worker.fetch;
worker.fetch = async (request, workerEnv, ctx) => {
  const response = await original(request, workerEnv, ctx);
  if (response.status >= 400) {
    const body = await response.clone().text();
    seen.push({ url: request.url, status: response.status, contentType: response.headers.get("content-type") ?? "", body });
  }
  return response;
};

const FORBIDDEN: [string, RegExp][] = [
  ["a stack frame", /\bat [\w.<>]+ \(|\.ts:\d+:\d+|\.js:\d+:\d+/],
  ["SQL or a driver message", /SQLITE_|D1_ERROR|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|no such table/i],
  ["an exception name", /\b(TypeError|ReferenceError|SyntaxError|RangeError)\b/],
];

function secrets(): string[] {
  const jwk = (text: string | undefined) => {
    try {
      return text ? [JSON.parse(text).d as string] : [];
    } catch {
      return [];
    }
  };
  return [
    env.ROUTING_SECRET,
    env.LICENSE_KEY_ENCRYPTION_KEY,
    env.STRIPE_WEBHOOK_SECRET,
    ...jwk(env.TOKEN_SIGNING_JWK),
    ...jwk(env.TOKEN_NEXT_JWK ?? ""),
    ...jwk(env.ACCESS_DEV_PRIVATE_JWK),
  ].filter((s): s is string => typeof s === "string" && s.length >= 16);
}

afterAll(() => {
  if (process.env.SHOW_ERROR_HYGIENE) console.log(`[error-hygiene] ${seen.length} error responses checked`);
  const problems: string[] = [];
  for (const r of seen) {
    for (const [what, pattern] of FORBIDDEN) if (pattern.test(r.body)) problems.push(`${r.status} ${r.url} contains ${what}: ${r.body.slice(0, 200)}`);
    for (const secret of secrets()) if (r.body.includes(secret)) problems.push(`${r.status} ${r.url} contains a secret`);
    if (r.contentType.includes("application/json")) {
      const body = JSON.parse(r.body) as { error?: { code?: string; message?: string; request_id?: string } };
      if (!body.error?.code || !body.error.message || !body.error.request_id)
        problems.push(`${r.status} ${r.url} is not in the error envelope: ${r.body.slice(0, 200)}`);
    } else if (new URL(r.url).pathname.startsWith("/v1/")) {
      problems.push(`${r.status} ${r.url} answered ${r.contentType || "no content type"} instead of the JSON envelope`);
    }
  }
  expect(problems).toEqual([]);
});
