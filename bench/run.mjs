// `npm run bench`: the engine's cost on the runtime itself, as ratios to a no-op route.
//
//   node bench/run.mjs [--base URL] [--duration 5] [--rounds 3] [--connections 32] [--only validate,...] [--skip-audit]
//
// Without --base it starts the API Worker on workerd through Miniflare (bench/lib/
// runtime.mjs); with --base it runs the same workloads against any running stack (for
// example `npm start`'s, which must be in development mode for the license grants).
// Each workload runs right after a floor run (GET /v1/health) and is reported as a ratio
// to the floor of the same round, so machine drift cancels out.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seedAuditEvents, timeAdminQueries } from "./lib/audit-bench.mjs";
import { startRuntime } from "./lib/runtime.mjs";

const root = new URL("..", import.meta.url).pathname;
const args = {};
for (const [i, arg] of process.argv.slice(2).entries()) {
  if (!arg.startsWith("--")) continue;
  const next = process.argv[i + 3];
  args[arg.slice(2)] = next === undefined || next.startsWith("--") ? "true" : next;
}
const duration = Number(args.duration ?? 5);
const rounds = Number(args.rounds ?? 3);
const connections = Number(args.connections ?? 32);

const runtime = args.base ? { url: args.base.replace(/\/$/, ""), db: null, dispose: async () => {} } : await startRuntime(root);
const { url } = runtime;
console.log(`target: ${url}${args.base ? "" : " (workerd via Miniflare)"}; ${rounds} rounds × ${duration}s per workload, ${connections} connections\n`);

async function api(path, body) {
  const res = await fetch(url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const runId = Date.now().toString(36);
const grant = (name, seats) => api("/dev/licenses", { email: `bench-${runId}-${name}@example.com`, seats });

function load(job) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "bench/lib/load.mjs"), JSON.stringify({ url, connections, duration, ...job })], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`))));
  });
}

// Fixtures: one hot license with one machine, 100 licenses with one machine each.
const hot = await grant("hot", 10);
const hotBody = { license_key: hot.license_key, fingerprint: "bench-hot-machine-0001" };
const { token: hotToken } = await api("/v1/licenses/activate", hotBody);
const spread = [];
for (let i = 0; i < 100; i++) {
  const lic = await grant(`spread-${i}`, 2);
  const body = { license_key: lic.license_key, fingerprint: `bench-spread-machine-${i}` };
  await api("/v1/licenses/activate", body);
  spread.push(body);
}

// Desktop sync on the hot account: a settings document of about 1 KiB, written by its
// one machine (one document per connection, each write over the revision before it), and
// read back. Same account object as activate-repeat, so the two compare like for like.
const bearer = { authorization: `Bearer ${hotToken}` };
const settings = { theme: "dark", presets: Array.from({ length: 12 }, (_, i) => ({ name: `preset ${i}`, prompt: "Summarise the last 20 bars. ".repeat(2) })) };
const syncNames = Array.from({ length: connections + 16 }, (_, i) => `bench-${String(i).padStart(3, "0")}`);
await syncCall("PUT", "/v1/sync/documents/bench-read", { data: settings, base_rev: 0 });

async function syncCall(method, path, body) {
  const res = await fetch(url + path, { method, headers: { ...bearer, "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * After a run of writes: delete what it wrote, so the next run creates its documents again
 * on revision 0. Writes the load generator sent just before its time was up may still land
 * meanwhile: wait for them, and take a conflict's current revision and delete again.
 */
async function clearWrites() {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const { documents } = await syncCall("GET", "/v1/sync/documents");
  for (const d of documents.filter((d) => d.name !== "bench-read")) {
    let rev = d.rev;
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${url}/v1/sync/documents/${d.name}?base_rev=${rev}`, { method: "DELETE", headers: bearer });
      const json = await res.json();
      if (res.ok) break;
      if (json.error?.code !== "REVISION_CONFLICT" || attempt === 5) throw new Error(`DELETE ${d.name}: ${res.status} ${JSON.stringify(json)}`);
      rev = json.error.details.current_rev;
    }
  }
}

const floor = { method: "GET", path: "/v1/health" };
const workloads = {
  validate: { method: "POST", path: "/v1/licenses/validate", body: hotBody },
  "activate-repeat": { method: "POST", path: "/v1/licenses/activate", body: hotBody },
  // The same machine under a new name each time: every call commits (machine row, audit
  // event, outbox), as every sync write does; a plain repeat activation commits nothing.
  "activate-update": {
    method: "POST",
    path: "/v1/licenses/activate",
    bodies: Array.from({ length: 200 }, (_, i) => ({ ...hotBody, name: `Trading desk ${i}` })),
  },
  "validate-spread": { method: "POST", path: "/v1/licenses/validate", bodies: spread },
  "sync-put": { method: "PUT", path: "/v1/sync/documents", headers: bearer, sync: { names: syncNames, data: settings }, after: clearWrites },
  "sync-get": { method: "GET", path: "/v1/sync/documents/bench-read", headers: bearer },
};

if (args.only) for (const name of Object.keys(workloads)) if (!args.only.split(",").includes(name)) delete workloads[name];

// Warm-up (JIT, caches, object instantiation) is not measured.
for (const job of [floor, ...Object.values(workloads)]) {
  await load({ ...job, duration: 1 });
  await job.after?.();
}

const samples = { floor: [] };
for (const name of Object.keys(workloads)) samples[name] = [];
for (let round = 0; round < rounds; round++) {
  const order = Object.keys(workloads);
  for (let i = 0; i < round; i++) order.push(order.shift());
  for (const name of order) {
    const base = await load(floor);
    const result = await load(workloads[name]);
    await workloads[name].after?.();
    samples.floor.push(base);
    samples[name].push({ ...result, ratio: result.rps / base.rps });
    process.stdout.write(`  round ${round + 1} ${name.padEnd(16)} ${result.rps.toFixed(0).padStart(6)} req/s (floor ${base.rps.toFixed(0)})\n`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = {};
for (const [name, runs] of Object.entries(samples)) {
  summary[name] = {
    rps: Math.round(median(runs.map((r) => r.rps))),
    p50_ms: median(runs.map((r) => r.p50)),
    p99_ms: median(runs.map((r) => r.p99)),
    ratio: name === "floor" ? 1 : Number(median(runs.map((r) => r.ratio)).toFixed(2)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
  };
}

// Contention: 1,000 distinct machines race for 10 seats over 64 connections.
const contended = await grant("contention", 10);
const fleet = Array.from({ length: 1000 }, (_, i) => ({ license_key: contended.license_key, fingerprint: `bench-contender-${String(i).padStart(4, "0")}` }));
const race = await load({ method: "POST", path: "/v1/licenses/activate", bodies: fleet, amount: 1000, connections: 64, duration: undefined });
const raceEnded = Date.now();
const objectView = await api("/v1/licenses/validate", { license_key: contended.license_key, fingerprint: "bench-not-a-contender" });
const won = race.statuses[201] ?? 0;
const contention = {
  requests: race.requests,
  activated: won,
  refused: race.statuses[409] ?? 0,
  other: race.requests - won - (race.statuses[409] ?? 0),
  object_seats_used: objectView.license.seats_used,
  over_activations: Math.max(0, won - 10, objectView.license.seats_used - 10),
  d1_converged_ms: null,
};
if (runtime.db) {
  for (;;) {
    const row = await runtime.db.prepare("SELECT COUNT(*) AS n FROM machines WHERE license_id = ? AND status = 'active'").bind(contended.license_id).first();
    if (row.n === objectView.license.seats_used) break;
    if (Date.now() - raceEnded > 60_000) throw new Error("D1 did not converge within 60 s");
    await new Promise((r) => setTimeout(r, 5));
  }
  contention.d1_converged_ms = Date.now() - raceEnded;
}

console.log("\nworkload          req/s   p50 ms  p99 ms  ratio to floor  errors");
for (const [name, s] of Object.entries(summary)) {
  console.log(
    `${name.padEnd(16)} ${String(s.rps).padStart(6)}  ${String(s.p50_ms).padStart(6)}  ${String(s.p99_ms).padStart(6)}  ${s.ratio.toFixed(2).padStart(14)}  ${s.errors + s.non2xx}`,
  );
}
// A sync write must cost about what an activation does (both on the hot account's object):
// against the repeat activation (commits nothing) and the renaming one (commits, as a write does).
const per = (a, b) => (summary[a] && summary[b] ? Number((summary[a].ratio / summary[b].ratio).toFixed(2)) : null);
const syncVsActivation = summary["sync-put"]
  ? {
      put_to_activate: per("sync-put", "activate-repeat"),
      put_to_committing_activate: per("sync-put", "activate-update"),
      get_to_activate: per("sync-get", "activate-repeat"),
    }
  : null;
if (syncVsActivation) {
  console.log(
    `\nsync vs activation (throughput, same account object): put ${syncVsActivation.put_to_activate}× a repeat activation, ${syncVsActivation.put_to_committing_activate}× one that commits; get ${syncVsActivation.get_to_activate}× a repeat activation`,
  );
}

console.log(
  `\ncontention: ${contention.requests} activations of distinct machines on 10 seats → ${contention.activated} activated, ${contention.refused} refused, ${contention.other} other;`,
);
console.log(
  `            over-activations: ${contention.over_activations} (must be 0); D1 matched the object ${contention.d1_converged_ms ?? "n/a"} ms after the run`,
);

// Support queries over a million audit events (needs direct access to the local D1).
let audit = null;
if (runtime.db && args["skip-audit"] === undefined) {
  console.log("\nseeding 1,000,000 audit events…");
  const seeded = await seedAuditEvents(runtime.db);
  console.log(`seeded ${seeded.rows.toLocaleString()} rows in ${seeded.seconds.toFixed(1)} s; timing admin queries (page of 50, median of 15):`);
  audit = await timeAdminQueries(url, runtime.vars);
  for (const [name, r] of Object.entries(audit)) {
    console.log(
      `  ${name.padEnd(30)} ${String(r.median_ms).padStart(7)} ms median  ${String(r.max_ms).padStart(7)} ms max  (${r.rows} rows)${r.median_ms > 50 ? "  ← over the 50 ms target" : ""}`,
    );
  }
}

mkdirSync(join(root, "bench/results"), { recursive: true });
const report = {
  at: new Date().toISOString(),
  target: args.base ?? "workerd (miniflare)",
  duration,
  rounds,
  connections,
  summary,
  sync_vs_activation: syncVsActivation,
  contention,
  audit,
};
writeFileSync(join(root, "bench/results/engine-latest.json"), JSON.stringify(report, null, 2) + "\n");
await runtime.dispose();
if (contention.over_activations > 0 || Object.values(summary).some((s) => s.errors > 0)) process.exit(1);
