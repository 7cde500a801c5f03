// `npm run deploy`: ships every surface to Cloudflare, in dependency order.
//
//   CLOUDFLARE_API_TOKEN=… SITE_ORIGIN=https://chartgpt.example DOCS_ORIGIN=https://docs.chartgpt.example \
//   PORTAL_ORIGIN=https://portal.chartgpt.example API_ORIGIN=https://api.chartgpt.example \
//   DOWNLOADS_ORIGIN=https://downloads.chartgpt.example npm run deploy [-- --only api,portal]
//
// See README "Production checklist" for the one-time setup (D1, KV, secrets, Access,
// Stripe webhook). A content edit can ship alone: `npm run deploy -- --only site`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { WORKERS } from "./worker-types.mjs";

const root = new URL("..", import.meta.url).pathname;
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1].split(",")) : null;
const wanted = (name) => !only || only.has(name);
const run = (cmd, args, env = {}) => execFileSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });

const toml = readFileSync(`${root}wrangler.toml`, "utf8");
if (wanted("api") && (/database_id = "00000000-0000-4000-8000-000000000001"/.test(toml) || /^id = "0{31}1"/m.test(toml))) {
  console.error("wrangler.toml still has the placeholder D1 or KV id: create them (README, Production checklist) and put their ids in.");
  process.exit(1);
}
const needed = ["SITE_ORIGIN", "DOCS_ORIGIN", "PORTAL_ORIGIN", "API_ORIGIN", "DOWNLOADS_ORIGIN"];
if ((wanted("site") || wanted("docs")) && needed.some((k) => !process.env[k])) {
  console.error(`Set ${needed.join(", ")} so the site and docs link to production.`);
  process.exit(1);
}

run("node", ["scripts/build-browser.mjs"]);
if (wanted("site") || wanted("docs")) run("node", ["site/build.mjs", "--verbose"]);
if (wanted("api")) run("npx", ["wrangler", "d1", "migrations", "apply", "licensing", "--remote"]);
// The API first: the portal and the console bind to it.
for (const w of WORKERS) if (wanted(w.name)) run("npx", ["wrangler", "deploy", "-c", w.config]);
console.log(
  "\nDeployed:",
  WORKERS.filter((w) => wanted(w.name))
    .map((w) => w.name)
    .join(", "),
);
