import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../durable-objects/outbox";
import { newEventId } from "../../src/core/ids";
import { licenseTokenClaims, tokenTtlSeconds } from "../../src/tokens/license-token";

describe("flush retry backoff", () => {
  it("doubles from one second up to a five-minute cap", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 10, 50].map((n) => retryDelayMs(n, mid))).toEqual([1_000, 2_000, 4_000, 8_000, 300_000, 300_000]);
  });

  it("spreads retries by ±20 %", () => {
    expect(retryDelayMs(3, () => 0)).toBe(3_200);
    expect(retryDelayMs(3, () => 0.999999)).toBe(4_800);
  });
});

describe("audit event ids", () => {
  it("sort in creation order, also within one millisecond", () => {
    const t = Date.parse("2026-11-29T12:00:00.000Z");
    const ids = [newEventId(t), newEventId(t), newEventId(t), newEventId(t + 1), newEventId(t + 1000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("license token claims", () => {
  it("follow API.md", () => {
    const claims = licenseTokenClaims(
      { accountId: "acct_1", licenseId: "lic_1", activationId: "act_1", fingerprintHash: "ab", seats: 2, entitlements: ["chartgpt"] },
      "https://api.example",
      1_000,
      60,
    );
    expect(claims).toEqual({
      iss: "https://api.example",
      aud: "desktop",
      sub: "lic_1",
      act: "act_1",
      acc: "acct_1",
      fp: "ab",
      seats: 2,
      ent: ["chartgpt"],
      iat: 1_000,
      exp: 1_060,
    });
  });

  it("default to a 14-day lifetime unless configured", () => {
    expect(tokenTtlSeconds(undefined)).toBe(1_209_600);
    expect(tokenTtlSeconds("nonsense")).toBe(1_209_600);
    expect(tokenTtlSeconds("3600")).toBe(3_600);
  });
});
