/** Desktop sync the way a machine calls it: a license token as the bearer credential. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { activate, BASE, fingerprintFor, grantLicense, request } from "./api";

export interface SyncMachine {
  token: string;
  activationId: string;
  fingerprint: string;
}

/** A license with `machines` activated machines, each with its token. */
export async function syncAccount(machines = 2, seats = Math.max(2, machines)) {
  const lic = await grantLicense(seats);
  const fleet: SyncMachine[] = [];
  for (let i = 0; i < machines; i++) fleet.push(await machineOf(lic.license_key, `sync-${i}`));
  return { ...lic, machines: fleet };
}

export async function machineOf(licenseKey: string, label: string): Promise<SyncMachine> {
  const fingerprint = fingerprintFor(label);
  const res = await activate(licenseKey, fingerprint, { name: `Machine ${label}` });
  expect(res.status, res.text).toBe(201);
  return { token: res.body.token, activationId: res.body.activation.id, fingerprint };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const listDocs = (token: string, query = "") => request(`/v1/sync/documents${query}`, { headers: bearer(token) });

export const getDoc = (token: string, name: string, headers: Record<string, string> = {}) =>
  request(`/v1/sync/documents/${name}`, { headers: { ...bearer(token), ...headers } });

export const putDoc = (token: string, name: string, data: unknown, baseRev: number) =>
  request(`/v1/sync/documents/${name}`, {
    method: "PUT",
    headers: { ...bearer(token), "content-type": "application/json" },
    body: JSON.stringify({ data, base_rev: baseRev }),
  });

export const deleteDoc = (token: string, name: string, baseRev: number | string) =>
  request(`/v1/sync/documents/${name}?base_rev=${baseRev}`, { method: "DELETE", headers: bearer(token) });

/** Opens the live feed with a token; collects messages and the close. */
export async function openFeed(token: string) {
  const res = await exports.default.fetch(new Request(`${BASE}/v1/sync/live`, { headers: { upgrade: "websocket", ...bearer(token) } }));
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const messages: any[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.addEventListener("message", (e) => {
    messages.push(JSON.parse(String(e.data)));
  });
  ws.addEventListener("close", (e) => {
    closed = { code: e.code, reason: e.reason };
  });
  ws.accept();
  return { ws, messages, closed: () => closed };
}

/** The upgrade's answer when it is refused (status and error code). */
export async function refusedFeed(headers: Record<string, string>) {
  const res = await exports.default.fetch(new Request(`${BASE}/v1/sync/live`, { headers: { upgrade: "websocket", ...headers } }));
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}
