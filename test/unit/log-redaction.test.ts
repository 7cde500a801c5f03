import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { newSessionId, newSignInToken } from "../../src/auth/secrets";
import { createLogger, log, type LogLevel } from "../../src/core/log";
import { newDeviceCode } from "../../src/device/device-code";
import { REDACTED, redact, redactText } from "../../src/core/redact";
import { generateLicenseKey } from "../../src/license/license-key";
import { staffToken } from "../helpers/staff";

const ACCOUNT = "acct_0123456789ab";

/** A logger that keeps its lines, parsed. */
function captured() {
  const lines: { level: LogLevel; line: Record<string, unknown>; raw: string }[] = [];
  const logger = createLogger({}, (level, raw) => lines.push({ level, raw, line: JSON.parse(raw) as Record<string, unknown> }));
  return { logger, lines };
}

/** Real secrets of every kind this engine handles, made the way the engine makes them. */
async function realSecrets(): Promise<Record<string, string>> {
  return {
    licenseKey: await generateLicenseKey(env.ROUTING_SECRET, ACCOUNT),
    signInToken: await newSignInToken(env.ROUTING_SECRET, ACCOUNT),
    sessionId: await newSessionId(env.ROUTING_SECRET, ACCOUNT),
    deviceCode: await newDeviceCode(env.ROUTING_SECRET, "BCDFGHJK"),
    accessJwt: await staffToken(),
    signingJwk: env.TOKEN_SIGNING_JWK,
    accessPrivateJwk: env.ACCESS_DEV_PRIVATE_JWK,
    encryptionKey: env.LICENSE_KEY_ENCRYPTION_KEY,
    routingSecret: env.ROUTING_SECRET,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    stripeKey: "sk_live_51HxAbCdEfGhIjKlMnOpQrStUv",
    restrictedKey: "rk_test_51HxAbCdEfGhIjKlMnOpQrStUv",
    resendKey: "re_AbCdEfGh_1234567890abcdefXYZ",
  };
}

describe("redaction by shape: secrets inside any text are masked", () => {
  it("masks every kind of secret this engine makes, wherever it sits in a message", async () => {
    for (const [kind, secret] of Object.entries(await realSecrets())) {
      const masked = redactText(`failed for ${secret} (retrying)`);
      expect(masked, kind).not.toContain(secret);
      expect(masked, kind).toMatch(/^failed for \[redacted[^\]]*\] \(retrying\)$/);
    }
  });

  it("masks a license key however it was typed", async () => {
    const key = await generateLicenseKey(env.ROUTING_SECRET, ACCOUNT);
    for (const typed of [key, key.toLowerCase(), key.replace(/-/g, "")]) expect(redactText(`key ${typed}`)).toBe("key [redacted:license-key]");
  });

  it("masks a JWK inside JSON text, and a bearer credential", () => {
    expect(redactText(`bad key ${env.TOKEN_SIGNING_JWK} here`)).toBe("bad key [redacted:jwk] here");
    expect(redactText("authorization: Bearer abc.def-ghi")).toBe("authorization: Bearer [redacted]");
  });

  it("keeps what is needed to investigate: ids, Stripe ids, emails, hashes, words", () => {
    const keep = [
      "req_0a1b2c3d4e5f6g7h",
      ACCOUNT,
      "evt_01JD5Z6M8Q0000000000000000",
      "cs_test_a1nOpqrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789Ab",
      "pi_3PqRsTuVwXyZ012345678901",
      "buyer@example.com",
      "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea",
      "D1_ERROR: UNIQUE constraint failed: purchases.checkout_session_id",
      "/work/wt-tooling/durable-objects/write-through.ts:120:15",
    ];
    for (const text of keep) expect(redactText(text)).toBe(text);
  });
});

describe("redaction by field name: a field named like a secret is masked whatever it holds", () => {
  it.each([
    "license_key",
    "licenseKey",
    "key",
    "key_hash",
    "token",
    "sign_in_token",
    "signInToken",
    "session_id",
    "sessionId",
    "session",
    "secret",
    "ROUTING_SECRET",
    "STRIPE_WEBHOOK_SECRET",
    "TOKEN_SIGNING_JWK",
    "jwk",
    "jwks",
    "password",
    "authorization",
    "cookie",
    "signature",
    "key_ciphertext",
    "email_body",
    "body",
    "html",
    "text",
    "api_key",
  ])("%s", (name) => {
    expect(redact({ [name]: "plain-looking value" })).toEqual({ [name]: REDACTED });
    expect(redact({ nested: [{ [name]: { deep: "x" } }] })).toEqual({ nested: [{ [name]: REDACTED }] });
  });

  it("leaves other fields, and empty ones, alone", () => {
    const fields = {
      event: "x",
      request_id: "req_1",
      object: ACCOUNT,
      kind: "purchase",
      row_id: "pur_1",
      seq: 3,
      rev: null,
      checkout_session_id: "cs_test_1",
      email: "a@example.com",
      token: null,
    };
    expect(redact(fields)).toEqual(fields);
  });
});

describe("the logger", () => {
  it("writes one JSON line: level, event and request id first, then the fields", () => {
    const { logger, lines } = captured();
    logger.with({ request_id: "req_1" }).warn("throttle_kv_failed", { op: "get" });
    logger.info("started");
    expect(lines.map((l) => l.raw)).toEqual([
      '{"level":"warn","event":"throttle_kv_failed","request_id":"req_1","op":"get"}',
      '{"level":"info","event":"started","request_id":null}',
    ]);
  });

  it("writes each level with its console method (Workers Logs keeps the level)", () => {
    const spies = { error: vi.spyOn(console, "error"), warn: vi.spyOn(console, "warn"), log: vi.spyOn(console, "log"), debug: vi.spyOn(console, "debug") };
    try {
      log.error("e");
      log.warn("w");
      log.info("i");
      log.debug("d");
      for (const [method, spy] of Object.entries(spies)) expect(spy, method).toHaveBeenCalledTimes(1);
      expect(JSON.parse(String(spies.error.mock.calls[0]![0]))).toMatchObject({ level: "error", event: "e" });
    } finally {
      for (const spy of Object.values(spies)) spy.mockRestore();
    }
  });

  it("redacts every line: secrets in fields, messages and error causes never reach the output", async () => {
    const secrets = await realSecrets();
    const { logger, lines } = captured();
    const cause = new Error(`D1 refused key ${secrets.licenseKey}`);
    logger.error("license_email_failed", {
      license_key: secrets.licenseKey,
      device_code: secrets.deviceCode,
      email_body: `Your key: ${secrets.licenseKey}`,
      message: `session ${secrets.sessionId} token ${secrets.signInToken}`,
      error: new Error("could not send", { cause }),
      config: { ...secrets },
    });
    const raw = lines[0]!.raw;
    for (const [kind, secret] of Object.entries(secrets)) expect(raw, kind).not.toContain(secret);
    expect(lines[0]!.line).toMatchObject({
      license_key: REDACTED,
      device_code: REDACTED,
      email_body: REDACTED,
      error: { name: "Error", message: "could not send", cause: { name: "Error", message: "D1 refused key [redacted:license-key]" } },
    });
  });

  it("keeps an error's cause chain", () => {
    const { logger, lines } = captured();
    const root = new TypeError("fetch failed");
    logger.error("stripe_checkout_failed", { error: new Error("payment provider unavailable", { cause: new Error("timed out", { cause: root }) }) });
    const error = lines[0]!.line.error as { message: string; stack: string; cause: { message: string; cause: { name: string; message: string } } };
    expect(error.message).toBe("payment provider unavailable");
    expect(error.stack).toContain("payment provider unavailable");
    expect(error.cause.message).toBe("timed out");
    expect(error.cause.cause).toMatchObject({ name: "TypeError", message: "fetch failed" });
  });

  it("keeps stacks on error lines only (warn lines are expected, recovered failures)", () => {
    const { logger, lines } = captured();
    logger.warn("flush_failed", { error: new Error("D1 down", { cause: new Error("reset") }) });
    expect(lines[0]!.line.error).toEqual({ name: "Error", message: "D1 down", cause: { name: "Error", message: "reset" } });
  });

  it("lets no field overwrite the level or the event, and never throws", () => {
    const { logger, lines } = captured();
    logger.error("real_event", { level: "info", event: "fake" });
    expect(lines[0]!.line).toMatchObject({ level: "error", event: "real_event" });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => logger.warn("cyclic", { cyclic })).not.toThrow();
    expect(() =>
      createLogger({}, () => {
        throw new Error("sink down");
      }).error("x"),
    ).not.toThrow();
  });
});
