// `npm start` (through scripts/run.mjs, which installs what is missing and runs this on
// the project's own Node): everything a fresh clone needs, then every surface on its port.
//   1. create .dev.vars from .dev.vars.example (fresh local secrets), or add new settings
//   2. apply D1 migrations locally, build the portal's scripts
//   3. start each surface with `wrangler dev`, wait until it answers, print addresses
// Ctrl-C stops them all. Ports: API_PORT (8787), PORTAL_PORT (8788), SITE_PORT (8789),
// DOCS_PORT (8790), SUPPORT_PORT (8791).
import { ensureDevVars } from "./lib/ensure-dev-vars.mjs";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
ensureDevVars(root);
// Imported after .dev.vars exists: the stack reads it.
const { startStack } = await import("./lib/stack.mjs");

const ports = {
  api: Number(process.env.API_PORT ?? 8787),
  portal: Number(process.env.PORTAL_PORT ?? 8788),
  site: Number(process.env.SITE_PORT ?? 8789),
  docs: Number(process.env.DOCS_PORT ?? 8790),
  support: Number(process.env.SUPPORT_PORT ?? 8791),
};
console.log("[setup] applying D1 migrations and building the portal…");
let stack;
try {
  stack = await startStack({ root, ports, persistTo: ".wrangler/state" });
} catch (err) {
  console.error(`[start] ${err.message}`);
  process.exit(1);
}
const shutdown = () => {
  stack.stop();
  setTimeout(() => process.exit(0), 500).unref();
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
stack.exited.catch((err) => {
  console.error(`[start] ${err.message}`);
  stack.stop();
  process.exit(1);
});

console.log("\nEverything is up:\n");
for (const s of stack.surfaces) console.log(`  ${s.name.padEnd(8)} ${s.url}`);
console.log(`
Try it:
  license:  curl -s -X POST ${stack.surfaces[0].url}/dev/licenses -H 'content-type: application/json' -d '{"email":"you@example.com"}'
  buy:      curl -s -X POST ${stack.surfaces[0].url}/v1/checkout/sessions -H 'content-type: application/json' -d '{"email":"you@example.com"}'
  mailbox:  ${stack.surfaces[0].url}/dev/mailbox
  portal:   ${stack.surfaces[1].url}/sign-in/
  support:  npm run admin:token -- --email you@example.com, then open ${stack.surfaces[4].url}
Press Ctrl-C to stop.
`);
