// Starts the API Worker on workerd directly through Miniflare's API, with the bindings
// wrangler.toml declares (D1, KV, the account object), persisted on disk like
// `wrangler dev`. Not through `wrangler dev`: its dev proxy caps every route near
// 1,000 req/s here and would hide the engine's own cost.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { generateDevSecrets } from "../../scripts/lib/dev-secrets.mjs";

export async function startRuntime(root) {
  const work = mkdtempSync(join(tmpdir(), "licensing-bench-"));
  const outdir = join(work, "bundle");
  execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir, "-c", "wrangler.toml"], {
    cwd: root,
    stdio: "pipe",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });

  // Module rules are for wrangler's own bundling; the bench runs the bundle it built.
  const { modulesRules: _bundled, ...workerOptions } = unstable_getMiniflareWorkerOptions(join(root, "wrangler.toml")).workerOptions;
  const secrets = generateDevSecrets();
  // Written in Miniflare 4's single-Worker shape (as wrangler hands workerOptions over);
  // Miniflare 5 takes it through its own converter.
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      ...workerOptions,
      name: "api",
      modules: true,
      scriptPath: join(outdir, "index.js"),
      modulesRoot: outdir,
      host: "127.0.0.1",
      port: 0,
      d1Persist: join(work, "d1"),
      kvPersist: join(work, "kv"),
      durableObjectsPersist: join(work, "do"),
      bindings: {
        ...workerOptions.bindings,
        ...secrets,
        ENVIRONMENT: "development",
        PUBLIC_API_ORIGIN: "http://127.0.0.1:8787",
        PORTAL_ORIGIN: "http://127.0.0.1:8788",
        SITE_ORIGIN: "http://127.0.0.1:8789",
        DOCS_ORIGIN: "http://127.0.0.1:8790",
        TOKEN_PREVIOUS_JWKS: "[]",
        ACCESS_TEAM_DOMAIN: "dev-access.localhost",
        ACCESS_AUD: "bench-support",
        STRIPE_WEBHOOK_SECRET: "whsec_bench",
        MAIL_PROVIDER: "",
        // The throttle code runs on every request, with limits no benchmark reaches.
        THROTTLE_IP_PER_MINUTE: "1000000000",
        THROTTLE_LICENSE_PER_MINUTE: "1000000000",
      },
    }),
  );
  const url = (await mf.ready).toString().replace(/\/$/, "");

  const db = await mf.getD1Database("DB");
  for (const file of readdirSync(join(root, "migrations"))
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    const sql = readFileSync(join(root, "migrations", file), "utf8").replace(/^--.*$/gm, "");
    for (const statement of sql
      .split(/;\s*$/m)
      .map((s) => s.trim())
      .filter(Boolean))
      await db.prepare(statement).run();
  }

  return {
    url,
    db,
    vars: { ...secrets, ACCESS_TEAM_DOMAIN: "dev-access.localhost", ACCESS_AUD: "bench-support" },
    /** workerd's resident memory, for the report. */
    async dispose() {
      await mf.dispose();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
