import { accountObject } from "../accounts/objects";
import type { RequestContext } from "../http/context";
import { readJsonBody } from "../http/json-body";
import { json } from "../http/respond";
import { ValidateRequest } from "../schemas/desktop";
import { desktopActor, issueToken, resolveLicenseKey, throttleClient } from "./desktop-shared";

/**
 * POST /v1/licenses/validate: always 200 for a well-formed request; the outcome is data
 * (`valid`, `code`), and a fresh token comes with every valid answer.
 */
export async function validateLicense(request: Request, rc: RequestContext): Promise<Response> {
  await throttleClient(request, rc);
  const body = await readJsonBody(request, ValidateRequest);
  const key = await resolveLicenseKey(rc, body.license_key);

  const result = key
    ? await accountObject(rc, key.accountId, "retry").validate({ ...desktopActor(rc), keyHash: key.keyHash, fingerprint: body.fingerprint })
    : { code: "NOT_FOUND" as const, license: undefined, activation: undefined };

  const valid = result.code === "VALID" && result.license !== undefined && result.activation !== undefined;
  return json({
    valid,
    code: result.code,
    ...(result.license ? { license: result.license } : {}),
    ...(result.activation ? { activation: result.activation } : {}),
    ...(valid ? { token: await issueToken(rc, result.license!, result.activation!) } : {}),
  });
}
