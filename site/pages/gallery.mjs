export default {
  path: "/gallery/",
  title: "Screenshots — ChartGPT",
  description: "ChartGPT in NinjaTrader: the chart panel, provider settings and the customer portal.",
  render: ({ gallery, image }) => `
<section class="hero"><div class="wrap"><h1>Screenshots</h1><p class="lede">ChartGPT inside NinjaTrader 8, and the customer portal.</p></div></section>
<section><div class="wrap grid">
${gallery.map((img, i) => `<figure>${image(img, { eager: i === 0 })}<figcaption>${img.caption}</figcaption></figure>`).join("\n")}
</div></section>`,
};
