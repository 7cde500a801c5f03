/** Resend (https://resend.com/docs/api-reference/emails/send-email): one POST per message. */
import type { Mailer, MailMessage } from "./mailer";

export class ResendMailer implements Mailer {
  constructor(private readonly options: { apiKey: string; from: string; fetch: typeof fetch }) {}

  async send(message: MailMessage): Promise<void> {
    const response = await this.options.fetch("https://api.resend.com/emails", {
      method: "POST",
      headers: { authorization: `Bearer ${this.options.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ from: this.options.from, to: [message.to], subject: message.subject, text: message.text, html: message.html }),
    });
    if (!response.ok) {
      // The provider's body may echo the message; keep only the status in the error.
      throw new Error(`email provider answered ${response.status}`);
    }
  }
}
