export default {
  path: "/",
  title: "ChartGPT for NinjaTrader — ask AI about your charts",
  description:
    "ChartGPT sends your NinjaTrader chart to the AI you already use — OpenAI, Anthropic, Google or OpenRouter — with your own key. One lifetime license.",
  render: ({ config, buyForm, esc }) => `
<section class="hero"><div class="wrap">
  <h1>Ask AI about the chart in front of you.</h1>
  <p class="lede">ChartGPT is an add-on for NinjaTrader&nbsp;8. One click sends the chart you are looking at — bars, indicators, drawings — to the AI model you choose, and the answer appears right beside the chart.</p>
  <div class="cta">${buyForm({ quantity: 1, label: `Buy ChartGPT — ${esc(config.price)}` })}<a class="button secondary" href="/pricing/">See pricing</a></div>
  <p class="muted">One-time purchase. Bring your own AI key. Two computers per license.</p>
</div></section>
<section><div class="wrap">
  <h2>What it does for a trader</h2>
  <div class="grid">
    <div class="card"><h3>Reads the chart you see</h3><p>Instrument, timeframe, the visible bars and your indicators go along with your question, so the answer is about <em>this</em> chart, not charts in general.</p></div>
    <div class="card"><h3>Your model, your key</h3><p>Connect an API key from OpenAI, Anthropic, Google or OpenRouter. Requests go from your machine to your provider; you pay them directly for what you use.</p></div>
    <div class="card"><h3>Pay once</h3><p>A lifetime license, activated on two computers. Move it to a new machine from the customer portal whenever you like.</p></div>
  </div>
</div></section>
<section class="alt"><div class="wrap">
  <h2>Three steps</h2>
  <ol class="steps">
    <li><strong>Buy</strong> — your license key arrives by email within seconds.</li>
    <li><strong>Install</strong> the add-on from <a href="/downloads/">Downloads</a> and paste the key in NinjaTrader.</li>
    <li><strong>Add your AI key</strong> and ask your first question. The <a href="${esc(config.docsOrigin)}/getting-started/">getting started guide</a> walks through it.</li>
  </ol>
</div></section>
<section><div class="wrap">
  <h2>Already a customer?</h2>
  <p>See your license key, your seats and the machines using them — updated live — in the <a href="${esc(config.portalOrigin)}/sign-in/">customer portal</a>.</p>
</div></section>`,
};
