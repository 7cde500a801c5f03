/** The emails the system sends: a plain-text part and an HTML part with the same content. */
import { staleSeatSentence } from "../core/catalog";
import type { MailMessage } from "./mailer";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export interface LicenseEmailInput {
  to: string;
  licenseKey: string;
  seats: number;
  quantity: number;
  portalUrl: string;
  downloadUrl: string;
  docsUrl: string;
  /** The license's STALE_SEAT_DAYS (catalog seat policy), for the one sentence on moving machines. */
  staleSeatDays: number;
}

export function licenseEmail(input: LicenseEmailInput): MailMessage {
  const seatWord = input.seats === 1 ? "seat" : "seats";
  const steps = [
    `Download ChartGPT for NinjaTrader 8: ${input.downloadUrl}`,
    "Install it, then open NinjaTrader and go to ChartGPT → License.",
    "Paste your license key and press Activate. Each computer you activate uses one seat.",
    "Add your own AI key (OpenAI, Anthropic, Google or OpenRouter) in ChartGPT → Settings.",
  ];
  const text = [
    "Thank you for buying ChartGPT.",
    "",
    "Your license key:",
    "",
    `    ${input.licenseKey}`,
    "",
    `This purchase adds ${input.seats} ${seatWord} to your license.`,
    "",
    "How to activate:",
    ...steps.map((s, i) => `  ${i + 1}. ${s}`),
    "",
    staleSeatSentence(input.staleSeatDays),
    `Manage your machines and seats in the customer portal: ${input.portalUrl}`,
    `Guides and troubleshooting: ${input.docsUrl}`,
    "",
    "Keep this email: the key is your proof of purchase.",
  ].join("\n");
  const html = `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; color: #1a1a1a; line-height: 1.5; max-width: 560px">
<h1 style="font-size: 20px">Thank you for buying ChartGPT</h1>
<p>Your license key:</p>
<p style="font-family: ui-monospace, monospace; font-size: 16px; background: #f3f4f6; padding: 12px; border-radius: 6px; word-break: break-all">${escapeHtml(input.licenseKey)}</p>
<p>This purchase adds <strong>${input.seats} ${seatWord}</strong> to your license.</p>
<h2 style="font-size: 16px">How to activate</h2>
<ol>
<li><a href="${escapeHtml(input.downloadUrl)}">Download ChartGPT for NinjaTrader 8</a>.</li>
${steps
  .slice(1)
  .map((s) => `<li>${escapeHtml(s)}</li>`)
  .join("\n")}
</ol>
<p>${escapeHtml(staleSeatSentence(input.staleSeatDays))}</p>
<p>Manage your machines and seats in the <a href="${escapeHtml(input.portalUrl)}">customer portal</a>. Guides and troubleshooting are in the <a href="${escapeHtml(input.docsUrl)}">docs</a>.</p>
<p style="color: #555">Keep this email: the key is your proof of purchase.</p>
</body></html>`;
  return { to: input.to, subject: "Your ChartGPT license key", text, html };
}

export function signInEmail(input: { to: string; link: string; expiresAt: number }): MailMessage {
  const text = [
    "Sign in to your ChartGPT account:",
    "",
    input.link,
    "",
    "The link works once and expires in 15 minutes. Opening it shows a button; nothing happens until you press it.",
    "If you did not ask to sign in, ignore this email: nobody can sign in without it.",
  ].join("\n");
  const html = `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; color: #1a1a1a; line-height: 1.5; max-width: 560px">
<h1 style="font-size: 20px">Sign in to ChartGPT</h1>
<p><a href="${escapeHtml(input.link)}" style="display: inline-block; background: #1d4ed8; color: #fff; padding: 10px 16px; border-radius: 6px; text-decoration: none">Sign in</a></p>
<p>The link works once and expires in 15 minutes. Opening it shows a button; nothing happens until you press it.</p>
<p style="color: #555">If you did not ask to sign in, ignore this email: nobody can sign in without it.</p>
</body></html>`;
  return { to: input.to, subject: "Your ChartGPT sign-in link", text, html };
}

/** `t•••@example.com`: enough for the owner to recognise an address, not to learn it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at <= 0 ? "•••" : `${email[0]}•••${email.slice(at)}`;
}

/**
 * Support changed the account's email: one message to each address. The new address
 * learns where to sign in from now on; the old one learns of the change (the new
 * address only masked: the old mailbox may be the reason for the change) and whom to
 * contact if they did not ask for it.
 */
export function emailChangedEmail(input: { to: string; role: "old" | "new"; oldEmail: string; newEmail: string; portalUrl: string }): MailMessage {
  const lines =
    input.role === "new"
      ? [
          `Your ChartGPT account now uses this address (${input.newEmail}) instead of ${input.oldEmail}.`,
          `Sign in to the customer portal with it from now on: ${input.portalUrl}`,
          "Your license, key and machines are unchanged. Portal sessions and sign-in links of the old address have ended.",
        ]
      : [
          `Your ChartGPT account's email was changed by our support team to ${maskEmail(input.newEmail)}.`,
          "This address no longer signs in to the account, and sign-in links sent to it have stopped working.",
          "If you did not ask for this, reply to this email or contact support right away.",
        ];
  const html = `<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; color: #1a1a1a; line-height: 1.5; max-width: 560px">
<h1 style="font-size: 20px">Your ChartGPT account's email changed</h1>
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("\n")}
</body></html>`;
  return { to: input.to, subject: "Your ChartGPT account's email changed", text: lines.join("\n\n"), html };
}
