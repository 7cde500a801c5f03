import { accountObject } from "../accounts/objects";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { readJsonBody } from "../http/json-body";
import { json } from "../http/respond";
import { DeactivateRequest } from "../schemas/desktop";
import { desktopActor, resolveLicenseKey, throttleClient } from "./desktop-shared";

/** POST /v1/licenses/deactivate: frees the machine's seat at once. */
export async function deactivateLicense(request: Request, rc: RequestContext): Promise<Response> {
  await throttleClient(request, rc);
  const body = await readJsonBody(request, DeactivateRequest);
  const key = await resolveLicenseKey(rc, body.license_key);
  if (!key) throw new ApiError("LICENSE_NOT_FOUND");

  const result = await accountObject(rc, key.accountId, "once").deactivate({ ...desktopActor(rc), keyHash: key.keyHash, fingerprint: body.fingerprint });
  if (!result.ok) throw new ApiError(result.code);
  return json({ deactivated: true, license: result.license });
}
