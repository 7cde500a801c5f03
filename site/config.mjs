// Where the site's links and Buy buttons point. Local defaults match `npm start`; a
// production build sets SITE_ORIGIN, DOCS_ORIGIN, PORTAL_ORIGIN, API_ORIGIN and
// DOWNLOADS_ORIGIN (where release files are hosted, e.g. an R2 bucket).
export function siteConfig(env = process.env) {
  const local = (port) => `http://127.0.0.1:${port}`;
  return {
    siteOrigin: env.SITE_ORIGIN ?? local(env.SITE_PORT ?? 8789),
    docsOrigin: env.DOCS_ORIGIN ?? local(env.DOCS_PORT ?? 8790),
    portalOrigin: env.PORTAL_ORIGIN ?? local(env.PORTAL_PORT ?? 8788),
    apiOrigin: env.API_ORIGIN ?? local(env.API_PORT ?? 8787),
    downloadsOrigin: env.DOWNLOADS_ORIGIN ?? "https://downloads.chartgpt.example",
    price: env.SITE_PRICE ?? "$149",
  };
}
