import { describe, expect, it } from "vitest";
import { USER_CODE_ALPHABET, formatUserCode, normalizeUserCode, randomUserCode } from "../../src/core/user-code";
import { hashDeviceCode, newDeviceCode, parseDeviceCode } from "../../src/device/device-code";

const secret = "unit-test-routing-secret";

describe("user codes", () => {
  it("are 8 letters from BCDFGHJKLMNPQRSTVWXZ, shown as XXXX-XXXX", () => {
    const code = randomUserCode();
    expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    expect(formatUserCode(code)).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
  });

  it("use every letter about equally often (no modulo bias)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 5_000; i++) for (const ch of randomUserCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect([...counts.keys()].sort().join("")).toBe([...USER_CODE_ALPHABET].sort().join(""));
    // 40,000 letters: 2,000 expected each; ±15 % is far outside chance for a fair draw.
    for (const n of counts.values()) expect(Math.abs(n - 2_000)).toBeLessThan(300);
  });

  it("are read back in any case, with or without the dash or spaces", () => {
    for (const typed of ["BCDF-GHJK", "bcdfghjk", " bcdf ghjk ", "bCdF-gHjK", "BCDF--GHJK"]) expect(normalizeUserCode(typed), typed).toBe("BCDFGHJK");
  });

  it("refuse other letters (vowels, look-alikes), digits and other lengths", () => {
    for (const typed of ["BCDF-GHJA", "BCDF-GHJ0", "BCDF-GHJ", "BCDF-GHJKL", "", "BCDF_GHJK", "BCDF-GHJÉ"]) expect(normalizeUserCode(typed), typed).toBeNull();
  });
});

describe("device codes", () => {
  it("carry their user code, then 256 random bits and a check tag (59 URL-safe characters)", async () => {
    const code = await newDeviceCode(secret, "BCDFGHJK");
    expect(code).toMatch(/^BCDFGHJK[A-Za-z0-9_-]{51}$/);
    expect(await parseDeviceCode(secret, code)).toEqual({ userCode: "BCDFGHJK" });
  });

  it("never repeat: 1,000 for one user code are 1,000 different secrets (≥ 128 bits each)", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add((await newDeviceCode(secret, "BCDFGHJK")).slice(8, 51));
    expect(seen.size).toBe(1000);
  });

  it("are refused when any character changes, under another routing secret, or in another shape", async () => {
    const code = await newDeviceCode(secret, "BCDFGHJK");
    for (const i of [0, 7, 8, 30, 50, 51, 58]) {
      const swapped = code.slice(0, i) + (code[i] === "B" ? "C" : "B") + code.slice(i + 1);
      expect(await parseDeviceCode(secret, swapped), `position ${i}`).toBeNull();
    }
    expect(await parseDeviceCode("another-routing-secret", code)).toBeNull();
    for (const junk of ["", "BCDFGHJK", code.toLowerCase(), `${code}x`, code.slice(1), `AEIOUAEI${code.slice(8)}`])
      expect(await parseDeviceCode(secret, junk)).toBeNull();
  });

  it("are stored only as a SHA-256 hash", async () => {
    const code = await newDeviceCode(secret, "BCDFGHJK");
    expect(await hashDeviceCode(code)).toMatch(/^[0-9a-f]{64}$/);
  });
});
