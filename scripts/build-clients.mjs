// Bundles the browser scripts of the portal and the support console (TypeScript → ES
// modules) into each one's public/assets/. Runs offline inside `npm start`, `npm test`
// and the browser tests; no framework, a few KB per page.
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const apps = {
  portal: { "sign-in": "sign-in.ts", confirm: "confirm.ts", dashboard: "dashboard.ts" },
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
