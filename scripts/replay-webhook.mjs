// Replays a Stripe event against the local API, signed the way Stripe signs it.
//
//   npm run stripe:replay -- path/to/event.json [--url http://127.0.0.1:8787]
//
// The secret is STRIPE_WEBHOOK_SECRET from .dev.vars (the fixed local default unless
// you changed it). Useful to re-send an event copied from the Stripe dashboard or
// from `stripe events resend`, or to hand-craft refunds and disputes.
import { readFileSync } from "node:fs";
import Stripe from "stripe";
import { parseDevVars } from "./lib/dev-secrets.mjs";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
const urlIndex = args.indexOf("--url");
const base = urlIndex >= 0 ? args[urlIndex + 1] : `http://127.0.0.1:${process.env.API_PORT ?? 8787}`;
if (!file) {
  console.error("usage: npm run stripe:replay -- <event.json> [--url http://127.0.0.1:8787]");
  process.exit(2);
}
const secret = parseDevVars(readFileSync(new URL("../.dev.vars", import.meta.url), "utf8")).STRIPE_WEBHOOK_SECRET;
const payload = JSON.stringify(JSON.parse(readFileSync(file, "utf8")));
const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
const res = await fetch(`${base}/v1/webhooks/stripe`, {
  method: "POST",
  headers: { "content-type": "application/json", "stripe-signature": signature },
  body: payload,
});
console.log(res.status, await res.text());
process.exit(res.ok ? 0 : 1);
