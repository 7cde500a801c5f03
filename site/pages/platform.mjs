export default {
  path: "/platform/",
  title: "How it is built — ChartGPT platform map",
  description: "An edge stack built around a native product: website, docs, customer portal and licensing API deployed separately on Cloudflare.",
  render: ({ config, esc }) => `
<section class="hero"><div class="wrap">
  <h1>An edge stack around a native product</h1>
  <p class="lede">ChartGPT runs inside NinjaTrader on your computer. Everything around it — this site, the docs, the customer portal and the licensing API — runs at Cloudflare's edge, each part deployed on its own.</p>
</div></section>
<section><div class="wrap grid">
  <div class="card"><h2>Four separate surfaces</h2><p>Website, <a href="${esc(config.docsOrigin)}/">docs</a>, <a href="${esc(config.portalOrigin)}/sign-in/">customer portal</a> and API ship independently: a content edit never redeploys the API, and an API fix never touches the site.</p></div>
  <div class="card"><h2>One writer per account</h2><p>Each customer account has a Durable Object that decides every seat activation in order, so a license never has more active machines than seats, whatever arrives at once.</p></div>
  <div class="card"><h2>D1 for records</h2><p>Accounts, purchases, licenses, machines and an audit trail of every change live in a relational store that support can query.</p></div>
  <div class="card"><h2>KV for short-lived state</h2><p>Sessions and best-effort throttles sit in KV, close to where requests arrive.</p></div>
</div></section>
<section class="alt"><div class="wrap">
  <h2>Request flow</h2>
  <ol class="steps">
    <li><strong>Website</strong> introduces the product and sends you to docs, downloads and the portal.</li>
    <li><strong>Checkout</strong> (Stripe) tells the API about the payment; the account, purchase and license are created once, and your key is emailed.</li>
    <li><strong>Portal</strong> shows your seats and machines live and lets you move them — without exposing anything of the support tools.</li>
    <li><strong>Desktop app</strong> activates and validates against the edge API and carries a signed token that keeps it working offline for 14 days.</li>
  </ol>
</div></section>`,
};
