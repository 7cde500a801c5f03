// CI-only release readiness: every Worker must bundle for deployment
// (`wrangler deploy --dry-run --outdir`, offline) with Workers Logs on, and the
// generated binding types must match the wrangler configs. Run after `npm run build`
// (the site needs its dist).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unstable_readConfig } from "wrangler";
import { WORKERS } from "./worker-types.mjs";

const root = new URL("..", import.meta.url).pathname;

// A Worker deployed without observability keeps none of its log lines (the alerts in
// README, e.g. outbox_row_parked, would never be seen): read each config as wrangler does.
const unobserved = WORKERS.filter((w) => unstable_readConfig({ config: join(root, w.config) }).observability?.enabled !== true);
if (unobserved.length) {
  console.error(`[release] [observability] enabled = true is missing in ${unobserved.map((w) => w.config).join(", ")}`);
  process.exit(1);
}
const out = mkdtempSync(join(tmpdir(), "deploy-check-"));
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
try {
  for (const w of WORKERS) {
    const dir = join(out, w.name);
    try {
      execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", dir, "-c", w.config], { cwd: root, stdio: "pipe", env });
    } catch (err) {
      console.error(`[release] ${w.name} (${w.config}) would not deploy:\n${String(err.stdout ?? "")}${String(err.stderr ?? "")}`);
      process.exit(1);
    }
    const size = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    console.log(`[release] ${w.name.padEnd(8)} bundles for deploy (${(size / 1024).toFixed(0)} KiB)`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
