import { env } from "cloudflare:workers";
import { accountIdForEmail } from "../../src/accounts/account-id";
import { accountStub, auditEvents } from "./account";
import { request } from "./api";

export const accountOf = (email: string) => accountIdForEmail(env.ROUTING_SECRET, email);

export async function snapshotOf(email: string) {
  return accountStub(await accountOf(email)).snapshot();
}

export async function eventsOf(email: string) {
  const id = await accountOf(email);
  await accountStub(id).flush();
  return auditEvents(id);
}

export async function mailTo(email: string): Promise<{ subject: string; text: string; html: string }[]> {
  return (await request(`/dev/mailbox?to=${encodeURIComponent(email)}`)).body.messages;
}

export function keyIn(text: string): string {
  const match = /CGPT(-[0-9A-Z]{5}){8}/.exec(text);
  if (!match) throw new Error("no license key in the email");
  return match[0];
}
