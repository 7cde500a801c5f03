// Retry policy: exponential backoff with jitter, Retry-After honoured as a minimum,
// bounded; what is transient and what is not.
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, isTransientStatus, parseRetryAfter, retryDelayMs } from "../src/http/retry.js";
import { ApiTransport } from "../src/http/transport.js";
import { apiError, closedPortUrl, startFakeApi, type FakeApi } from "./helpers/fake-api.js";

const policy = { attempts: 5, baseDelayMs: 400, maxDelayMs: 3_000, maxRetryAfterMs: 30_000, budgetMs: 60_000 };
let api: FakeApi | undefined;
afterEach(() => api?.close());

describe("retry delays", () => {
  it("doubles each step, jitters within the upper half, and caps", () => {
    const low = [1, 2, 3, 4].map((n) => retryDelayMs(policy, n, undefined, () => 0));
    const high = [1, 2, 3, 4].map((n) => retryDelayMs(policy, n, undefined, () => 0.999999));
    expect(low).toEqual([200, 400, 800, 1500]);
    expect(high).toEqual([399, 799, 1599, 2999]);
    expect(retryDelayMs(policy, 5, undefined, () => 0.5)).toBeUndefined(); // attempts used up
  });

  it("waits at least Retry-After, and gives up when it is longer than the bound", () => {
    expect(retryDelayMs(policy, 1, 7_000, () => 0)).toBe(7_000);
    expect(retryDelayMs(policy, 1, 7_000, () => 0.99)).toBeGreaterThanOrEqual(7_000);
    expect(retryDelayMs(policy, 1, 7_000, () => 0.99)).toBeLessThan(7_400);
    expect(retryDelayMs(policy, 1, 60_000, () => 0)).toBeUndefined();
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3_000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("classifies statuses", () => {
    expect([500, 502, 503].every((s) => isTransientStatus(s, undefined))).toBe(true);
    expect(isTransientStatus(429, "RATE_LIMITED")).toBe(true);
    expect(isTransientStatus(429, undefined)).toBe(true);
    expect(isTransientStatus(429, "DEACTIVATION_LIMIT_REACHED")).toBe(false);
    expect([400, 401, 403, 404, 409, 413].some((s) => isTransientStatus(s, "X"))).toBe(false);
    expect(DEFAULT_RETRY_POLICY.attempts).toBeGreaterThan(1);
  });
});

describe("transport retries against a real server", () => {
  it("retries 503 then 429 (honouring Retry-After) and returns the success", async () => {
    const answers = [apiError(503, "UNAVAILABLE"), apiError(429, "RATE_LIMITED", {}, { "retry-after": "4" }), { status: 200, body: { ok: true } }];
    api = await startFakeApi(() => answers.shift()!);
    const slept: number[] = [];
    const transport = new ApiTransport({ apiUrl: api.url, retry: policy, random: () => 0, sleep: async (ms) => void slept.push(ms) });
    const { answer, attempts } = await transport.request("POST", "/v1/x", { json: {} });
    expect(answer).toMatchObject({ kind: "http", status: 200, body: { ok: true } });
    expect(attempts).toBe(3);
    expect(slept).toEqual([200, 4_000]);
  });

  it("does not retry a definite answer", async () => {
    api = await startFakeApi(() => apiError(409, "SEAT_LIMIT_REACHED"));
    const transport = new ApiTransport({ apiUrl: api.url, retry: policy, sleep: async () => {} });
    const { answer, attempts } = await transport.request("POST", "/v1/x", { json: {} });
    expect(attempts).toBe(1);
    expect(answer.kind === "http" && answer.error?.code).toBe("SEAT_LIMIT_REACHED");
  });

  it("reports no connection as a network answer after the bounded attempts", async () => {
    const slept: number[] = [];
    const transport = new ApiTransport({
      apiUrl: await closedPortUrl(),
      retry: { ...policy, attempts: 3 },
      random: () => 0,
      sleep: async (ms) => void slept.push(ms),
    });
    const { answer, attempts } = await transport.request("GET", "/v1/health");
    expect(answer.kind).toBe("network");
    expect(attempts).toBe(3);
    expect(slept).toEqual([200, 400]);
  });

  it("starts no attempt that could not finish within the call's time budget", async () => {
    api = await startFakeApi(() => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: {} }), 1_000)));
    const transport = new ApiTransport({ apiUrl: api.url, retry: { ...policy, budgetMs: 450 }, timeoutMs: 200, random: () => 0, sleep: async () => {} });
    const { answer, attempts } = await transport.request("GET", "/slow");
    expect(answer.kind).toBe("network");
    expect(attempts).toBe(1); // 200 ms spent + 200 ms wait + 200 ms next attempt > 450 ms
  });

  it("waits out a Retry-After up to maxRetryAfterMs even past the budget (the server said when), not one beyond it", async () => {
    const limited = () => apiError(429, "RATE_LIMITED", {}, { "retry-after": "16" });
    const answers = [limited(), { status: 200, body: { ok: true } }];
    api = await startFakeApi(() => answers.shift() ?? limited());
    const slept: number[] = [];
    const budget20s = { ...policy, budgetMs: 20_000 };
    const transport = new ApiTransport({ apiUrl: api.url, retry: budget20s, timeoutMs: 8_000, random: () => 0, sleep: async (ms) => void slept.push(ms) });
    expect((await transport.request("POST", "/v1/x", { json: {} })).answer).toMatchObject({ status: 200 });
    expect(slept).toEqual([16_000]);

    const tooLong = new ApiTransport({
      apiUrl: api.url,
      retry: { ...budget20s, maxRetryAfterMs: 15_000 },
      random: () => 0,
      sleep: async (ms) => void slept.push(ms),
    });
    const { answer, attempts } = await tooLong.request("POST", "/v1/x", { json: {} });
    expect(answer).toMatchObject({ status: 429 });
    expect(attempts).toBe(1);
    expect(slept).toEqual([16_000]);
  });

  it("counts a server slower than the time limit as no connection", async () => {
    api = await startFakeApi(() => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: {} }), 1_000)));
    const transport = new ApiTransport({ apiUrl: api.url, retry: { ...policy, attempts: 1 }, timeoutMs: 100 });
    const { answer } = await transport.request("GET", "/slow");
    expect(answer.kind).toBe("network");
  });
});
