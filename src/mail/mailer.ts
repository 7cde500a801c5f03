/**
 * Outgoing email behind one small interface. Production sends through Resend's HTTPS
 * API; development keeps every message in a local mailbox (GET /dev/mailbox). Which one
 * is used is configuration only (MAIL_PROVIDER), never a code fork.
 */
import type { Env } from "../core/env";
import { isDevelopment } from "../core/env";
import { DevMailbox } from "./dev-mailbox";
import { ResendMailer } from "./resend";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export class MailerNotConfigured extends Error {}

export function mailerFor(env: Env, fetchImpl: typeof fetch = fetch): Mailer {
  if (env.MAIL_PROVIDER === "resend" && env.RESEND_API_KEY) {
    return new ResendMailer({ apiKey: env.RESEND_API_KEY, from: env.MAIL_FROM ?? "ChartGPT <licenses@chartgpt.example>", fetch: fetchImpl });
  }
  if (isDevelopment(env)) return new DevMailbox(env.KV);
  // Failing loudly beats pretending: the caller answers 503 and the sender retries.
  throw new MailerNotConfigured("no email provider configured (MAIL_PROVIDER=resend and RESEND_API_KEY)");
}
