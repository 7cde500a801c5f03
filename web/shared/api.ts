/**
 * Calls to the API from the portal and the support console. Both reach the API through
 * their own origin (their Worker forwards /v1/*), so the browser's cookie rides along
 * and no CORS is involved. Every failure becomes an ApiFailure carrying the error
 * envelope's code and message, so pages decide what to say from the code.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface ErrorEnvelope {
  error?: { code: string; message: string };
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  // The API takes JSON bodies only when they say so (a text/plain form post is refused).
  if (init.body !== undefined) headers.set("content-type", "application/json");
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: "same-origin" });
  } catch {
    throw new ApiFailure(0, "NETWORK", "We could not reach the server. Check your connection and try again.");
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as (ErrorEnvelope & T) | null;
  if (!response.ok) {
    throw new ApiFailure(response.status, body?.error?.code ?? "UNKNOWN", body?.error?.message ?? "Something went wrong. Try again.");
  }
  return body as T;
}

export const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: "POST", body: JSON.stringify(body) });

/** What to tell a person about a failed call: the API's own message, or a fallback. */
export function failureMessage(err: unknown, fallback = "Something went wrong. Try again."): string {
  return err instanceof ApiFailure ? err.message : fallback;
}
