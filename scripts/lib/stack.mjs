// Runs the whole local stack: D1 migrations, the portal build, then every surface under
// `wrangler dev` on its own port, and waits until each answers. Used by `npm start` and
// by the browser tests (which run their own stack on other ports and state).
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDevVars } from "./dev-secrets.mjs";
import { ensureDevVars } from "./ensure-dev-vars.mjs";

/**
 * wrangler dev reads .dev.vars next to each config: give the support console the dev
 * Access settings it needs to verify staff tokens (the API's own come from the root file).
 */
function writeSupportDevVars(root) {
  const vars = parseDevVars(readFileSync(join(root, ".dev.vars"), "utf8"));
  const wanted = ["ENVIRONMENT", "ACCESS_TEAM_DOMAIN", "ACCESS_AUD", "ACCESS_DEV_JWKS"];
  writeFileSync(join(root, "support", ".dev.vars"), wanted.map((k) => `${k}=${vars[k] ?? ""}`).join("\n") + "\n", { mode: 0o600 });
}

const origin = (port) => `http://127.0.0.1:${port}`;

export function stackEnv(extra = {}) {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    // Offline: do not ask workers.cloudflare.com for a sample `request.cf` object.
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_LOG: process.env.WRANGLER_LOG ?? "warn",
    ...extra,
  };
}

/**
 * @param {{ root: string, ports: { api: number, portal: number, site: number, docs: number, support: number }, persistTo: string,
 *           registry?: string, inspectorBase?: number, log?: (line: string) => void }} options
 */
export async function startStack(options) {
  const { root, ports, persistTo } = options;
  const log = options.log ?? ((line) => process.stdout.write(line));
  const env = stackEnv(options.registry ? { WRANGLER_REGISTRY_PATH: options.registry } : {});
  // wrangler dev reads local settings and secrets from .dev.vars.
  ensureDevVars(root);
  writeSupportDevVars(root);

  const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "licensing", "--local", "--persist-to", persistTo], {
    cwd: root,
    env: { ...env, CI: "true" },
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`D1 migrations failed:\n${migrate.stdout}${migrate.stderr}`);
  for (const script of ["scripts/build-browser.mjs", "site/build.mjs"]) {
    const built = spawnSync(process.execPath, [script], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, API_PORT: String(ports.api), PORTAL_PORT: String(ports.portal), SITE_PORT: String(ports.site), DOCS_PORT: String(ports.docs) },
    });
    if (built.status !== 0) throw new Error(`${script} failed:\n${built.stdout}${built.stderr}`);
  }

  const surfaces = [
    {
      name: "API",
      config: "wrangler.toml",
      port: ports.api,
      probe: "/v1/health",
      vars: {
        PUBLIC_API_ORIGIN: origin(ports.api),
        PORTAL_ORIGIN: origin(ports.portal),
        SITE_ORIGIN: origin(ports.site),
        DOCS_ORIGIN: origin(ports.docs),
        SUPPORT_ORIGIN: origin(ports.support),
      },
    },
    // Answers /v1/health only once the API behind its service binding does.
    { name: "Portal", config: "portal/wrangler.toml", port: ports.portal, probe: "/v1/health", vars: { ENVIRONMENT: "development" } },
    { name: "Site", config: "site/wrangler.toml", port: ports.site, probe: "/", vars: { ENVIRONMENT: "development", CONNECT_ORIGINS: origin(ports.api) } },
    { name: "Docs", config: "site/docs/wrangler.toml", port: ports.docs, probe: "/", vars: { ENVIRONMENT: "development" } },
    // Staff sign-in page (401 until a token is presented): answering means it is up.
    { name: "Support", config: "support/wrangler.toml", port: ports.support, probe: "/", expect: 401, vars: {} },
  ];

  const children = [];
  // Each surface runs in its own process group (npx → wrangler → workerd): stop them all.
  const stop = () => {
    for (const child of children) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
  };
  surfaces.forEach((s, i) => {
    // Only the API has data (D1, KV, objects). Every `wrangler dev` process also keeps the
    // runtime's own SQLite stores (cache, traces) under its persist directory, and two
    // workerd processes opening the same files fail at start with SQLITE_BUSY: so each
    // other surface persists on its own.
    const state = s.name === "API" ? persistTo : join(persistTo, "surfaces", s.name.toLowerCase());
    const args = ["wrangler", "dev", "-c", s.config, "--ip", "127.0.0.1", "--port", String(s.port), "--persist-to", state];
    args.push("--inspector-port", String((options.inspectorBase ?? 9229) + i), "--show-interactive-dev-session=false");
    for (const [k, v] of Object.entries(s.vars)) args.push("--var", `${k}:${v}`);
    const child = spawn("npx", args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const prefix = `[${s.name.toLowerCase()}] `;
    const relay = (stream) => stream.on("data", (d) => log(String(d).replace(/^(?=.)/gm, prefix)));
    relay(child.stdout);
    relay(child.stderr);
    children.push(child);
  });

  const exited = new Promise((_, reject) => {
    for (const [i, child] of children.entries()) child.on("exit", (code) => reject(new Error(`${surfaces[i].name} exited with code ${code}`)));
  });
  exited.catch(() => {});
  try {
    await Promise.race([Promise.all(surfaces.map((s) => waitFor(origin(s.port) + s.probe, s.expect ?? 200))), exited]);
  } catch (err) {
    stop();
    throw err;
  }
  return { surfaces: surfaces.map((s) => ({ name: s.name, url: origin(s.port) })), children, stop, exited };
}

async function waitFor(url, status, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status === status) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}
