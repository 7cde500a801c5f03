export default {
  path: "/",
  title: "ChartGPT docs",
  description: "Guides for ChartGPT customers and for developers integrating the licensing API.",
  render: ({ config, esc }) => `
<h1>ChartGPT documentation</h1>
<p class="lede">Everything about buying, activating and moving ChartGPT, and the licensing API behind it.</p>
<div class="grid">
  <div class="card"><h2><a href="/getting-started/">Getting started</a></h2><p>Buy, find your key, activate NinjaTrader, add your AI key, move to a new computer.</p></div>
  <div class="card"><h2><a href="/integration/">Desktop integration guide</a></h2><p>The C# and TypeScript client libraries: activate, validate, deactivate, status, sign-in; what to do with each outcome; offline grace; key pinning and rotation.</p></div>
  <div class="card"><h2><a href="/sync/">Syncing settings between machines</a></h2><p>Settings and prompt presets that follow the trader from machine to machine: what to sync (never the AI key), limits, conflicts, the live feed, offline.</p></div>
  <div class="card"><h2><a href="/ninjatrader/">Integrating in NinjaTrader&nbsp;8</a></h2><p>Reference the library's DLL or copy its sources, pin the keys, check the license from <code>OnStateChange</code>.</p></div>
  <div class="card"><h2><a href="/api/">API reference</a></h2><p>Every endpoint, generated from the API's own schemas. Also as <a href="${esc(config.apiOrigin)}/openapi.json">OpenAPI 3.1</a>.</p></div>
</div>
<p class="muted">Product pages, pricing and downloads are on the <a href="${esc(config.siteOrigin)}/">ChartGPT website</a>.</p>`,
};
