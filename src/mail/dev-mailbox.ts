/**
 * Development stand-in for an email provider: messages are kept in local KV and listed
 * newest first at GET /dev/mailbox. Keys sort newest first by construction.
 */
import type { Mailer, MailMessage } from "./mailer";

export interface StoredMessage extends MailMessage {
  id: string;
  sent_at: string;
}

const PREFIX = "dev-mailbox:";
const MAX_TIME = 9_999_999_999_999;

export class DevMailbox implements Mailer {
  constructor(private readonly kv: KVNamespace) {}

  async send(message: MailMessage): Promise<void> {
    const now = Date.now();
    const id = `msg_${now.toString(36)}${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
    const stored: StoredMessage = { id, ...message, sent_at: new Date(now).toISOString() };
    const key = `${PREFIX}${String(MAX_TIME - now).padStart(13, "0")}:${id}`;
    await this.kv.put(key, JSON.stringify(stored), { expirationTtl: 7 * 24 * 3600 });
  }

  async list(options: { to?: string; limit?: number } = {}): Promise<StoredMessage[]> {
    const limit = Math.min(options.limit ?? 50, 200);
    const { keys } = await this.kv.list({ prefix: PREFIX, limit: 1000 });
    const out: StoredMessage[] = [];
    for (const { name } of keys) {
      const text = await this.kv.get(name);
      if (!text) continue;
      const message = JSON.parse(text) as StoredMessage;
      if (options.to && message.to.toLowerCase() !== options.to.toLowerCase()) continue;
      out.push(message);
      if (out.length >= limit) break;
    }
    return out;
  }
}
