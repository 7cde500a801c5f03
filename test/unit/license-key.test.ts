import { describe, expect, it } from "vitest";
import { accountIdForEmail, normalizeEmail } from "../../src/accounts/account-id";
import { CROCKFORD_ALPHABET, bitsToBase32, normalizeBase32 } from "../../src/core/crypto/encoding";
import { decryptLicenseKey, encryptLicenseKey } from "../../src/license/key-vault";
import { generateLicenseKey, parseLicenseKey } from "../../src/license/license-key";

const secret = "unit-test-routing-secret";
const vaultKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

describe("license keys", () => {
  it("look like CGPT- and eight groups of five unambiguous characters", async () => {
    const key = await generateLicenseKey(secret, "acct_0123456789ab");
    expect(key).toMatch(/^CGPT(-[0-9A-HJKMNP-TV-Z]{5}){8}$/);
    expect(key).not.toMatch(/[ILOU]/);
  });

  it("carry the account they belong to, and parse back to it", async () => {
    const key = await generateLicenseKey(secret, "acct_0123456789ab");
    expect(await parseLicenseKey(secret, key)).toEqual({ canonical: key, accountId: "acct_0123456789ab" });
  });

  it("hold at least 128 random bits: 1,000 keys for one account never repeat their secret part", async () => {
    const secrets = new Set<string>();
    for (let i = 0; i < 1000; i++) secrets.add((await generateLicenseKey(secret, "acct_0123456789ab")).replace(/-/g, "").slice(16, 42));
    expect(secrets.size).toBe(1000);
    // 26 characters × 5 bits = 130 bits.
    expect([...secrets][0]).toHaveLength(26);
  });

  it("tolerate how people type them", async () => {
    const key = await generateLicenseKey(secret, "acct_0123456789ab");
    const typed = key.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "i");
    expect((await parseLicenseKey(secret, `  ${typed}\n`))?.canonical).toBe(key);
  });

  it("reject keys with a wrong character, a wrong tag, a wrong length or another secret", async () => {
    const key = await generateLicenseKey(secret, "acct_0123456789ab");
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    let rejected = 0;
    for (const i of [5, 12, 20, 30, 41, 47]) if ((await parseLicenseKey(secret, flip(key, i))) === null) rejected++;
    expect(rejected).toBeGreaterThanOrEqual(5); // 1 in 1,024 typos may pass the 10-bit tag
    expect(await parseLicenseKey(secret, key.slice(0, -1))).toBeNull();
    expect(await parseLicenseKey(secret, key + "A")).toBeNull();
    expect(await parseLicenseKey("another-secret", key)).toBeNull();
    expect(await parseLicenseKey(secret, "XGPT" + key.slice(4))).toBeNull();
    expect(await parseLicenseKey(secret, key.replace(/-[^-]+$/, "-UUUUU"))).toBeNull();
  });

  it("are stored encrypted, bound to their license id", async () => {
    const key = await generateLicenseKey(secret, "acct_0123456789ab");
    const stored = await encryptLicenseKey(vaultKey, "lic_a", key);
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(key.slice(5, 15));
    expect(await decryptLicenseKey(vaultKey, "lic_a", stored)).toBe(key);
    await expect(decryptLicenseKey(vaultKey, "lic_b", stored)).rejects.toThrow();
  });
});

describe("account ids", () => {
  it("are one per mailbox, whatever the spelling of the address", async () => {
    const a = await accountIdForEmail(secret, "Trader@Example.com ");
    expect(a).toMatch(/^acct_[0-9a-hjkmnp-tv-z]{12}$/);
    expect(await accountIdForEmail(secret, "trader@example.com")).toBe(a);
    expect(await accountIdForEmail(secret, "trader+2@example.com")).not.toBe(a);
    expect(await accountIdForEmail("other-secret", "trader@example.com")).not.toBe(a);
    expect(normalizeEmail(" A\u0301@x.io")).toBe("\u00e1@x.io");
  });
});

describe("Crockford base32", () => {
  it("encodes bits most significant first and reads O/I/L leniently", () => {
    expect(bitsToBase32(new Uint8Array([0xff, 0x00]), 3)).toBe("ZW0");
    expect(normalizeBase32("oil")).toBe("011");
    expect(normalizeBase32("u")).toBeNull();
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
  });
});
