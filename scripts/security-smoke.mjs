// `npm run security:smoke [-- --api http://127.0.0.1:8787]`: a black-box pass over a
// running local stack (`npm start`) for the security review's findings, the way an
// outsider would try them: plain HTTP, signed Stripe events with the local webhook
// secret, a dev Access token. Prints one line per check and "N passed, N failed".
import { execFileSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { parseDevVars } from "./lib/dev-secrets.mjs";

const root = new URL("..", import.meta.url).pathname;
const at = process.argv.indexOf("--api");
const api = at > 0 ? process.argv[at + 1] : "http://127.0.0.1:8787";
const vars = parseDevVars(readFileSync(`${root}.dev.vars`, "utf8"));
const staff = execFileSync(process.execPath, [`${root}scripts/admin-token.mjs`, "--email", "blackbox@chartgpt.example"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "ignore"],
})
  .trim()
  .split("\n")
  .at(-1);

let passed = 0;
let failed = 0;
const check = (name, ok, detail = "") => {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok ? "" : `  (${detail})`}`);
  ok ? passed++ : failed++;
};

async function call(path, { method = "GET", body, headers = {} } = {}) {
  const res = await fetch(api + path, { method, headers, body: typeof body === "string" || body === undefined ? body : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, body: json };
}
const json = { "content-type": "application/json" };
const asStaff = { "cf-access-jwt-assertion": staff };

async function grant(seats) {
  const email = `blackbox-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@example.com`;
  const g = await call("/dev/licenses", { method: "POST", headers: json, body: { email, seats } });
  return { ...g.body, email };
}
const seatsOf = async (accountId) => (await call(`/v1/admin/accounts/${accountId}`, { headers: asStaff })).body;
const settle = () => new Promise((r) => setTimeout(r, 400)); // the write-through reaches D1, where support reads

function signed(event) {
  const payload = JSON.stringify(event);
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", vars.STRIPE_WEBHOOK_SECRET).update(`${t}.${payload}`).digest("hex");
  return { method: "POST", headers: { ...json, "stripe-signature": `t=${t},v1=${v1}` }, body: payload };
}
function checkoutEvent(email, { product = "chartgpt", quantity = 1 } = {}) {
  const id = randomBytes(6).toString("hex");
  const metadata = product ? { product, quantity: String(quantity) } : {};
  const session = {
    id: `cs_test_bb_${id}`,
    object: "checkout.session",
    mode: "payment",
    payment_status: "paid",
    status: "complete",
    livemode: false,
    customer_details: { email },
    customer_email: email,
    client_reference_id: null,
    payment_intent: `pi_bb_${id}`,
    amount_total: 14900 * quantity,
    currency: "usd",
    metadata,
  };
  return {
    id: `evt_bb_${id}`,
    object: "event",
    type: "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: session },
  };
}
const disputeEvent = (pi, type = "charge.dispute.created") => ({
  id: `evt_bb_${randomBytes(6).toString("hex")}`,
  object: "event",
  type,
  created: Math.floor(Date.now() / 1000),
  livemode: false,
  data: { object: { id: `dp_${pi}`, object: "dispute", payment_intent: pi, status: "needs_response", charge: `ch_${pi}` } },
});

// 1. A foreign site's form post to a staff action, with the staff token, changes nothing.
{
  const c = await grant(3);
  const res = await call(`/v1/admin/licenses/${c.license_id}/seats`, {
    method: "POST",
    headers: { ...asStaff, origin: "https://evil.example", "content-type": "text/plain" },
    body: JSON.stringify({ seats: 0, reason: "x" }),
  });
  await settle();
  const after = await seatsOf(c.account_id);
  check(
    "foreign-origin admin POST → 403, seats unchanged",
    res.status === 403 && after.licenses[0].seats === 3,
    `${res.status}, seats ${after?.licenses?.[0]?.seats}`,
  );
}

// 2. A staff action without a reason is refused.
{
  const c = await grant(3);
  const res = await call(`/v1/admin/licenses/${c.license_id}/revoke`, { method: "POST", headers: { ...asStaff, ...json }, body: {} });
  check(
    "admin action without a reason → 400 naming `reason`",
    res.status === 400 && res.body.error.details.fields.some((f) => f.path === "reason"),
    `${res.status}`,
  );
}

// 3. A paid session that does not name a catalog product grants nothing.
{
  const email = `blackbox-nometa-${randomBytes(3).toString("hex")}@example.com`;
  const res = await call("/v1/webhooks/stripe", signed(checkoutEvent(email, { product: null })));
  const again = await call("/dev/licenses", { method: "POST", headers: json, body: { email, seats: 1 } });
  await settle();
  const detail = await seatsOf(again.body.account_id);
  const events = (await call(`/v1/admin/events?account_id=${again.body.account_id}`, { headers: asStaff })).body.events.map((e) => e.action);
  check(
    "paid session without metadata.product → 2xx, no seats, purchase.ignored",
    res.status === 200 && res.body.ignored === true && detail.licenses[0].seats === 1 && detail.purchases.length === 0,
    `${res.status} ${JSON.stringify(res.body)}; seats ${detail.licenses[0].seats}, purchases ${detail.purchases.length}, events ${events.join(",")}`,
  );
}

// 4. Disputing one of two purchases takes only its seats; the license stays active.
{
  const email = `blackbox-dispute-${randomBytes(3).toString("hex")}@example.com`;
  const first = checkoutEvent(email, { quantity: 1 });
  const second = checkoutEvent(email, { quantity: 2 });
  await call("/v1/webhooks/stripe", signed(first));
  await call("/v1/webhooks/stripe", signed(second));
  const dispute = await call("/v1/webhooks/stripe", signed(disputeEvent(first.data.object.payment_intent)));
  const key = await call("/dev/licenses", { method: "POST", headers: json, body: { email, seats: 1 } });
  await settle();
  const detail = await seatsOf(key.body.account_id);
  const license = detail.licenses[0];
  // 1 unit (2 seats) + 2 units (4 seats) + 1 dev seat, minus the disputed 2.
  check(
    "disputing one of two purchases drops only its seats, license stays active",
    dispute.status === 200 && license.seats === 5 && license.status === "active",
    `${dispute.status}; seats ${license.seats}, ${license.status}`,
  );
}

// 5. Oversized chunked bodies never cost another request its answer.
{
  const url = new URL(api + "/v1/licenses/activate");
  const chunked = () =>
    new Promise((resolve) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { ...json, "transfer-encoding": "chunked" } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode));
        },
      );
      req.on("error", () => resolve(0));
      for (let i = 0; i < 9; i++) req.write(Buffer.alloc(8192, 0x20));
      req.end();
    });
  const results = await Promise.all([chunked(), chunked(), call("/v1/health"), call("/v1/health")]);
  const after = [await call("/v1/health"), await call("/v1/health")];
  check(
    "chunked 72 KiB bodies → 413, concurrent and following requests answered",
    results[0] === 413 && results[1] === 413 && [...results.slice(2), ...after].every((r) => r.status === 200),
    JSON.stringify(results.map((r) => r?.status ?? r)),
  );
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
