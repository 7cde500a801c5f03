export default {
  path: "/getting-started/",
  title: "Getting started — ChartGPT docs",
  description: "Buy ChartGPT, activate it in NinjaTrader 8 by signing in or with your license key, and move it to a new computer.",
  render: ({ config, esc }) => `
<h1>Getting started</h1>
<h2 id="buy">1. Buy</h2>
<p>Buy from the <a href="${esc(config.siteOrigin)}/pricing/">pricing page</a>. Each license covers two computers; buying more adds seats to the same key.</p>
<h2 id="key">2. Find your license key</h2>
<p>Your key arrives by email right after payment (subject “Your ChartGPT license key”). It looks like <code>CGPT-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX</code>. Lost it? Sign in to the <a href="${esc(config.portalOrigin)}/sign-in/">customer portal</a> with the same email: the key is on the first screen. Typing it by hand is fine: letters are not case-sensitive and O/0, I/1 are read alike.</p>
<h2 id="activate">3. Install and activate</h2>
<ol>
  <li>Download the add-on from <a href="${esc(config.siteOrigin)}/downloads/">Downloads</a>.</li>
  <li>In NinjaTrader: <strong>Tools → Import → NinjaScript Add-On</strong>, choose the zip, restart NinjaTrader.</li>
  <li>Open <strong>ChartGPT → License</strong> and choose one of the two ways in below. Either way, this computer now uses one seat.</li>
  <li>Open <strong>ChartGPT → Settings</strong>, pick OpenAI, Anthropic, Google or OpenRouter and paste your own API key.</li>
</ol>
<h3 id="sign-in">Sign in (no key to copy)</h3>
<ol>
  <li>Press <strong>Sign in</strong>. ChartGPT shows a short code like <code>BCDF-GHJK</code> and the address <code>${esc(config.portalOrigin)}/activate/</code>.</li>
  <li>Open that address in any browser, on this computer or your phone, and sign in with the email you bought with if you are not signed in yet (you come back to the page afterwards).</li>
  <li>Type the code. Upper or lower case, with or without the dash, are all fine.</li>
  <li>Check that the computer's name, platform, time and country are yours, then press <strong>Approve</strong>. Within a few seconds ChartGPT is activated; nothing to paste.</li>
</ol>
<p>Approve only a code you have just started yourself on your own computer: approving gives that computer your license. If someone sends you a code or a link, press <strong>Deny</strong>. Codes expire after 10 minutes; start again for a new one. If every seat is in use, the page lists your machines so you can free one and approve again.</p>
<h3 id="paste-key">Or paste your key</h3>
<p>Paste the key from your email and press <strong>Activate</strong>. ChartGPT activates with the key alone (no account or password in the app). This works without a browser, and is the way to go if you cannot sign in to the portal.</p>
<h2 id="offline">Working offline</h2>
<p>ChartGPT checks the license when it starts and keeps a signed token that lets it run for 14 days without reaching the license server. Connect at least once in that time to refresh it.</p>
<h2 id="move">4. Move to a new computer</h2>
<p>Every seat is one computer. To move: in the <a href="${esc(config.portalOrigin)}/sign-in/">customer portal</a>, find the old machine under <strong>Machines</strong> and press <strong>Deactivate</strong> (or use <strong>ChartGPT → License → Deactivate</strong> on the old computer). The seat is free at once: activate on the new computer.</p>
<h2 id="trouble">If something goes wrong</h2>
<ul>
  <li><strong>“Every seat of this license is in use”</strong> — deactivate a machine you no longer use, or buy another license.</li>
  <li><strong>“This license is suspended”</strong> — a payment dispute is open; it is lifted when the dispute is resolved.</li>
  <li><strong>“No license matches this key”</strong> — check the key in your email or the portal.</li>
</ul>`,
};
