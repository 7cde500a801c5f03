import { accountObject } from "../accounts/objects";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { readJsonBody } from "../http/json-body";
import { json } from "../http/respond";
import { ActivateRequest } from "../schemas/desktop";
import { desktopActor, issueToken, resolveLicenseKey, throttleClient } from "./desktop-shared";

/** POST /v1/licenses/activate: 201 for a new seat, 200 for a machine that already holds one. */
export async function activateLicense(request: Request, rc: RequestContext): Promise<Response> {
  await throttleClient(request, rc);
  const body = await readJsonBody(request, ActivateRequest);
  const key = await resolveLicenseKey(rc, body.license_key);
  if (!key) throw new ApiError("LICENSE_NOT_FOUND");

  const result = await accountObject(rc, key.accountId, "retry").activate({
      ...desktopActor(rc),
      keyHash: key.keyHash,
      fingerprint: body.fingerprint,
      name: body.name,
      platform: body.platform,
      appVersion: body.app_version,
    });
  if (!result.ok) throw new ApiError(result.code);

  const token = await issueToken(rc, result.license, result.activation);
  return json({ activation: result.activation, license: result.license, token }, result.created ? 201 : 200);
}
