// The support queries at scale: seeds 1,000,000 audit events into the local D1, then
// times each admin query page through the real admin API (Access JWT included).
import { importJWK, SignJWT } from "jose";

const SEEDED = 1_000_000;
const CHUNK = 100_000;
const ACTIONS = ["machine.activated", "machine.deactivated", "license.seats_changed", "purchase.completed", "auth.login"];
const ACTORS = ["desktop", "customer", "stripe", "support", "system"];

export async function seedAuditEvents(db) {
  const started = Date.now();
  for (let base = 0; base < SEEDED; base += CHUNK) {
    // One statement per chunk: the rows are generated inside SQLite.
    await db
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${CHUNK - 1})
         INSERT INTO audit_events (id, account_id, at, actor_type, actor_id, action, target_type, target_id, data, request_id)
         SELECT printf('evt_seed%010d', i + ?1),
                printf('acct_seed%04d', (i + ?1) % 1000),
                strftime('%Y-%m-%dT%H:%M:%fZ', 1735689600 + (i + ?1) * 20, 'unixepoch'),
                CASE (i + ?1) % 5 ${ACTORS.map((a, k) => `WHEN ${k} THEN '${a}'`).join(" ")} END,
                CASE (i + ?1) % 5 WHEN 3 THEN printf('agent%d@chartgpt.example', (i + ?1) % 7) ELSE NULL END,
                CASE (i + ?1) % 7 ${ACTIONS.map((a, k) => `WHEN ${k} THEN '${a}'`).join(" ")} ELSE 'machine.activated' END,
                'machine', printf('act_seed%d', i + ?1), '{}', NULL
         FROM n`,
      )
      .bind(base)
      .run();
  }
  return { rows: SEEDED, seconds: (Date.now() - started) / 1000 };
}

async function staffToken(vars) {
  const jwk = JSON.parse(vars.ACCESS_DEV_PRIVATE_JWK);
  return new SignJWT({ email: "bench@chartgpt.example" })
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
    .setIssuer(`https://${vars.ACCESS_TEAM_DOMAIN}`)
    .setAudience(vars.ACCESS_AUD)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(await importJWK(jwk, "RS256"));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function timeAdminQueries(url, vars, runs = 15) {
  const token = await staffToken(vars);
  const get = async (path) => {
    const t = performance.now();
    const res = await fetch(url + path, { headers: { "cf-access-jwt-assertion": token } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - t, body };
  };
  // A cursor 100 pages deep into one account's history, to show keyset pages do not slow down.
  let deep = (await get("/v1/admin/events?account_id=acct_seed0042&limit=50")).body.next_cursor;
  for (let i = 0; i < 10; i++) deep = (await get(`/v1/admin/events?account_id=acct_seed0042&limit=50&cursor=${deep}`)).body.next_cursor;

  const queries = {
    "events, newest first": "/v1/admin/events?limit=50",
    "events by account": "/v1/admin/events?account_id=acct_seed0042&limit=50",
    "events by account, 11th page": `/v1/admin/events?account_id=acct_seed0042&limit=50&cursor=${deep}`,
    "events by action": "/v1/admin/events?action=license.seats_changed&limit=50",
    "events by actor type": "/v1/admin/events?actor=support&limit=50",
    "events by actor": `/v1/admin/events?actor=${encodeURIComponent("support:agent3@chartgpt.example")}&limit=50`,
    "events in a time range": `/v1/admin/events?since=${encodeURIComponent("2025-03-01T00:00:00Z")}&until=${encodeURIComponent("2025-03-02T00:00:00Z")}&limit=50`,
    "accounts by email prefix": "/v1/admin/accounts?email=bench-",
  };
  const results = {};
  for (const [name, path] of Object.entries(queries)) {
    await get(path); // warm
    const times = [];
    let returned = 0;
    for (let i = 0; i < runs; i++) {
      const r = await get(path);
      times.push(r.ms);
      returned = (r.body.events ?? r.body.accounts).length;
    }
    results[name] = { median_ms: Number(median(times).toFixed(1)), max_ms: Number(Math.max(...times).toFixed(1)), rows: returned };
  }
  return results;
}
