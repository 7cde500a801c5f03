// `npm run bench:mixed [-- --minutes 5 --connections 32]`: a long mixed run against the
// API on workerd (Miniflare): validate-heavy traffic with activations, deactivations and
// signed Stripe webhooks, while portal WebSockets stay connected. Reports throughput,
// p99, errors (must be 0: transport errors and 5xx) and workerd's memory over time;
// writes bench/results/mixed-latest.json and mixed-latest.svg. Not part of CI.
import { execSync, spawn } from "node:child_process";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import WebSocket from "ws";
import { startRuntime } from "./lib/runtime.mjs";

const root = new URL("..", import.meta.url).pathname;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const minutes = arg("minutes", 5);
const connections = arg("connections", 32);
const interval = 10;

const runtime = await startRuntime(root);
const { url } = runtime;
const post = async (path, body, headers = {}) => {
  const res = await fetch(url + path, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://127.0.0.1:8788", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
};

// Fixtures: 100 licenses (5 seats, one steady machine each).
const run = Date.now().toString(36);
const licenses = [];
for (let i = 0; i < 100; i++) {
  const g = await post("/dev/licenses", { email: `mixed-${run}-${i}@example.com`, seats: 5 });
  const fingerprint = `steady-machine-${i}`;
  await post("/v1/licenses/activate", { license_key: g.body.license_key, fingerprint });
  licenses.push({ key: g.body.license_key, fingerprint, email: `mixed-${run}-${i}@example.com` });
}

// 20 portal customers signed in with live WebSockets for the whole run.
const sockets = [];
let pushes = 0;
for (const lic of licenses.slice(0, 20)) {
  await post("/v1/auth/magic-link", { email: lic.email });
  let token = null;
  for (let tries = 0; tries < 50 && !token; tries++) {
    const mail = await (await fetch(`${url}/dev/mailbox?to=${encodeURIComponent(lic.email)}`)).json();
    token = /#token=(\S+)/.exec(mail.messages[0]?.text ?? "")?.[1] ?? null;
    if (!token) await new Promise((r) => setTimeout(r, 100));
  }
  const session = await post("/v1/auth/session", { token });
  const cookie = session.headers.get("set-cookie").split(";")[0];
  const ws = new WebSocket(`${url.replace("http", "ws")}/v1/portal/live`, { headers: { cookie, origin: "http://127.0.0.1:8788" } });
  ws.on("message", () => pushes++);
  sockets.push(ws);
}
await new Promise((r) => setTimeout(r, 500));
const openSockets = () => sockets.filter((s) => s.readyState === WebSocket.OPEN).length;

function workerdMemoryMb() {
  // The largest workerd process running is Miniflare's (this run's).
  const pids = execSync("pgrep -f 'workerd serve'", { encoding: "utf8" }).trim().split("\n");
  let max = 0;
  for (const pid of pids) {
    try {
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      max = Math.max(max, rss);
    } catch {}
  }
  return Math.round(max / 1024);
}

const load = (seconds) =>
  new Promise((resolve, reject) => {
    const job = { url, connections, seconds, licenses, webhookSecret: "whsec_bench" };
    const child = spawn(process.execPath, [join(root, "bench/lib/mixed-load.mjs"), JSON.stringify(job)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exited ${code}`))));
  });

console.log(`mixed run: ${minutes} min, ${connections} connections, ${licenses.length} licenses, ${openSockets()} live portal sockets`);
const samples = [];
const started = Date.now();
while (Date.now() - started < minutes * 60_000) {
  const r = await load(interval);
  const sample = {
    t: Math.round((Date.now() - started) / 1000),
    rps: Math.round(r.rps),
    p50: r.p50,
    p99: r.p99,
    errors:
      r.errors +
      Object.entries(r.statuses)
        .filter(([s]) => Number(s) >= 500)
        .reduce((n, [, c]) => n + c, 0),
    statuses: r.statuses,
    error_kinds: r.errorKinds,
    memory_mb: workerdMemoryMb(),
    sockets: openSockets(),
  };
  samples.push(sample);
  console.log(
    `  ${String(sample.t).padStart(4)} s  ${String(sample.rps).padStart(5)} req/s  p99 ${String(sample.p99).padStart(4)} ms  errors ${sample.errors}${sample.errors ? ` ${JSON.stringify(sample.error_kinds)}` : ""}  workerd ${sample.memory_mb} MB  sockets ${sample.sockets}`,
  );
}

const total = samples.reduce((n, s) => n + s.rps * interval, 0);
const statuses = {};
for (const s of samples) for (const [k, v] of Object.entries(s.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
const summary = {
  at: new Date().toISOString(),
  minutes,
  connections,
  requests: total,
  throughput_rps: Math.round(total / (samples.length * interval)),
  p99_ms_worst_interval: Math.max(...samples.map((s) => s.p99)),
  p99_ms_median_interval: [...samples.map((s) => s.p99)].sort((a, b) => a - b)[Math.floor(samples.length / 2)],
  errors: samples.reduce((n, s) => n + s.errors, 0),
  statuses,
  websocket_pushes: pushes,
  sockets_open_at_end: openSockets(),
  memory_mb: { start: samples[0]?.memory_mb, end: samples.at(-1)?.memory_mb, max: Math.max(...samples.map((s) => s.memory_mb)) },
  samples,
};
console.log(
  `\nthroughput ${summary.throughput_rps} req/s · p99 ${summary.p99_ms_median_interval} ms (worst interval ${summary.p99_ms_worst_interval}) · errors ${summary.errors} · workerd ${summary.memory_mb.start}→${summary.memory_mb.end} MB (max ${summary.memory_mb.max}) · ${pushes} live pushes to ${summary.sockets_open_at_end} sockets`,
);
console.log(`statuses: ${JSON.stringify(statuses)}`);

mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/mixed-latest.json"), JSON.stringify(summary, null, 2) + "\n");
writeFileSync(join(root, "bench/results/mixed-latest.svg"), chart(samples));
for (const s of sockets) s.close();
await runtime.dispose();
process.exit(summary.errors > 0 ? 1 : 0);

/** Three small line charts over time: throughput, p99 and workerd memory. */
function chart(points) {
  const W = 900,
    H = 200,
    PAD = 50;
  const panel = (title, key, unit, y0, color) => {
    const max = Math.max(1, ...points.map((p) => p[key])) * 1.1;
    const tMax = Math.max(1, ...points.map((p) => p.t));
    const xy = points.map((p) => `${(PAD + (p.t / tMax) * (W - 2 * PAD)).toFixed(1)},${(y0 + H - 30 - (p[key] / max) * (H - 60)).toFixed(1)}`).join(" ");
    return `<g><text x="${PAD}" y="${y0 + 20}" font-size="14" font-weight="700">${title}</text>
<text x="${W - PAD}" y="${y0 + 20}" font-size="12" text-anchor="end">max ${Math.round(max / 1.1)} ${unit}</text>
<line x1="${PAD}" y1="${y0 + H - 30}" x2="${W - PAD}" y2="${y0 + H - 30}" stroke="#cbd5e1"/>
<polyline fill="none" stroke="${color}" stroke-width="2" points="${xy}"/></g>`;
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H * 3}" font-family="system-ui, sans-serif"><rect width="100%" height="100%" fill="#fff"/>
${panel("Throughput", "rps", "req/s", 0, "#1d4ed8")}
${panel("p99 latency", "p99", "ms", H, "#b91c1c")}
${panel("workerd memory", "memory_mb", "MB", 2 * H, "#15803d")}
<text x="${W / 2}" y="${H * 3 - 6}" font-size="12" text-anchor="middle">seconds into the run</text></svg>
`;
}
