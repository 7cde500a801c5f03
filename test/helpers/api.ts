/** Calls the API Worker the way a client does: real routing, real bindings. */
import { exports } from "cloudflare:workers";

export const BASE = "http://127.0.0.1:8787";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function request<T = any>(path: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
  const res = await exports.default.fetch(new Request(BASE + path, init));
  const text = await res.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export function post<T = any>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
  return request<T>(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

let counter = 0;
/** Storage is shared by the tests of one file: each test names its own account. */
export function uniqueEmail(tag = "user"): string {
  return `${tag}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export function fingerprintFor(n: number | string): string {
  return `machine-${String(n).padStart(4, "0")}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface GrantedLicense {
  account_id: string;
  license_id: string;
  license_key: string;
}

export async function grantLicense(seats = 2, email = uniqueEmail()): Promise<GrantedLicense & { email: string }> {
  const res = await post<GrantedLicense>("/dev/licenses", { email, seats });
  if (res.status !== 201) throw new Error(`grant failed: ${res.status} ${res.text}`);
  return { ...res.body, email };
}

export function activate(licenseKey: string, fingerprint: string, extra: Record<string, unknown> = {}) {
  return post("/v1/licenses/activate", { license_key: licenseKey, fingerprint, ...extra });
}

export function deactivate(licenseKey: string, fingerprint: string) {
  return post("/v1/licenses/deactivate", { license_key: licenseKey, fingerprint });
}

export function validate(licenseKey: string, fingerprint: string) {
  return post("/v1/licenses/validate", { license_key: licenseKey, fingerprint });
}
