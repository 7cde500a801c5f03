/**
 * For developers: the client libraries' builds (site/releases.json `libraries`, written by
 * `npm run release:libraries`), with the commit they came from and the keys they pin.
 */
function librariesSection({ config, libraries, esc, bytes }) {
  const pins = (b) =>
    b.pinned_kids.length === 0 ? "development build: pins no production keys — pass your own (see the guide)" : `pins ${b.pinned_kids.map(esc).join(", ")}`;
  const row = (b) =>
    `<tr><td><strong>${esc(b.name)}</strong><div class="muted">${esc(b.language)}</div></td><td>${esc(b.version)}</td><td><a href="${esc(config.downloadsOrigin)}/${esc(b.file)}" download>${esc(b.file)}</a><div class="muted">${bytes(b.size)} · ${esc(b.requires)} · ${pins(b)}</div></td><td><code>${esc(b.sha256)}</code></td></tr>`;
  return `<section id="libraries"><div class="wrap">
  <h2>Client libraries</h2>
  <p>For developers adding ChartGPT licensing to a desktop app: the C# library for NinjaTrader&nbsp;8 (as a DLL or as sources) and the TypeScript package for Node and Electron. How to use them: the <a href="${esc(config.docsOrigin)}/integration/">desktop integration guide</a> and <a href="${esc(config.docsOrigin)}/ninjatrader/">Integrating in NinjaTrader&nbsp;8</a>.</p>
  <p class="muted">Built on <time datetime="${esc(libraries.date)}">${esc(libraries.date)}</time> from commit <code>${esc(libraries.commit)}</code>.</p>
  <table class="responsive"><thead><tr><th scope="col">Library</th><th scope="col">Version</th><th scope="col">File</th><th scope="col">SHA-256</th></tr></thead>
  <tbody>${libraries.builds.map(row).join("")}</tbody></table>
</div></section>`;
}

export default {
  path: "/downloads/",
  title: "Downloads — ChartGPT",
  description: "Download ChartGPT for NinjaTrader 8: every release with its date, notes, size and SHA-256 checksum.",
  render: ({ config, releases, libraries, esc, bytes }) => {
    const [latest, ...older] = releases;
    const row = (r) =>
      `<tr><td><strong>${esc(r.version)}</strong></td><td><time datetime="${esc(r.date)}">${esc(r.date)}</time></td><td><a href="${esc(config.downloadsOrigin)}/${esc(r.file)}" download>${esc(r.file)}</a><div class="muted">${bytes(r.size)} · NinjaTrader ${esc(r.ninjatrader)}</div></td><td><code>${esc(r.sha256)}</code></td></tr>`;
    return `
<section class="hero"><div class="wrap">
  <h1>Download ChartGPT</h1>
  <p class="lede">Latest: <strong>${esc(latest.version)}</strong>, released <time datetime="${esc(latest.date)}">${esc(latest.date)}</time>. <a href="/release-notes/#v${esc(latest.version)}">What's new</a>.</p>
  <p class="cta"><a class="button" href="${esc(config.downloadsOrigin)}/${esc(latest.file)}" download>Download ${esc(latest.version)} (${bytes(latest.size)})</a></p>
  <p class="muted">Install: NinjaTrader → Tools → Import → NinjaScript Add-On, choose the zip, restart NinjaTrader. Then follow the <a href="${esc(config.docsOrigin)}/getting-started/">getting started guide</a>.</p>
</div></section>
<section><div class="wrap">
  <h2>All releases</h2>
  <p>Check a download against its SHA-256 in PowerShell: <code>Get-FileHash .\\ChartGPT-NT8-${esc(latest.version)}.zip -Algorithm SHA256</code></p>
  <table class="responsive"><thead><tr><th scope="col">Version</th><th scope="col">Date</th><th scope="col">File</th><th scope="col">SHA-256</th></tr></thead>
  <tbody>${[latest, ...older].map(row).join("")}</tbody></table>
</div></section>
${libraries ? librariesSection({ config, libraries, esc, bytes }) : ""}`;
  },
};
