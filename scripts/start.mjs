// `npm start`: everything a fresh clone needs, then every surface on its own port.
//   1. install dependencies if missing or stale
//   2. create .dev.vars from .dev.vars.example (fresh local secrets) if absent
//   3. apply D1 migrations to the local database
//   4. start each surface with `wrangler dev`, wait until it answers, print addresses
// Ctrl-C stops them all. Ports: API_PORT (8787); later PORTAL_PORT, SITE_PORT, DOCS_PORT.
import { spawn, spawnSync } from "node:child_process";
import { ensureDependencies } from "./lib/ensure-deps.mjs";
import { ensureDevVars } from "./lib/ensure-dev-vars.mjs";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
ensureDependencies(root);
ensureDevVars(root);

const quietEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  // Offline: do not ask workers.cloudflare.com for a sample `request.cf` object.
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_LOG: process.env.WRANGLER_LOG ?? "warn",
};
const wrangler = (args, opts = {}) => spawn("npx", ["wrangler", ...args], { cwd: root, env: quietEnv, ...opts });

console.log("[setup] applying D1 migrations locally…");
const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "licensing", "--local", "--persist-to", ".wrangler/state"], {
  cwd: root,
  env: { ...quietEnv, CI: "true" },
  encoding: "utf8",
});
if (migrate.status !== 0) {
  process.stderr.write(migrate.stdout + migrate.stderr);
  process.exit(migrate.status ?? 1);
}

const port = (name, fallback) => Number(process.env[name] ?? fallback);
const apiPort = port("API_PORT", 8787);

/** Each surface: its wrangler config, its port and a path that answers once it is up. */
const surfaces = [
  {
    name: "API",
    config: "wrangler.toml",
    port: apiPort,
    probe: "/v1/health",
    vars: { PUBLIC_API_ORIGIN: `http://127.0.0.1:${apiPort}` },
  },
];

const children = [];
function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

for (const s of surfaces) {
  const args = ["dev", "-c", s.config, "--ip", "127.0.0.1", "--port", String(s.port), "--persist-to", ".wrangler/state", "--show-interactive-dev-session=false"];
  for (const [k, v] of Object.entries(s.vars ?? {})) args.push("--var", `${k}:${v}`);
  const child = wrangler(args, { stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `[${s.name.toLowerCase()}] `;
  const relay = (stream, out) => stream.on("data", (d) => out.write(String(d).replace(/^(?=.)/gm, prefix)));
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on("exit", (code) => {
    console.error(`${prefix}exited with code ${code}`);
    stopAll(code ?? 1);
  });
  children.push(child);
}

async function waitFor(url, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

try {
  await Promise.all(surfaces.map((s) => waitFor(`http://127.0.0.1:${s.port}${s.probe}`)));
} catch (err) {
  console.error(`[start] ${err.message}`);
  stopAll(1);
}

console.log("\nEverything is up:\n");
for (const s of surfaces) console.log(`  ${s.name.padEnd(8)} http://127.0.0.1:${s.port}`);
console.log(`
Try it:
  curl -s -X POST http://127.0.0.1:${apiPort}/dev/licenses -H 'content-type: application/json' -d '{"email":"you@example.com"}'
Press Ctrl-C to stop.
`);
