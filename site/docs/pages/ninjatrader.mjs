export default {
  path: "/ninjatrader/",
  title: "Integrating in NinjaTrader 8 — ChartGPT docs",
  description:
    "Add the ChartGPT license library to a NinjaTrader 8 add-on: reference the DLL or copy the sources, pin the keys, and check the license from OnStateChange.",
  render: ({ config, esc, snippet }) => `
<h1>Integrating in NinjaTrader&nbsp;8</h1>
<p class="lede">NinjaTrader&nbsp;8 compiles NinjaScript itself (.NET Framework 4.8). The license library is plain C#&nbsp;6 with framework assemblies only, so it drops in as a DLL or as source files. The calls and their outcomes are in the <a href="/integration/">desktop integration guide</a>.</p>

<h2 id="reference">1. Add the library</h2>
<p><strong>As a DLL</strong> (from <a href="${esc(config.siteOrigin)}/downloads/#libraries">Downloads</a>; check its SHA-256):</p>
<ol>
  <li>Copy <code>ChartGpt.Licensing.dll</code> to <code>Documents\\NinjaTrader 8\\bin\\Custom\\</code>.</li>
  <li>Open <strong>New → NinjaScript Editor</strong>, right-click in the editor, choose <strong>References…</strong>, press <strong>Add</strong> and pick the DLL.</li>
  <li>In the same dialog make sure <code>System.Numerics.dll</code> and <code>System.Security.dll</code> are listed (add them from the .NET Framework folder if not).</li>
  <li>Compile (F5).</li>
</ol>
<p><strong>As source files</strong> (the sources zip): it holds one folder, <code>ChartGptLicensing</code>; unzip it into <code>Documents\\NinjaTrader 8\\bin\\Custom\\AddOns\\</code>, add the two framework references above, and compile. The library then compiles with your add-on: include its files when you export (<strong>Tools → Export → NinjaScript Add-On</strong>).</p>
<p>With the DLL, make sure your export or installer puts <code>ChartGpt.Licensing.dll</code> into the customer's <code>binCustom</code> too, or NinjaTrader cannot load your add-on.</p>

<h2 id="keys">2. Pin the production keys</h2>
<p>Before you ship, put the API's current and next public keys in <code>Tokens/ProductKeys.cs</code> (sources). The DLL on the downloads page is a development build that pins no keys: with it, pass them as <code>LicenseClientOptions.PinnedKeys</code> (<code>new PinnedKeySet().AddJwk(current).AddJwk(next)</code>) from constants in your own code. How and why: <a href="/integration/#keys">key pinning and rotation</a>.</p>

<h2 id="glue">3. One client for the whole add-on</h2>
<p>Indicators, strategies and windows come and go; the license client should not. Keep one in a static class (this is the guide's <code>ChartGptLicense</code>); its state lives in <code>%LOCALAPPDATA%\\ChartGPT\\license</code>, per Windows user, DPAPI-protected, outside NinjaTrader's folders.</p>

<h2 id="onstatechange">4. Check from OnStateChange</h2>
<p>NinjaTrader calls <code>OnStateChange</code> often and on its own threads: <code>State.SetDefaults</code> runs whenever NinjaTrader merely lists your indicator. So: no network in <code>SetDefaults</code>; start the session's check once, in <code>State.DataLoaded</code> (indicators, strategies) or <code>State.Active</code> (an <code>AddOnBase</code>), on a worker thread; never wait for it there — react when it ends. Nothing per bar: before each AI request, read <code>ChartGptLicense.IsLicensed</code>.</p>
${snippet("ChartGptIndicator.cs")}
<p>In your License window, call <code>LicenseActions.ActivateAsync(key)</code> from the button handler and show what it returns; “Move to another computer” calls <code>DeactivateAsync()</code>. Both are in the <a href="/integration/#calls">guide</a>.</p>

<h2 id="checklist">Before you ship</h2>
<ul>
  <li>Production keys pinned (current and next), <code>ProductKeys.Issuer</code> set to the production API.</li>
  <li>No license call on NinjaTrader's UI thread, none per bar.</li>
  <li>The customer's AI provider key stays on the machine (DPAPI), never in synced data.</li>
  <li>Going offline for a day keeps ChartGPT working (<code>VALID_OFFLINE</code>); a revoked license stops it at the next online check.</li>
</ul>`,
};
