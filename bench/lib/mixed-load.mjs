// Load generator for the mixed run (its own process): a validate-heavy mix with
// activations, deactivations, signed Stripe webhooks and health checks, for a given
// duration. Prints one JSON result.
import { createHmac, randomBytes } from "node:crypto";
import autocannon from "autocannon";

const job = JSON.parse(process.argv[2]);
const { licenses, webhookSecret } = job;
let n = 0;
const pick = (list) => list[Math.floor(Math.random() * list.length)];

function webhook() {
  const id = randomBytes(8).toString("hex");
  const now = Math.floor(Date.now() / 1000);
  const session = {
    id: `cs_load_${id}`,
    object: "checkout.session",
    mode: "payment",
    payment_status: "paid",
    status: "complete",
    customer_details: { email: `load-${id}@example.com` },
    customer_email: null,
    client_reference_id: null,
    payment_intent: `pi_load_${id}`,
    amount_total: 14900,
    currency: "usd",
    metadata: { product: "chartgpt", quantity: "1" },
  };
  const payload = JSON.stringify({
    id: `evt_load_${id}`,
    object: "event",
    type: "checkout.session.completed",
    created: now,
    data: { object: session },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    api_version: null,
  });
  const signature = createHmac("sha256", webhookSecret).update(`${now}.${payload}`).digest("hex");
  return {
    method: "POST",
    path: "/v1/webhooks/stripe",
    headers: { "content-type": "application/json", "stripe-signature": `t=${now},v1=${signature}` },
    body: payload,
  };
}

// Mix per 100 requests: 70 validate, 10 activate, 9 deactivate, 3 webhooks, 8 health.
function next() {
  const slot = n++ % 100;
  const lic = pick(licenses);
  const json = (path, body) => ({ method: "POST", path, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (slot < 70) return json("/v1/licenses/validate", { license_key: lic.key, fingerprint: lic.fingerprint });
  if (slot < 80) return json("/v1/licenses/activate", { license_key: lic.key, fingerprint: `churn-${Math.floor(Math.random() * 8)}-machine` });
  if (slot < 89) return json("/v1/licenses/deactivate", { license_key: lic.key, fingerprint: `churn-${Math.floor(Math.random() * 8)}-machine` });
  if (slot < 92) return webhook();
  return { method: "GET", path: "/v1/health" };
}

const statuses = {};
const errorKinds = {};
const instance = autocannon(
  { url: job.url, connections: job.connections, duration: job.seconds, timeout: 30, requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }] },
  (err, result) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    process.stdout.write(
      JSON.stringify({
        requests: result.requests.total,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.timeouts,
        errorKinds,
        statuses,
      }),
    );
  },
);
instance.on("response", (_c, status) => (statuses[status] = (statuses[status] ?? 0) + 1));
instance.on("reqError", (err) => (errorKinds[err?.code ?? err?.message ?? "unknown"] = (errorKinds[err?.code ?? err?.message ?? "unknown"] ?? 0) + 1));
