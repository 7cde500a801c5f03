/**
 * A fake licensing API for activate / validate / deactivate: issues real signed tokens
 * (iss = its own origin, like the engine's PUBLIC_API_ORIGIN); `script` can override the
 * answer of any call, e.g. to return outages or final codes.
 */
import { activation, FINGERPRINT } from "./setup.js";
import { startFakeApi, type FakeApi, type FakeRequest, type FakeResponse } from "./fake-api.js";
import { signToken, type TestKey } from "./tokens.js";

export interface LicensingApi extends FakeApi {
  /** Answers to give before the normal one, in order, per path. */
  script: Map<string, FakeResponse[]>;
  /** The Date header to send (default: the real time; null: none at all). */
  serverDate?: Date | null;
}

export async function startLicensingApi(key: TestKey): Promise<LicensingApi> {
  const script = new Map<string, FakeResponse[]>();
  const state: { serverDate?: Date | null } = {};
  let active = false;
  const api = await startFakeApi(async (req: FakeRequest) => {
    const scripted = script.get(req.path)?.shift();
    const dateHeader = state.serverDate === null ? { date: "" } : state.serverDate ? { date: state.serverDate.toUTCString() } : undefined;
    if (scripted) return { ...scripted, headers: { ...dateHeader, ...scripted.headers } };
    const issuer = `http://${req.headers.host}`;
    const fingerprint: string = req.body?.fingerprint ?? FINGERPRINT;
    const iat = Math.floor((state.serverDate ?? new Date()).getTime() / 1000);
    const token = await signToken({ key, issuer, fingerprint, iat });
    const ok = (status: number, body: unknown): FakeResponse => ({ status, body, ...(dateHeader ? { headers: dateHeader } : {}) });
    if (req.path === "/v1/licenses/activate") {
      const created = !active;
      active = true;
      return ok(created ? 201 : 200, { ...activation(fingerprint), token });
    }
    if (req.path === "/v1/licenses/validate") {
      return ok(200, active ? { valid: true, code: "VALID", ...activation(fingerprint), token } : { valid: false, code: "NOT_ACTIVATED" });
    }
    if (req.path === "/v1/licenses/deactivate") {
      if (!active) return { status: 404, body: { error: { code: "ACTIVATION_NOT_FOUND", message: "not active", request_id: "r" } } };
      active = false;
      return ok(200, { deactivated: true, license: { ...activation().license, seats_used: 0 } });
    }
    return { status: 404, body: { error: { code: "NOT_FOUND", message: "no route", request_id: "r" } } };
  });
  return Object.defineProperty(Object.assign(api, { script }), "serverDate", {
    get: () => state.serverDate,
    set: (d: Date | null | undefined) => {
      if (d !== undefined) state.serverDate = d;
      else delete state.serverDate;
    },
  }) as LicensingApi;
}

export function scriptAnswers(api: LicensingApi, path: string, ...answers: FakeResponse[]): void {
  api.script.set(path, [...(api.script.get(path) ?? []), ...answers]);
}
