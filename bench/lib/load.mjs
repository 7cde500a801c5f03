// The load generator, run as its own process so it never competes with the code under
// test for the same event loop. Reads one job (JSON) from argv, prints one result (JSON).
import autocannon from "autocannon";

const job = JSON.parse(process.argv[2]);
let next = 0;
const bodies = job.bodies ?? (job.body ? [job.body] : null);

const requests = [
  {
    method: job.method ?? "GET",
    path: job.path,
    headers: bodies ? { "content-type": "application/json" } : {},
    ...(bodies ? { setupRequest: (req) => ({ ...req, body: JSON.stringify(bodies[next++ % bodies.length]) }) } : {}),
  },
];

const statuses = {};
const instance = autocannon(
  {
    url: job.url,
    connections: job.connections ?? 32,
    ...(job.amount ? { amount: job.amount } : { duration: job.duration ?? 5 }),
    requests,
    timeout: 30,
  },
  (err, result) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    process.stdout.write(
      JSON.stringify({
        requests: result.requests.total,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        statuses,
        durationSeconds: result.duration,
      }),
    );
  },
);
instance.on("response", (_client, statusCode) => {
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
});
