export default {
  path: "/thanks/",
  title: "Thank you — ChartGPT",
  description: "Your purchase is complete.",
  noindex: true,
  render: ({ config, esc }) => `
<section class="hero"><div class="wrap">
  <h1>Thank you for buying ChartGPT</h1>
  <p class="lede">Your license key is on its way to your inbox — usually within a minute.</p>
  <p class="cta"><a class="button" href="/downloads/">Download ChartGPT</a><a class="button secondary" href="${esc(config.docsOrigin)}/getting-started/">Getting started</a></p>
  <p>You can also see your key any time in the <a href="${esc(config.portalOrigin)}/sign-in/">customer portal</a>.</p>
</div></section>`,
};
