import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { ResendMailer } from "../../src/mail/resend";
import { licenseEmail } from "../../src/mail/templates";
import { createStripeSession } from "../../src/stripe/checkout";
import { activate, BASE, post, request, uniqueEmail } from "../helpers/api";
import { keyIn, mailTo, snapshotOf } from "../helpers/stripe-account";

/** Records what would go over the network and answers like the service would. */
function recordingFetch(answer: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; init: RequestInit; body: string }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push({ url, init, body: String(init.body ?? "") });
    return answer(url, init);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe("POST /v1/checkout/sessions with Stripe configured", () => {
  it("creates a one-time Checkout Session with exactly these parameters", async () => {
    const stripe = recordingFetch(() => Response.json({ id: "cs_test_123", object: "checkout.session", url: "https://checkout.stripe.com/c/pay/cs_test_123" }));
    const configured = { ...env, STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_PRICE_ID: "price_lifetime" };
    const started = await createStripeSession(configured, { email: "buyer@example.com", quantity: 3, accountId: "acct_0123456789ab" }, stripe.fetchImpl);
    expect(started).toEqual({ id: "cs_test_123", url: "https://checkout.stripe.com/c/pay/cs_test_123" });

    expect(stripe.calls).toHaveLength(1);
    const call = stripe.calls[0]!;
    expect(call.url).toBe("https://api.stripe.com/v1/checkout/sessions");
    expect(call.init.method).toBe("POST");
    const headers = new Headers(call.init.headers);
    expect(headers.get("authorization")).toBe("Bearer sk_test_fake");
    expect(headers.get("idempotency-key")).toBeTruthy();
    expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({
      mode: "payment",
      "line_items[0][price]": "price_lifetime",
      "line_items[0][quantity]": "3",
      customer_email: "buyer@example.com",
      client_reference_id: "acct_0123456789ab",
      "metadata[product]": "chartgpt",
      "metadata[quantity]": "3",
      "payment_intent_data[metadata][product]": "chartgpt",
      "payment_intent_data[metadata][quantity]": "3",
      success_url: "http://127.0.0.1:8788/thanks/?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://127.0.0.1:8788/",
    });
  });

  it("sends an anonymous buyer back to the site, without client_reference_id", async () => {
    const stripe = recordingFetch(() => Response.json({ id: "cs_test_9", object: "checkout.session", url: "https://checkout.stripe.com/x" }));
    await createStripeSession(
      { ...env, STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_PRICE_ID: "price_x" },
      { email: null, quantity: 1, accountId: null },
      stripe.fetchImpl,
    );
    const params = new URLSearchParams(stripe.calls[0]!.body);
    expect(params.has("client_reference_id")).toBe(false);
    expect(params.has("customer_email")).toBe(false);
    expect(params.get("success_url")).toBe("http://127.0.0.1:8789/thanks/?session_id={CHECKOUT_SESSION_ID}");
    expect(params.has("metadata[location_hint]")).toBe(false);
  });

  it("carries the buyer's place in the session's metadata, where the webhook reads it", async () => {
    const stripe = recordingFetch(() => Response.json({ id: "cs_test_10", object: "checkout.session", url: "https://checkout.stripe.com/y" }));
    await createStripeSession(
      { ...env, STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_PRICE_ID: "price_x" },
      { email: null, quantity: 1, accountId: null, locationHint: "apac" },
      stripe.fetchImpl,
    );
    const params = new URLSearchParams(stripe.calls[0]!.body);
    expect(params.get("metadata[location_hint]")).toBe("apac");
    expect(params.get("payment_intent_data[metadata][location_hint]")).toBe("apac");
  });

  it("turns a Stripe failure into 503 UNAVAILABLE", async () => {
    const stripe = recordingFetch(() => Response.json({ error: { type: "api_error", message: "boom" } }, { status: 500 }));
    await expect(
      createStripeSession(
        { ...env, STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_PRICE_ID: "price_x" },
        { email: null, quantity: 1, accountId: null },
        stripe.fetchImpl,
      ),
    ).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});

describe("the dev checkout, end to end", () => {
  it("session → page → confirm → signed webhook → email with the key → the key activates", async () => {
    const email = uniqueEmail("devbuyer");
    const created = await post("/v1/checkout/sessions", { email, quantity: 2 });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/dev\/checkout\/cs_test_dev_/);
    const path = new URL(created.body.url).pathname;

    const page = await request(path);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.text).toContain("4 seats");
    expect(page.text).toContain(`value="${email}"`);

    const confirm = await request(`${path}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, quantity: "2" }).toString(),
      redirect: "manual",
    });
    expect(confirm.status).toBe(303);
    const success = await request(confirm.headers.get("location")!);
    expect(success.text).toContain("Payment confirmed");

    const [mail] = await mailTo(email);
    const key = keyIn(mail!.text);
    expect((await activate(key, "dev-checkout-machine")).status).toBe(201);
    const snap = await snapshotOf(email);
    expect(snap.licenses[0]!.seats).toBe(4);
    expect(snap.purchases[0]).toMatchObject({ status: "paid", quantity: 2, amount: 29_800 });
  });

  it("validates the request and the order", async () => {
    expect((await post("/v1/checkout/sessions", { quantity: 51 })).status).toBe(400);
    expect((await post("/v1/checkout/sessions", { email: "not-an-email" })).body.error.details.fields[0].path).toBe("email");
    expect((await request("/dev/checkout/cs_test_dev_unknownunknownunknown12")).status).toBe(404);
  });

  it("is not there in production, and production without Stripe says so", async () => {
    const production = { ...env, ENVIRONMENT: "production" };
    const call = async (path: string, init: RequestInit = {}) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(BASE + path, init), production, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    expect((await call("/dev/mailbox")).status).toBe(404);
    expect((await call("/dev/licenses", { method: "POST", body: "{}" })).status).toBe(404);
    const checkout = await call("/v1/checkout/sessions", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(checkout.status).toBe(503);
  });
});

describe("email", () => {
  it("the Resend mailer sends one authenticated JSON request", async () => {
    const resend = recordingFetch(() => Response.json({ id: "email_1" }));
    const message = licenseEmail({
      to: "a@example.com",
      licenseKey: "CGPT-AAAAA",
      seats: 2,
      quantity: 1,
      portalUrl: "https://p",
      downloadUrl: "https://d",
      docsUrl: "https://x",
      staleSeatDays: 30,
    });
    await new ResendMailer({ apiKey: "re_test", from: "ChartGPT <l@example.com>", fetch: resend.fetchImpl }).send(message);
    expect(resend.calls).toHaveLength(1);
    expect(resend.calls[0]!.url).toBe("https://api.resend.com/emails");
    expect(new Headers(resend.calls[0]!.init.headers).get("authorization")).toBe("Bearer re_test");
    expect(JSON.parse(resend.calls[0]!.body)).toEqual({
      from: "ChartGPT <l@example.com>",
      to: ["a@example.com"],
      subject: "Your ChartGPT license key",
      text: message.text,
      html: message.html,
    });
  });

  it("a refusal from the provider is an error (and the webhook answers 503)", async () => {
    const resend = recordingFetch(() => new Response("rate limited", { status: 429 }));
    await expect(
      new ResendMailer({ apiKey: "re_test", from: "x@example.com", fetch: resend.fetchImpl }).send({ to: "a@example.com", subject: "s", text: "t", html: "h" }),
    ).rejects.toThrow("429");
  });

  it("the license email has a text and an HTML part with the key, activation steps and links, HTML-escaped", () => {
    const message = licenseEmail({
      to: "a@example.com",
      licenseKey: "CGPT-<b>",
      seats: 1,
      quantity: 1,
      portalUrl: "https://portal",
      downloadUrl: "https://site/downloads/",
      docsUrl: "https://docs",
      staleSeatDays: 45,
    });
    expect(message.text).toContain("CGPT-<b>");
    // The stale-seat rule in one sentence, with the product's own number of days.
    expect(message.text).toContain("a machine that has not been used for 45 days gives its seat to the new one automatically");
    expect(message.html).toContain("a machine that has not been used for 45 days gives its seat to the new one automatically");
    expect(message.text).toContain("1 seat ");
    expect(message.text).toMatch(/How to activate:\n {2}1\. Download/);
    expect(message.html).toContain("CGPT-&lt;b&gt;");
    expect(message.html).toContain('href="https://portal"');
    expect(message.html).toContain('href="https://site/downloads/"');
  });
});
