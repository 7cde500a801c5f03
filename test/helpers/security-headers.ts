/**
 * The agreed security headers of every HTML answer (README, "Security"), as one check
 * that the Workers' unit test (test/unit/security-headers.test.ts) and the browser test
 * on the real stack (e2e/security-headers.e2e.test.ts) both apply. It states what must
 * hold, not how src/http/security-headers.ts builds it, so loosening that module fails
 * here too. Returns the problems found (none: the answer carries the agreed set).
 */
import { PERMISSIONS_POLICY } from "../../src/http/security-headers";

export interface HeaderExpectation {
  /** Per surface: "no-referrer" on the portal's sign-in pages, "same-origin" where pages post forms to themselves. */
  referrerPolicy: "no-referrer" | "same-origin" | "strict-origin-when-cross-origin";
  /** HSTS outside development, never in it. */
  environment: "development" | "production";
}

/** Features every page must turn off, whatever else the shared policy lists. */
const ALWAYS_OFF = ["camera", "microphone", "geolocation", "payment", "usb"];

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values.join(" ")]),
  );
}

function cspProblems(csp: string | null): string[] {
  if (!csp) return ["no Content-Security-Policy"];
  const d = directives(csp);
  const problems: string[] = [];
  for (const name of ["frame-ancestors", "object-src", "base-uri"]) if (d.get(name) !== "'none'") problems.push(`CSP ${name} is not 'none'`);
  if (d.get("form-action") !== "'self'") problems.push("CSP form-action is not 'self'");
  if (/unsafe-inline|unsafe-eval|unsafe-hashes|\*/.test(csp)) problems.push("CSP allows inline code, eval or wildcards");
  // Scripts and styles from our own origin only (a page with no scripts may say 'none';
  // an inline style sheet is allowed by its hash alone).
  const scripts = d.get("script-src") ?? d.get("default-src");
  if (scripts !== "'self'" && scripts !== "'none'") problems.push(`CSP scripts from ${scripts ?? "anywhere"}`);
  const styles = d.get("style-src") ?? d.get("default-src");
  if (!/^('self'|'none'|'sha256-[A-Za-z0-9+/]+=*')$/.test(styles ?? "")) problems.push(`CSP styles from ${styles ?? "anywhere"}`);
  return problems;
}

export function securityHeaderProblems(headers: Headers, expected: HeaderExpectation): string[] {
  const problems = cspProblems(headers.get("content-security-policy"));
  const exactly = (name: string, value: string) => {
    const actual = headers.get(name);
    if (actual !== value) problems.push(`${name}: ${actual ?? "missing"}, expected ${value}`);
  };
  exactly("x-content-type-options", "nosniff");
  exactly("x-frame-options", "DENY");
  exactly("cross-origin-opener-policy", "same-origin");
  exactly("referrer-policy", expected.referrerPolicy);
  exactly("permissions-policy", PERMISSIONS_POLICY);
  for (const feature of ALWAYS_OFF) if (!PERMISSIONS_POLICY.split(", ").includes(`${feature}=()`)) problems.push(`permissions-policy leaves ${feature} on`);

  const hsts = headers.get("strict-transport-security");
  if (expected.environment === "development") {
    if (hsts !== null) problems.push(`strict-transport-security in development: ${hsts}`);
  } else {
    const maxAge = Number(/max-age=(\d+)/.exec(hsts ?? "")?.[1] ?? 0);
    if (maxAge < 31_536_000 || !/includeSubDomains/.test(hsts ?? ""))
      problems.push(`strict-transport-security: ${hsts ?? "missing"}, expected a year with subdomains`);
  }
  return problems;
}

/** The headers the check looks at: dropping any one of them must fail it (the test's self-check). */
export const CHECKED_HEADERS = [
  "content-security-policy",
  "x-content-type-options",
  "x-frame-options",
  "cross-origin-opener-policy",
  "referrer-policy",
  "permissions-policy",
  "strict-transport-security",
];
