// Builds what the portal and the support console send to browsers: their TypeScript
// (portal/src/client, support/src/client, and web/shared, which both use) bundled into
// ES modules in each one's public/assets/, and the portal's pages rendered from
// portal/pages/ into portal/public/. Runs offline inside `npm start`, `npm test`, the
// browser tests and deploys; no framework, a few KB per page.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { build } from "esbuild";
import { PORTAL_PAGES, render } from "../portal/pages/pages.mjs";

const root = new URL("..", import.meta.url).pathname;
const apps = {
  portal: { "sign-in": "sign-in.ts", confirm: "confirm.ts", dashboard: "dashboard.ts", activate: "activate.ts" },
  support: { console: "console.ts" },
};
for (const [app, entries] of Object.entries(apps)) {
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, `${root}${app}/src/client/${file}`])),
    outdir: `${root}${app}/public/assets`,
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    logLevel: "warning",
  });
}

for (const page of PORTAL_PAGES) {
  const file = `${root}portal/public/${page.file}`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, render(page));
}
