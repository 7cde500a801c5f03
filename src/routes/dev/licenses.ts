import { normalizeEmail } from "../../accounts/account-id";
import { atEmailAccount } from "../../accounts/email-routing";
import { accountObject } from "../../accounts/objects";
import { DEFAULT_PRODUCT } from "../../core/catalog";
import { locationHintFor, type CallerPlace } from "../../core/location-hint";
import { sha256Hex } from "../../core/crypto/digest";
import { isDevelopment } from "../../core/env";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { newId } from "../../core/ids";
import { decryptLicenseKey, encryptLicenseKey } from "../../license/key-vault";
import { generateLicenseKey } from "../../license/license-key";
import { DevLicenseRequest } from "../../schemas/dev";
import { DevLicense } from "../../schemas/responses";

/**
 * Development only: grants seats through the same account-object
 * path a purchase uses. A second grant for the same email adds seats to the same
 * license and returns the same key.
 */
export const devLicenses = defineRoute({
  method: "POST",
  path: "/dev/licenses",
  tag: "Development",
  summary: "Grant a license (development only)",
  auth: "none",
  body: DevLicenseRequest,
  responses: { 201: { schema: DevLicense, description: "Granted." } },
  errors: ["INVALID_REQUEST", "NOT_FOUND"],
}).handle(async ({ request, rc, body: readBody }) => {
  if (!isDevelopment(rc.env)) throw new ApiError("NOT_FOUND");
  const body = await readBody();
  const env = rc.env;
  const email = normalizeEmail(body.email);
  const placement = { locationHint: locationHintFor(request.cf as CallerPlace | undefined) };
  const grantId = newId("gnt");

  // Granted to the account that has this email now, or a new one (email-routing.ts).
  const granted = await atEmailAccount(rc, email, { create: true }, async (accountId) => {
    // Key material is prepared here because crypto is async and the object decides
    // synchronously; it is used only if this grant creates the license. The key names
    // the account, so each account tried gets its own.
    const licenseId = newId("lic");
    const licenseKey = await generateLicenseKey(env.ROUTING_SECRET, accountId);
    const newLicense = {
      id: licenseId,
      keyHash: await sha256Hex(licenseKey),
      keyCiphertext: await encryptLicenseKey(env.LICENSE_KEY_ENCRYPTION_KEY, licenseId, licenseKey),
    };
    const result = await accountObject(rc, accountId, "once", placement).grant({
      actor: { type: "system", id: "dev-grant" },
      requestId: rc.requestId,
      accountId,
      email,
      productId: DEFAULT_PRODUCT,
      seats: body.seats,
      grantId,
      newLicense,
    });
    return result.ok ? { ...result, licenseKey } : result;
  });
  // Only invalid input the schema let through could get here.
  if (!granted) throw new Error("grant refused: no account for the email");
  const result = granted.result;
  if (!result.ok) throw new Error(`grant refused: ${result.code}`);

  const key = result.licenseCreated ? result.licenseKey : await decryptLicenseKey(env.LICENSE_KEY_ENCRYPTION_KEY, result.license.id, result.keyCiphertext);
  return { status: 201, body: { account_id: granted.accountId, license_id: result.license.id, license_key: key } };
});
