/** A LicenseClient wired for tests: temp state dir, fixed machine, no real waiting. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LicenseClient, fixedMachine, type LicenseClientOptions } from "../../src/index.js";
import type { TestKey } from "./tokens.js";

export const FINGERPRINT = "test-machine-0001";

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "license-client-test-"));
}

export interface TestClient {
  client: LicenseClient;
  slept: number[];
  stateDir: string;
}

export function testClient(apiUrl: string, keys: TestKey[], extra: Partial<LicenseClientOptions> = {}): TestClient {
  const slept: number[] = [];
  const stateDir = extra.stateDir ?? tempDir();
  const client = new LicenseClient({
    apiUrl,
    stateDir,
    pinnedKeys: keys.map((k) => k.publicKey),
    machine: fixedMachine(FINGERPRINT),
    sleep: async (ms) => {
      slept.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { client, slept, stateDir };
}

export function activation(fingerprint = FINGERPRINT) {
  return {
    activation: { id: "act_1", fingerprint, name: "Desk", platform: "linux", activated_at: "2026-01-01T00:00:00Z", last_seen_at: "2026-01-01T00:00:00Z" },
    license: { id: "lic_1", status: "active", seats: 2, seats_used: 1, product: "chartgpt", entitlements: ["chartgpt"] },
  };
}
