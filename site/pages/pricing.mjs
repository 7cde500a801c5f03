export default {
  path: "/pricing/",
  title: "Pricing — ChartGPT",
  description: "One lifetime license for two computers. No subscription: bring your own AI key and pay your provider directly.",
  render: ({ config, product, buyForm, esc }) => `
<section class="hero"><div class="wrap">
  <h1>One price, once.</h1>
  <p class="lede">A ChartGPT license is yours for life and covers two computers. Need more? Buy more licenses: the seats add up on the same key.</p>
</div></section>
<section><div class="wrap grid">
  <div class="card">
    <h2>Lifetime license</h2>
    <p class="price">${esc(config.price)}</p>
    <ul>
      <li>${product.seatsPerUnit} seats (computers) per license</li>
      <li>All 1.x updates included</li>
      <li>Works offline for 14 days between checks</li>
      <li>Move seats between machines yourself</li>
    </ul>
    ${buyForm({ quantity: 1, label: "Buy now", withQuantity: true })}
  </div>
  <div class="card">
    <h2>Bring your own AI key</h2>
    <p>ChartGPT does not resell AI. You connect a key from <strong>OpenAI</strong>, <strong>Anthropic</strong>, <strong>Google</strong> or <strong>OpenRouter</strong>, and your usage is billed by them at their prices.</p>
    <h3>Refunds</h3>
    <p>A refund takes the license's seats back; machines beyond the remaining seats are deactivated.</p>
  </div>
</div></section>`,
};
