// The load generator, run as its own process so it never competes with the code under
// test for the same event loop. Reads one job (JSON) from argv, prints one result (JSON).
import autocannon from "autocannon";

const job = JSON.parse(process.argv[2]);
let next = 0;
const bodies = job.bodies ?? (job.body ? [job.body] : null);

const headers = { ...(bodies || job.sync ? { "content-type": "application/json" } : {}), ...job.headers };

/**
 * Sync writes (job.sync): each request takes a document name from a pool, writes it over
 * the revision last seen of it, and gives it back with the new revision when the answer
 * comes, so no two requests in flight ever write the same document (and none conflicts).
 */
function syncWrites({ names, data }) {
  const pool = names.map((name) => ({ name, rev: 0 }));
  return {
    setupRequest: (req, context) => {
      const slot = pool.shift() ?? { name: names[0], rev: 0 };
      context.slot = slot;
      return { ...req, path: `${job.path}/${slot.name}`, body: JSON.stringify({ data, base_rev: slot.rev }) };
    },
    onResponse: (status, body, context) => {
      const slot = context.slot;
      if (!slot) return;
      try {
        const answer = JSON.parse(body);
        slot.rev = status === 200 ? answer.rev : (answer.error?.details?.current_rev ?? slot.rev);
      } catch {
        // Not JSON (a failure the counters already show): keep the revision.
      }
      context.slot = undefined;
      pool.push(slot);
    },
  };
}

const requests = [
  {
    method: job.method ?? "GET",
    path: job.path,
    headers,
    ...(bodies ? { setupRequest: (req) => ({ ...req, body: JSON.stringify(bodies[next++ % bodies.length]) }) } : {}),
    ...(job.sync ? syncWrites(job.sync) : {}),
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
