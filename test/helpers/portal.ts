/** Signing in the way the portal does: magic link from the dev mailbox, then the POST. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { BASE, grantLicense, post, request } from "./api";

export const PORTAL = "http://127.0.0.1:8788";
export const sameOrigin = { origin: PORTAL, "sec-fetch-site": "same-origin" };

export async function latestLink(email: string, after = 0): Promise<string> {
  let link = "";
  await expect
    .poll(
      async () => {
        const messages = (await request(`/dev/mailbox?to=${encodeURIComponent(email)}`)).body.messages as { subject: string; text: string }[];
        const signIns = messages.filter((m) => m.subject.includes("sign-in link"));
        if (signIns.length <= after) return false;
        link = /http\S+#token=\S+/.exec(signIns[0]!.text)![0];
        return true;
      },
      { timeout: 5_000, interval: 50 },
    )
    .toBe(true);
  return link;
}

export const tokenOf = (link: string) => new URL(link).hash.slice("#token=".length);

export async function requestLink(email: string, headers: Record<string, string> = sameOrigin) {
  return post("/v1/auth/magic-link", { email }, headers);
}

export async function redeem(token: string, headers: Record<string, string> = sameOrigin) {
  return post("/v1/auth/session", { token }, headers);
}

export function cookieFrom(setCookie: string | null): string {
  if (!setCookie) throw new Error("no Set-Cookie");
  return setCookie.split(";")[0]!;
}

/** A customer with a license, signed in: returns the cookie to send. */
export async function signedIn(seats = 2) {
  const lic = await grantLicense(seats);
  const sent = await requestLink(lic.email);
  expect(sent.status).toBe(202);
  const link = await latestLink(lic.email);
  const session = await redeem(tokenOf(link));
  expect(session.status, session.text).toBe(200);
  return { ...lic, cookie: cookieFrom(session.headers.get("set-cookie")) };
}

export function asCustomer(cookie: string, extra: Record<string, string> = {}) {
  return { cookie, ...sameOrigin, ...extra };
}

/** Opens the portal's live socket with a session cookie; collects messages and the close. */
export async function openLive(cookie: string) {
  const res = await exports.default.fetch(new Request(`${BASE}/v1/portal/live`, { headers: { upgrade: "websocket", cookie, origin: PORTAL } }));
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const messages: any[] = [];
  let closed: { code: number } | null = null;
  ws.addEventListener("message", (e) => {
    messages.push(JSON.parse(String(e.data)));
  });
  ws.addEventListener("close", (e) => {
    closed = { code: e.code };
  });
  ws.accept();
  return { ws, messages, closed: () => closed };
}
