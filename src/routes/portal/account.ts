import { defineRoute } from "../../http/route";
import { decryptLicenseKey } from "../../license/key-vault";
import { PortalAccount } from "../../schemas/responses";
import { portalView } from "./shared";

/** The owner sees the full key. */
export const account = defineRoute({
  method: "GET",
  path: "/v1/portal/account",
  tag: "Portal",
  summary: "The signed-in account",
  auth: "session",
  responses: { 200: { schema: PortalAccount, description: "Account and licenses (with the full key)." } },
  errors: ["UNAUTHORIZED", "UNAVAILABLE"],
}).handle(async ({ request, rc }) => {
  const view = await portalView(request, rc);
  const licenses = await Promise.all(
    view.licenses.map(async ({ keyCiphertext, ...license }) => ({
      ...license,
      key: await decryptLicenseKey(rc.env.LICENSE_KEY_ENCRYPTION_KEY, license.id, keyCiphertext),
    })),
  );
  return { status: 200, body: { email: view.account.email, account_id: view.account.id, licenses } };
});
