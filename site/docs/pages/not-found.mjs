export default {
  path: "/404.html",
  file: "404.html",
  title: "Page not found — ChartGPT docs",
  description: "This page does not exist.",
  noindex: true,
  render: () => `<h1>Page not found</h1><p>There is no page at this address. Try the <a href="/">docs home</a> or the <a href="/api/">API reference</a>.</p>`,
};
