// `npm run test:dotnet`: the C# client's tests (clients/dotnet/tests/) on Debian's Mono.
// Installs mono-devel when `mcs` is missing, builds when sources changed, then:
//  1. writes license-token fixtures made OUTSIDE C#: with jose (as the engine signs), through
//     the engine's own src/tokens/license-token.ts (bundled with esbuild), and hand-made odd
//     tokens (wrong alg/typ/aud/iss/fp, crit, duplicates…) signed with node:crypto;
//  2. starts a small mock of the API's device sign-in, sync and live-feed endpoints
//     (API.md contract) on a free loopback port, for wire-level tests of those calls;
//  3. runs bin/ChartGpt.Licensing.Tests.exe, whose last line is "N passed, N failed".
// Arguments are passed to the runner (substrings selecting tests).
import { spawn } from "node:child_process";
import { createHash, createPrivateKey, sign as edSign } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDotnet, ensureMono, root } from "./lib/mono.mjs";

const sha256Hex = (s) => createHash("sha256").update(s, "utf8").digest("hex");
const b64u = (buf) => Buffer.from(buf).toString("base64url");

async function makeKey(jose, kid) {
  const { privateKey, publicKey } = await jose.generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const privateJwk = { ...(await jose.exportJWK(privateKey)), kid };
  const publicJwk = { ...(await jose.exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" };
  return { kid, privateKey, privateJwk, publicJwk, nodeKey: createPrivateKey({ key: privateJwk, format: "jwk" }) };
}

/** Any header and payload text, signed with Ed25519 by node:crypto (jose refuses odd headers). */
function rawToken(key, header, payloadText) {
  const input = `${b64u(JSON.stringify(header))}.${b64u(payloadText)}`;
  return `${input}.${b64u(edSign(null, Buffer.from(input), key.nodeKey))}`;
}

async function writeFixtures(dir) {
  const jose = await import("jose");
  const now = Math.floor(Date.now() / 1000);
  const issuer = "http://127.0.0.1:8787";
  const fingerprint = "test-machine-0001";
  const current = await makeKey(jose, "test-current");
  const next = await makeKey(jose, "test-next");
  const attacker = await makeKey(jose, "attacker");

  const claims = (over = {}) => ({
    iss: issuer,
    aud: "desktop",
    sub: "lic_test",
    act: "act_test",
    fp: sha256Hex(fingerprint),
    seats: 2,
    ent: ["chartgpt"],
    iat: now - 60,
    exp: now - 60 + 14 * 86400,
    ...over,
  });
  const header = (key, over = {}) => ({ alg: "EdDSA", kid: key.kid, typ: "license+jwt", ...over });
  const jwt = (key, c = claims(), h = header(key)) => new jose.SignJWT(c).setProtectedHeader(h).sign(key.privateKey);
  const raw = (key, h, c) => rawToken(key, h, typeof c === "string" ? c : JSON.stringify(c));

  const valid = await jwt(current);
  const flipped = valid.slice(0, -3) + (valid.at(-3) === "A" ? "B" : "A") + valid.slice(-2);
  const cases = [
    ["valid", valid, "valid", "jose, current key"],
    ["next-key", await jwt(next), "valid", "jose, next key (rotation)"],
    ["aud-array", await jwt(current, claims({ aud: ["desktop", "other"] })), "valid", "aud as an array holding desktop"],
    ["extra-claims", await jwt(current, claims({ nested: { a: [1, { b: null }] }, jti: "x" })), "valid", "unknown claims are ignored"],
    ["future-iat", await jwt(current, claims({ iat: now + 2 * 86400, exp: now + 16 * 86400 })), "valid", "signature fine; clock check catches it"],
    ["expired", await jwt(current, claims({ iat: now - 20 * 86400, exp: now - 6 * 86400 })), "expired", "exp in the past"],
    ["attacker-key", await jwt(attacker), "invalid", "signed by a key that is not pinned"],
    ["attacker-with-pinned-kid", raw(attacker, header(current), claims()), "invalid", "pinned kid, wrong signer"],
    ["unknown-kid", raw(current, header(current, { kid: "nope" }), claims()), "invalid", "kid not pinned"],
    ["no-kid", raw(current, { alg: "EdDSA", typ: "license+jwt" }, claims()), "invalid", "no kid"],
    ["alg-hs256", raw(current, header(current, { alg: "HS256" }), claims()), "invalid", "alg is not EdDSA"],
    ["alg-none", `${b64u(JSON.stringify(header(current, { alg: "none" })))}.${b64u(JSON.stringify(claims()))}.`, "invalid", "alg none, no signature"],
    ["typ-jwt", raw(current, header(current, { typ: "JWT" }), claims()), "invalid", "typ is not license+jwt"],
    ["no-typ", raw(current, { alg: "EdDSA", kid: current.kid }, claims()), "invalid", "typ missing"],
    ["crit", raw(current, header(current, { crit: ["exp"] }), claims()), "invalid", "unknown critical header"],
    ["wrong-aud", await jwt(current, claims({ aud: "portal" })), "invalid", "aud portal"],
    ["wrong-iss", await jwt(current, claims({ iss: "https://evil.example" })), "invalid", "iss of another origin"],
    ["wrong-fp", await jwt(current, claims({ fp: sha256Hex("another-machine-0002") })), "invalid", "token of another machine"],
    ["fp-uppercase", await jwt(current, claims({ fp: sha256Hex(fingerprint).toUpperCase() })), "invalid", "fp must be lowercase hex"],
    ["no-act", await jwt(current, claims({ act: undefined })), "invalid", "act missing"],
    ["seats-string", await jwt(current, claims({ seats: "2" })), "invalid", "seats is not a number"],
    ["ent-string", await jwt(current, claims({ ent: "chartgpt" })), "invalid", "ent is not an array"],
    ["exp-before-iat", await jwt(current, claims({ exp: now - 120 })), "invalid", "exp before iat"],
    ["duplicate-exp", raw(current, header(current), JSON.stringify(claims()).replace(/}$/, `,"exp":${now + 3650 * 86400}}`)), "invalid", "duplicate claim"],
    ["payload-not-json", raw(current, header(current), "not json"), "invalid", "payload is not JSON"],
    ["flipped-signature", flipped, "invalid", "signature changed"],
    ["padded", `${valid}==`, "invalid", "base64 padding"],
  ].map(([name, token, expect, why]) => ({ name, token, expect, why }));

  // The engine's own signing code, as the API runs it.
  const { build } = await import("esbuild");
  const bundle = join(dir, "license-token.mjs");
  await build({
    entryPoints: [join(root, "src/tokens/license-token.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: bundle,
    logLevel: "warning",
  });
  const engine = await import(bundle);
  const engineFp = "engine-machine-0003";
  const engineToken = await engine.signLicenseToken(
    { TOKEN_SIGNING_JWK: JSON.stringify(current.privateJwk), PUBLIC_API_ORIGIN: issuer },
    {
      accountId: "acct_engine",
      licenseId: "lic_engine",
      activationId: "act_engine",
      fingerprintHash: sha256Hex(engineFp),
      seats: 2,
      entitlements: ["chartgpt"],
    },
  );

  const jwks = join(dir, "jwks.json");
  writeFileSync(jwks, JSON.stringify({ keys: [current.publicJwk, next.publicJwk] }));
  const attackerJwks = join(dir, "attacker-jwks.json");
  writeFileSync(attackerJwks, JSON.stringify({ keys: [attacker.publicJwk, { ...attacker.publicJwk, kid: current.kid }] }));
  writeFileSync(
    join(dir, "manifest.json"),
    JSON.stringify(
      {
        jwks,
        attacker_jwks: attackerJwks,
        issuer,
        fingerprint,
        now,
        valid_token: valid,
        cases,
        engine: { token: engineToken, issuer, fingerprint: engineFp, license_id: "lic_engine", activation_id: "act_engine" },
      },
      null,
      1,
    ),
  );
  return { current, accepted: [valid, cases[1].token] };
}

/**
 * A mock of the API.md desktop, device, sync and live endpoints, for the C# wire tests and
 * the command-line tests. It signs real license tokens (jose, the pinned "current" key)
 * for whatever fingerprint it is sent, with its own origin as `iss`, as the engine does.
 */
async function startMock(keys) {
  const jose = await import("jose");
  const { WebSocketServer } = await import("ws");
  const docs = new Map();
  const sockets = new Set();
  const devices = new Map();
  const issued = new Set(keys.accepted);
  /** token → the fingerprint it was signed for (machines named "ends-…" lose their seat once their feed opens). */
  const machineOf = new Map();
  let connections = 0;
  let validateCalls = 0;
  let origin = "";
  const sign = async (fingerprint) => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new jose.SignJWT({
      iss: origin,
      aud: "desktop",
      sub: "lic_mock",
      act: "act_mock",
      fp: sha256Hex(fingerprint),
      seats: 2,
      ent: ["chartgpt"],
      iat: now,
      exp: now + 14 * 86400,
    })
      .setProtectedHeader({ alg: "EdDSA", kid: keys.current.kid, typ: "license+jwt" })
      .sign(keys.current.privateKey);
    issued.add(token);
    machineOf.set(token, fingerprint);
    return token;
  };
  const bearerOf = (req) => (req.headers.authorization ?? "").replace(/^Bearer /, "");
  const authorized = (req) => issued.has((req.headers.authorization ?? "").replace(/^Bearer /, ""));
  const send = (res, status, body, headers = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (res, status, code, details, headers) =>
    send(res, status, { error: { code, message: code, request_id: "req_mock", ...(details ? { details } : {}) } }, headers);
  const broadcast = (msg) => {
    for (const ws of sockets) ws.send(JSON.stringify(msg));
  };
  const activation = { activation: { id: "act_mock", fingerprint: "x" }, license: { id: "lic_mock", seats: 2, seats_used: 1, entitlements: ["chartgpt"] } };

  const server = createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const body = text ? JSON.parse(text) : {};
    const url = new URL(req.url, "http://mock");
    const path = url.pathname;
    if (req.method === "POST" && path === "/v1/licenses/activate") return send(res, 201, { ...activation, token: await sign(body.fingerprint) });
    if (req.method === "POST" && path === "/v1/licenses/validate") {
      // Every other call: 503 with Retry-After, to prove the header is read off the wire.
      if (body.fingerprint?.startsWith("ends-")) return send(res, 200, { valid: false, code: "NOT_ACTIVATED", license: activation.license });
      if (body.fingerprint !== "cli-machine-0001" && validateCalls++ % 2 === 0) return error(res, 503, "UNAVAILABLE", null, { "retry-after": "1" });
      return send(res, 200, { valid: true, code: "VALID", ...activation, token: await sign(body.fingerprint) });
    }
    if (req.method === "POST" && path === "/v1/device/authorize") {
      if (!body.fingerprint) return error(res, 400, "INVALID_REQUEST");
      const deviceCode = `dc_${devices.size + 1}_secret`;
      // "fast" skips SLOW_DOWN so the command-line test does not wait the extra 5 s.
      devices.set(deviceCode, { polls: 0, fingerprint: body.fingerprint, fast: body.name === "fast" });
      return send(res, 200, {
        device_code: deviceCode,
        user_code: "BCDF-GHJK",
        verification_uri: "http://127.0.0.1:1/activate/",
        verification_uri_complete: "http://127.0.0.1:1/activate/?code=BCDF-GHJK",
        expires_in: 600,
        interval: 1,
      });
    }
    if (req.method === "POST" && path === "/v1/device/token") {
      const device = devices.get(body.device_code);
      if (!device) return error(res, 400, "EXPIRED_TOKEN");
      device.polls++;
      if (device.polls === 1) return error(res, 400, "AUTHORIZATION_PENDING");
      if (device.polls === 2 && !device.fast) return error(res, 400, "SLOW_DOWN");
      return send(res, 200, { license_key: "CGPT-MOCKDEVICE", ...activation, token: await sign(device.fingerprint) });
    }
    if (path.startsWith("/v1/sync/")) {
      if (!authorized(req)) return error(res, 401, "UNAUTHORIZED");
      if (req.method === "GET" && path === "/v1/sync/documents") {
        const documents = [...docs.entries()]
          .filter(([, d]) => !d.deleted)
          .map(([name, d]) => ({ name, rev: d.rev, size: Buffer.byteLength(JSON.stringify(d.data)), updated_at: d.updated_at, updated_by: d.updated_by }));
        return send(res, 200, { documents });
      }
      const name = decodeURIComponent(path.slice("/v1/sync/documents/".length));
      const doc = docs.get(name);
      const current = doc ? doc.rev : 0;
      if (req.method === "GET") {
        if (!doc || doc.deleted) return error(res, 404, "NOT_FOUND");
        return send(res, 200, { name, rev: doc.rev, updated_at: doc.updated_at, updated_by: doc.updated_by, data: doc.data }, { etag: `"${doc.rev}"` });
      }
      const baseRev = req.method === "DELETE" ? Number(url.searchParams.get("base_rev")) : body.base_rev;
      if (baseRev !== (doc?.deleted ? doc.rev : current) && !(doc?.deleted && baseRev === 0)) {
        return error(res, 409, "REVISION_CONFLICT", { current_rev: current });
      }
      const next = { rev: current + 1, data: body.data, updated_at: new Date().toISOString(), updated_by: "act_mock", deleted: req.method === "DELETE" };
      docs.set(name, next);
      broadcast({ type: "document", name, rev: next.rev, deleted: next.deleted, updated_by: "act_mock" });
      return send(res, 200, { name, rev: next.rev, updated_at: next.updated_at });
    }
    return error(res, 404, "NOT_FOUND");
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    socket.on("error", () => {}); // a client that gives up mid-handshake is no failure of the mock
    if (new URL(req.url, "http://mock").pathname !== "/v1/sync/live" || !authorized(req)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const token = bearerOf(req);
      if (machineOf.get(token)?.startsWith("ends-")) {
        // As the API does when a machine is deactivated: its token stops working, its feed closes with 4001.
        issued.delete(token);
        setTimeout(() => ws.close(4001, "this machine may no longer sync"), 100);
        return;
      }
      const n = ++connections;
      sockets.add(ws);
      ws.on("error", () => {});
      ws.on("close", () => sockets.delete(ws));
      ws.send(JSON.stringify({ type: "document", name: "hello", rev: n, deleted: false, updated_by: "act_mock" }));
      ws.send(JSON.stringify({ type: "license", license: {} })); // other types are ignored
      if (n === 1) setTimeout(() => ws.close(1012, "restart"), 300); // the first connection drops: the client must come back
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      for (const ws of sockets) ws.terminate();
      server.close();
    },
  };
}

let fixtures;
let mock;
try {
  ensureMono();
  const { tests } = buildDotnet({ tests: true });
  fixtures = mkdtempSync(join(tmpdir(), "cgpt-dotnet-fixtures-"));
  const keys = await writeFixtures(fixtures);
  mock = await startMock(keys);
  const env = {
    ...process.env,
    CGPT_WYCHEPROOF: join(root, "clients", "dotnet", "tests", "vectors", "wycheproof-ed25519_test.json"),
    // Shared with the TypeScript tests (clients/typescript/test/machine-identity.test.ts).
    CGPT_MACHINE_VECTORS: join(root, "clients", "vectors", "machine-identity.json"),
    CGPT_TOKEN_FIXTURES: fixtures,
    CGPT_MOCK_API: mock.url,
    // The tests' state directories go here and are removed with the fixtures.
    TMPDIR: join(fixtures, "tmp"),
  };
  mkdirSync(env.TMPDIR);
  if (process.env.CGPT_WYCHEPROOF) env.CGPT_WYCHEPROOF = process.env.CGPT_WYCHEPROOF;
  const child = spawn("mono", ["--debug", tests, ...process.argv.slice(2)], { stdio: "inherit", env });
  const code = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  process.exitCode = code;
} catch (err) {
  console.error(`[dotnet] ${err.stack || err.message}`);
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
} finally {
  if (mock) mock.close();
  if (fixtures) rmSync(fixtures, { recursive: true, force: true });
}
