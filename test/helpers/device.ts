/** Desktop sign-in from both sides: the app (authorize, poll) and the signed-in customer (portal calls). */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { DeviceAuthorizationObject } from "../../durable-objects/device-authorization-object";
import { fingerprintFor, post, request } from "./api";
import { asCustomer } from "./portal";

let ipCounter = 0;
/** Each test its own address: the per-address limits of sign-in are part of what is tested. */
export const freshIp = () => `2001:db8::${(++ipCounter).toString(16)}`;

export interface Started {
  status: number;
  body: {
    device_code: string;
    user_code: string;
    verification_uri: string;
    verification_uri_complete: string;
    expires_in: number;
    interval: number;
  };
  /** The canonical 8 letters, which name the code's object. */
  code: string;
  fingerprint: string;
}

/** POST /v1/device/authorize as the app does. */
export async function startSignIn(extra: Record<string, unknown> = {}, ip = freshIp()): Promise<Started> {
  const fingerprint = (extra.fingerprint as string | undefined) ?? fingerprintFor("device");
  const res = await post(
    "/v1/device/authorize",
    { fingerprint, name: "Trading desk", platform: "windows", app_version: "1.4.2", ...extra },
    { "cf-connecting-ip": ip },
  );
  return { status: res.status, body: res.body, code: String(res.body?.user_code ?? "").replace("-", ""), fingerprint };
}

export function poll(deviceCode: string, ip = freshIp()) {
  return post("/v1/device/token", { device_code: deviceCode }, { "cf-connecting-ip": ip });
}

/** A portal call about a code, as the signed-in customer's browser makes it. */
export function portalDevice(cookie: string, code: string, action: "" | "approve" | "deny" = "", extra: Record<string, string> = {}) {
  const path = `/v1/portal/devices/${encodeURIComponent(code)}${action ? `/${action}` : ""}`;
  return action
    ? request(path, { method: "POST", headers: asCustomer(cookie, { "content-type": "application/json", ...extra }), body: "{}" })
    : request(path, { headers: asCustomer(cookie, extra) });
}

export function deviceStub(code: string): DurableObjectStub<DeviceAuthorizationObject> {
  return env.DEVICES.getByName(code);
}

/** Edits the code's stored row (time travel: an earlier poll, an expiry in the past). */
export function setRow(code: string, column: "last_poll_at" | "expires_at" | "claim_expires_at", value: number) {
  return runInDurableObject(deviceStub(code), (_i, state) => void state.storage.sql.exec(`UPDATE device_authorization SET ${column} = ?`, value));
}

/** The tables the code's object holds (none once forgotten, or when never used). */
export function tablesOf(code: string): Promise<string[]> {
  return runInDurableObject(deviceStub(code), (_i, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'")
      .toArray()
      .map((r) => r.name),
  );
}

/** Lets the next poll through the interval rule (as if the app had waited). */
export const waitedInterval = (code: string) => setRow(code, "last_poll_at", Date.now() - 60_000);
