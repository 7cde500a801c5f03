import { describe, expect, it } from "vitest";
import { newRoutedSecret, parseRoutedSecret } from "../../src/auth/secrets";

const secret = "unit-test-routing-secret";
const account = "acct_0123456789ab";

describe("sign-in tokens and session ids", () => {
  it("are 63 cookie- and URL-safe characters that start with the account part", async () => {
    for (const kind of ["sign-in", "session"] as const) {
      const value = await newRoutedSecret(secret, kind, account);
      expect(value).toMatch(/^0123456789ab[A-Za-z0-9_-]{51}$/);
    }
  });

  it("parse back to the account they name", async () => {
    const token = await newRoutedSecret(secret, "sign-in", account);
    expect(await parseRoutedSecret(secret, "sign-in", token)).toEqual({ accountId: account });
  });

  it("carry 256 random bits: 1,000 of them for one account never repeat", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add((await newRoutedSecret(secret, "session", account)).slice(12, 55));
    expect(seen.size).toBe(1000);
    expect([...seen][0]).toHaveLength(43); // 43 base64url characters hold the 32 random bytes
  });

  it("are bound to their kind: a sign-in token is not a session id, nor the reverse", async () => {
    const token = await newRoutedSecret(secret, "sign-in", account);
    const session = await newRoutedSecret(secret, "session", account);
    expect(await parseRoutedSecret(secret, "session", token)).toBeNull();
    expect(await parseRoutedSecret(secret, "sign-in", session)).toBeNull();
  });

  it("refuse any changed character, another routing secret, and every other shape", async () => {
    const token = await newRoutedSecret(secret, "sign-in", account);
    for (const i of [0, 11, 12, 40, 54, 55, 62]) {
      const swapped = token.slice(0, i) + (token[i] === "a" ? "b" : "a") + token.slice(i + 1);
      expect(await parseRoutedSecret(secret, "sign-in", swapped), `position ${i}`).toBeNull();
    }
    expect(await parseRoutedSecret("another-routing-secret", "sign-in", token)).toBeNull();
    for (const junk of [
      "",
      token.slice(0, -1),
      token + "A",
      token.toUpperCase(),
      `${token.slice(0, 12)}.${token.slice(12, 55)}`, // the earlier "<account>.<secret>" shape
      `${token.slice(0, 55)}+/=+/=+/`,
      `0123456789ai${token.slice(12)}`, // not a Crockford account part
    ]) {
      expect(await parseRoutedSecret(secret, "sign-in", junk), junk).toBeNull();
    }
  });

  it("refuse an account id without a routable part when issuing", async () => {
    await expect(newRoutedSecret(secret, "session", "not-an-account")).rejects.toThrow();
  });
});
