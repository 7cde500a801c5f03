/** Talking to the running stack from the test (as the desktop app, the mailbox reader or staff would). */
import { execFileSync } from "node:child_process";
import { inject } from "vitest";

export const apiUrl = () => inject("apiUrl");
export const portalUrl = () => inject("portalUrl");

export async function apiPost<T = any>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(apiUrl() + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

export async function waitForMail(email: string, subject: string, timeoutMs = 10_000): Promise<{ text: string; html: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${apiUrl()}/dev/mailbox?to=${encodeURIComponent(email)}`);
    const { messages } = (await res.json()) as { messages: { subject: string; text: string; html: string }[] };
    const found = messages.find((m) => m.subject.includes(subject));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no "${subject}" email for ${email} within ${timeoutMs} ms`);
}

/** The portal link from a sign-in email, pointed at this test stack's portal. */
export function signInLink(text: string): string {
  const link = /http\S+#token=\S+/.exec(text)?.[0];
  if (!link) throw new Error("no sign-in link in the email");
  const url = new URL(link);
  return portalUrl() + url.pathname + url.hash;
}

/** Exactly what a person runs: `npm run admin:token -- --email …`; the token is the last line. */
export function adminToken(email: string): string {
  const root = new URL("..", import.meta.url).pathname;
  const out = execFileSync("npm", ["run", "-s", "admin:token", "--", "--email", email], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return out.trim().split("\n").at(-1)!;
}

/** The pages a built site lists in its sitemap (the e2e stack builds the site with its own ports). */
export async function sitemapUrls(origin: string): Promise<string[]> {
  const xml = await (await fetch(`${origin}/sitemap.xml`)).text();
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
}
