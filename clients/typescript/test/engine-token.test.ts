/**
 * The docs tell developers to rely on this library for offline grace: here it is handed
 * a token signed by the engine's own code (src/tokens/license-token.ts of the repository,
 * bundled with esbuild as scripts/test-dotnet.mjs does for the C# client) and must accept
 * it offline with the engine's public key pinned, and refuse it on another machine, for
 * another issuer, or without that key. Both libraries meet the real stack in
 * `npm run test:e2e`.
 */
import { createHash, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LicenseClient, fixedMachine, type PinnedKey } from "../src/index.js";

interface EngineTokens {
  signLicenseToken(
    env: { TOKEN_SIGNING_JWK: string; PUBLIC_API_ORIGIN: string },
    input: { accountId: string; licenseId: string; activationId: string; fingerprintHash: string; seats: number; entitlements: string[] },
  ): Promise<string>;
}

const FINGERPRINT = "docs-machine-0001";
const work = mkdtempSync(join(tmpdir(), "engine-token-"));

function edKey(kid: string): { privateJwk: string; publicKey: PinnedKey } {
  const jwk = generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
  return { privateJwk: JSON.stringify({ ...jwk, kid }), publicKey: { kid, kty: "OKP", crv: "Ed25519", x: jwk.x! } };
}
const engineKey = edKey("engine-key");
const unrelatedKey = edKey("unrelated-key");

let engine: EngineTokens;
let server: Server;
let apiUrl = "";

beforeAll(async () => {
  const bundle = join(work, "license-token.mjs");
  const source = new URL("../../../src/tokens/license-token.ts", import.meta.url).pathname;
  await build({ entryPoints: [source], bundle: true, format: "esm", platform: "node", outfile: bundle, logLevel: "warning" });
  engine = (await import(pathToFileURL(bundle).href)) as EngineTokens;

  // Answers activate as the engine does, with a token from the engine's own signing code.
  server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const { fingerprint } = JSON.parse(body) as { fingerprint: string };
    const token = await engine.signLicenseToken(
      { TOKEN_SIGNING_JWK: engineKey.privateJwk, PUBLIC_API_ORIGIN: apiUrl },
      {
        accountId: "acct_engine",
        licenseId: "lic_engine",
        activationId: "act_engine",
        fingerprintHash: createHash("sha256").update(fingerprint).digest("hex"),
        seats: 2,
        entitlements: ["chartgpt"],
      },
    );
    res.writeHead(201, { "content-type": "application/json" });
    res.end(JSON.stringify({ activation: { id: "act_engine", fingerprint }, license: { id: "lic_engine", seats: 2, seats_used: 1 }, token }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  apiUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => {
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

function client(stateDir: string, options: { pinned?: PinnedKey; fingerprint?: string; issuer?: string } = {}): LicenseClient {
  return new LicenseClient({
    apiUrl,
    stateDir,
    pinnedKeys: [options.pinned ?? engineKey.publicKey],
    machine: fixedMachine(options.fingerprint ?? FINGERPRINT),
    ...(options.issuer ? { issuer: options.issuer } : {}),
  });
}

async function activated(): Promise<string> {
  const stateDir = mkdtempSync(join(work, "state-"));
  const result = await client(stateDir).activate("CGPT-ANY");
  expect(result).toMatchObject({ ok: true, code: "ACTIVATED", activationId: "act_engine" });
  expect(result.message, "no 'offline grace unavailable' warning").toBeUndefined();
  return stateDir;
}

describe("the library with tokens signed by the engine's own code", () => {
  it("accepts one offline with the engine's public key pinned", async () => {
    const status = await client(await activated()).status();
    expect(status).toMatchObject({ ok: true, valid: true, offline: true, code: "VALID_OFFLINE", activationId: "act_engine", seats: 2 });
    expect(status.expiresAt!.getTime() - Date.now()).toBeGreaterThan(13 * 86_400_000);
  });

  it("refuses it on another machine, for another issuer, and without the engine's key pinned", async () => {
    const stateDir = await activated();
    const refused = { ok: false, valid: false, code: "OFFLINE_TOKEN_INVALID" };
    expect(await client(stateDir, { fingerprint: "another-machine-0002" }).status()).toMatchObject(refused);
    expect(await client(stateDir, { issuer: "https://api.chartgpt.example" }).status()).toMatchObject(refused);
    expect(await client(stateDir, { pinned: unrelatedKey.publicKey }).status()).toMatchObject(refused);
  });
});
