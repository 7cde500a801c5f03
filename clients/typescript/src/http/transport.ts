/**
 * One place that talks HTTP to the licensing API: JSON in and out, the error envelope
 * read into a code, the server's Date kept (for the clock high-water mark), and the
 * bounded retry of transient failures.
 */
import { DEFAULT_RETRY_POLICY, isTransientStatus, parseRetryAfter, retryDelayMs, type RetryPolicy } from "./retry.js";

/** The API's error envelope: `{ "error": { code, message, request_id, details } }`. */
export interface ApiError {
  code: string;
  message: string;
  request_id?: string;
  details?: Record<string, unknown>;
}

export type ApiAnswer =
  | {
      kind: "http";
      status: number;
      /** Parsed JSON body (undefined when the body was empty or not JSON). */
      body: unknown;
      /** Set for non-2xx answers that carry the error envelope. */
      error: ApiError | undefined;
      /** The server's `Date` header: a clock the customer cannot set back. */
      serverDate: Date | undefined;
      retryAfterMs: number | undefined;
      headers: Headers;
    }
  | { kind: "network"; message: string };

export interface TransportOptions {
  apiUrl: string;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Per-attempt time limit (default 8 s); a slower server counts as no connection. */
  timeoutMs?: number;
  userAgent?: string;
}

export interface RequestOptions {
  json?: unknown;
  bearer?: string;
  signal?: AbortSignal;
}

/** The code an answer stands for: the API's error code, or NETWORK. */
export function answerCode(answer: ApiAnswer): string {
  if (answer.kind === "network") return "NETWORK";
  return answer.error?.code ?? (answer.status >= 200 && answer.status < 300 ? "OK" : `HTTP_${answer.status}`);
}

export function answerMessage(answer: ApiAnswer): string {
  if (answer.kind === "network") return `could not reach the licensing API: ${answer.message}`;
  return answer.error?.message ?? `HTTP ${answer.status}`;
}

export function isTransient(answer: ApiAnswer): boolean {
  return answer.kind === "network" || isTransientStatus(answer.status, answer.error?.code);
}

export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

function readError(body: unknown): ApiError | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return undefined;
  return error as ApiError;
}

export class ApiTransport {
  readonly apiUrl: string;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly fetchImpl: typeof fetch;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  constructor(options: TransportOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.policy = options.retry ?? DEFAULT_RETRY_POLICY;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 8_000;
    this.userAgent = options.userAgent ?? "chartgpt-license-client-ts/0.1.0";
  }

  /** One attempt, whatever happens. */
  async once(method: string, path: string, options: RequestOptions = {}): Promise<ApiAnswer> {
    const headers: Record<string, string> = { accept: "application/json", "user-agent": this.userAgent };
    if (options.json !== undefined) headers["content-type"] = "application/json";
    if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(this.apiUrl + path, {
        method,
        headers,
        signal,
        ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      });
    } catch (err) {
      // A caller's own cancellation is not a network failure: let it through.
      if (options.signal?.aborted) throw options.signal.reason;
      return { kind: "network", message: err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err) };
    }
    let body: unknown;
    try {
      const text = await response.text();
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const dateHeader = response.headers.get("date");
    const serverMs = dateHeader === null ? Number.NaN : Date.parse(dateHeader);
    return {
      kind: "http",
      status: response.status,
      body,
      error: response.ok ? undefined : readError(body),
      serverDate: Number.isNaN(serverMs) ? undefined : new Date(serverMs),
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), Number.isNaN(serverMs) ? Date.now() : serverMs),
      headers: response.headers,
    };
  }

  /**
   * Attempts until a definite answer or the policy's bound. Returns the last answer and
   * how many attempts it took (an idempotent call that "fails" after a retry may have
   * succeeded the first time: deactivate uses this).
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<{ answer: ApiAnswer; attempts: number }> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const answer = await this.once(method, path, options);
      if (!isTransient(answer)) return { answer, attempts: attempt };
      const retryAfterMs = answer.kind === "http" ? answer.retryAfterMs : undefined;
      const wait = retryDelayMs(this.policy, attempt, retryAfterMs, this.random);
      if (wait === undefined) return { answer, attempts: attempt };
      // The budget bounds how long a dead network holds the app. A wait the server asked
      // for (Retry-After, at most maxRetryAfterMs) is honoured in full, as the C# client
      // does: coming back sooner would only earn another 429.
      if (retryAfterMs === undefined && Date.now() - started + wait + this.timeoutMs > this.policy.budgetMs) return { answer, attempts: attempt };
      await this.sleep(wait, options.signal);
    }
  }
}
