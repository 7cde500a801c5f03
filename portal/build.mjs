// Bundles the portal's browser scripts (TypeScript → ES modules) into public/assets/.
// Runs offline inside `npm start` and `npm test`; no framework, a few KB per page.
import { build } from "esbuild";

const root = new URL(".", import.meta.url).pathname;
await build({
  entryPoints: { "sign-in": `${root}src/client/sign-in.ts`, confirm: `${root}src/client/confirm.ts`, dashboard: `${root}src/client/dashboard.ts` },
  outdir: `${root}public/assets`,
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  logLevel: "warning",
});
