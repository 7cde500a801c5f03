export default {
  path: "/404.html",
  file: "404.html",
  title: "Page not found — ChartGPT",
  description: "This page does not exist.",
  noindex: true,
  render: () => `
<section class="hero"><div class="wrap">
  <h1>Page not found</h1>
  <p class="lede">There is nothing at this address. It may have moved.</p>
  <p class="cta"><a class="button" href="/">Go to the home page</a><a class="button secondary" href="/downloads/">Downloads</a></p>
</div></section>`,
};
