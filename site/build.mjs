// Builds the marketing site (site/dist) and the docs (site/docs/dist): static HTML from
// the page modules in pages/ and docs/pages/, fingerprinted CSS/JS (served immutable),
// sitemap.xml and robots.txt, and the API reference rendered from the API's OpenAPI
// document (itself generated from the zod schemas). Offline; runs in `npm start`,
// `npm test` and before deploys. Origins come from the environment (see config.mjs).
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { siteConfig } from "./config.mjs";
import { renderOpenApi } from "./render-openapi.mjs";

const here = new URL(".", import.meta.url).pathname;
const root = join(here, "..");
const config = siteConfig();

export const esc = (value) => String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const bytes = (n) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`);

function write(file, content) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Copies a file under a content-hashed name; returns its public path. */
function fingerprint(source, outDir, publicDir, name) {
  const content = readFileSync(source);
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 10);
  const [base, ext] = [name.slice(0, name.lastIndexOf(".")), name.slice(name.lastIndexOf("."))];
  const file = `${base}.${hash}${ext}`;
  write(join(outDir, publicDir, file), content);
  return `/${publicDir}/${file}`;
}

async function loadPages(dir) {
  const pages = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".mjs"))
    .sort())
    pages.push((await import(pathToFileURL(join(dir, file)).href)).default);
  return pages;
}

function layout({ page, origin, nav, brand, assets, body, extraHead = "" }) {
  const url = `${origin}${page.path === "/404.html" ? "/" : page.path}`;
  const links = nav.map((n) => `<li><a href="${esc(n.href)}"${n.href === page.path ? ' aria-current="page"' : ""}>${esc(n.label)}</a></li>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(page.title)}</title>
<meta name="description" content="${esc(page.description)}">
${page.noindex ? '<meta name="robots" content="noindex">' : `<link rel="canonical" href="${esc(url)}">`}
<meta property="og:type" content="website">
<meta property="og:site_name" content="ChartGPT">
<meta property="og:title" content="${esc(page.title)}">
<meta property="og:description" content="${esc(page.description)}">
<meta property="og:url" content="${esc(url)}">
<meta property="og:image" content="${esc(config.siteOrigin)}/images/chart-panel.svg">
<meta name="twitter:card" content="summary_large_image">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${assets.css}">
${extraHead}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="wrap">
  <a class="logo" href="/"><img src="/favicon.svg" alt="" width="28" height="28">${esc(brand)}</a>
  <nav class="main" aria-label="Main"><ul>${links}</ul></nav>
</div></header>
<main id="main">${body}</main>
<footer class="site"><div class="wrap">
  <p>ChartGPT for NinjaTrader 8 · lifetime license · bring your own AI key.</p>
  <ul><li><a href="${esc(config.siteOrigin)}/">Website</a></li><li><a href="${esc(config.docsOrigin)}/">Docs</a></li><li><a href="${esc(config.siteOrigin)}/downloads/">Downloads</a></li><li><a href="${esc(config.siteOrigin)}/release-notes/">Release notes</a></li><li><a href="${esc(config.portalOrigin)}/sign-in/">Customer portal</a></li></ul>
</div></footer>
</body>
</html>
`;
}

function sitemap(origin, pages) {
  const urls = pages.filter((p) => !p.noindex).map((p) => `  <url><loc>${esc(origin + p.path)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}

function image(img, { eager = false } = {}) {
  const src = `/images/${img.file}`;
  const srcset = img.widths?.length
    ? ` srcset="${img.widths.map((w) => `/images/${img.file.replace(/(\.\w+)$/, `-${w}$1`)} ${w}w`).join(", ")}" sizes="(max-width: 760px) 100vw, 33vw"`
    : "";
  return `<img src="${esc(src)}"${srcset} width="${img.width}" height="${img.height}" alt="${esc(img.alt)}" loading="${eager ? "eager" : "lazy"}" decoding="async">`;
}

function buyForm({ quantity = 1, label = "Buy", withQuantity = false }) {
  const q = withQuantity
    ? `<label for="quantity">Licenses (${product.seatsPerUnit} seats each)</label> <input id="quantity" name="quantity" type="number" min="1" max="${catalog.MAX_UNITS_PER_CHECKOUT}" value="${quantity}">`
    : `<input type="hidden" name="quantity" value="${quantity}">`;
  return `<form data-buy data-api="${esc(config.apiOrigin)}" class="cta">${q}<button class="button" type="submit">${esc(label)}</button><p class="message" role="alert" hidden></p></form>`;
}

/**
 * Imports the API's TypeScript modules, bundled by esbuild (so any Node runs this build).
 * `entry` is module source whose relative imports start at the repository root.
 */
async function importApiModule(entry) {
  const out = join(tmpdir(), `site-build-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  await build({
    stdin: { contents: entry, resolveDir: root, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    external: ["cloudflare:*"],
    outfile: out,
    logLevel: "error",
  });
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(out, { force: true });
  }
}

/** The API reference, built from the API's own route list, exactly as GET /openapi.json is. */
async function loadOpenApi() {
  const mod = await importApiModule(`export { openApiDocument } from "./src/openapi/document.ts"; export { ROUTES, DEV_ROUTES } from "./src/routes/index.ts";`);
  return mod.openApiDocument([...mod.ROUTES, ...mod.DEV_ROUTES], config.apiOrigin);
}

// What the Buy buttons sell (the same catalog entry checkout uses): seats per unit, units per checkout.
const catalog = await importApiModule(`export * from "./src/core/catalog.ts";`);
const product = catalog.PRODUCTS[catalog.DEFAULT_PRODUCT];

async function buildSite() {
  const out = join(here, "dist");
  rmSync(out, { recursive: true, force: true });
  const assets = {
    css: fingerprint(join(here, "static/site.css"), out, "assets", "site.css"),
    buy: fingerprint(join(here, "static/buy.js"), out, "assets", "buy.js"),
  };
  mkdirSync(join(out, "images"), { recursive: true });
  for (const f of readdirSync(join(here, "static/images"))) copyFileSync(join(here, "static/images", f), join(out, "images", f));
  copyFileSync(join(here, "static/favicon.svg"), join(out, "favicon.svg"));
  const manifest = JSON.parse(readFileSync(join(here, "releases.json"), "utf8"));
  const releases = manifest.releases.sort((a, b) => (a.date < b.date ? 1 : -1));
  const libraries = manifest.libraries ?? null;
  const gallery = JSON.parse(readFileSync(join(here, "gallery.json"), "utf8")).images;
  const nav = [
    { href: "/", label: "Home" },
    { href: "/pricing/", label: "Pricing" },
    { href: "/downloads/", label: "Downloads" },
    { href: "/release-notes/", label: "Release notes" },
    { href: "/gallery/", label: "Screenshots" },
    { href: "/platform/", label: "Platform" },
    { href: `${config.docsOrigin}/`, label: "Docs" },
    { href: `${config.portalOrigin}/sign-in/`, label: "Sign in" },
  ];
  const pages = await loadPages(join(here, "pages"));
  const ctx = { config, product, releases, libraries, gallery, esc, bytes, image, buyForm };
  for (const page of pages) {
    const body = page.render(ctx);
    const extraHead = body.includes("data-buy") ? `<script type="module" src="${assets.buy}"></script>\n` : "";
    write(join(out, page.file ?? join(page.path, "index.html")), layout({ page, origin: config.siteOrigin, nav, brand: "ChartGPT", assets, body, extraHead }));
  }
  write(join(out, "sitemap.xml"), sitemap(config.siteOrigin, pages));
  write(join(out, "robots.txt"), `User-agent: *\nAllow: /\nDisallow: /thanks/\nSitemap: ${config.siteOrigin}/sitemap.xml\n`);
  return pages.length;
}

async function buildDocs() {
  const docs = join(here, "docs");
  const out = join(docs, "dist");
  rmSync(out, { recursive: true, force: true });
  const assets = { css: fingerprint(join(here, "static/site.css"), out, "assets", "docs.css") };
  copyFileSync(join(here, "static/favicon.svg"), join(out, "favicon.svg"));
  const openapi = await loadOpenApi();
  const nav = [
    { href: "/", label: "Docs home" },
    { href: "/getting-started/", label: "Getting started" },
    { href: "/integration/", label: "Desktop integration" },
    { href: "/ninjatrader/", label: "NinjaTrader 8" },
    { href: "/api/", label: "API reference" },
    { href: `${config.siteOrigin}/`, label: "Website" },
  ];
  const snippet = (name) => `<pre><code data-snippet="${esc(name)}">${esc(readFileSync(join(docs, "snippets", name), "utf8"))}</code></pre>`;
  const pages = await loadPages(join(docs, "pages"));
  const ctx = { config, esc, snippet, renderOpenApi: () => renderOpenApi(openapi, esc) };
  for (const page of pages) {
    const side = `<nav aria-label="Documentation"><ul>${nav
      .slice(0, 5)
      .map((n) => `<li><a href="${n.href}"${n.href === page.path ? ' aria-current="page"' : ""}>${esc(n.label)}</a></li>`)
      .join("")}</ul></nav>`;
    const body = `<div class="wrap docs-layout">${side}<article>${page.render(ctx)}</article></div>`;
    write(join(out, page.file ?? join(page.path, "index.html")), layout({ page, origin: config.docsOrigin, nav, brand: "ChartGPT docs", assets, body }));
  }
  write(join(out, "sitemap.xml"), sitemap(config.docsOrigin, pages));
  write(join(out, "robots.txt"), `User-agent: *\nAllow: /\nSitemap: ${config.docsOrigin}/sitemap.xml\n`);
  return pages.length;
}

const [sitePages, docPages] = [await buildSite(), await buildDocs()];
if (process.argv.includes("--verbose")) console.log(`[site] ${sitePages} site pages, ${docPages} docs pages`);
