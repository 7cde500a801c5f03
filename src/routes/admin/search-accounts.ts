import { normalizeEmail } from "../../accounts/account-id";
import { accountsByEmailPrefix, accountsByKeyHash } from "../../admin/queries";
import { sha256Hex } from "../../core/crypto/digest";
import { defineRoute } from "../../http/route";
import { parseLicenseKey } from "../../license/license-key";
import { AccountSearchQuery } from "../../schemas/admin";
import { AdminAccounts } from "../../schemas/responses";
import { staffOf } from "./shared";

export const searchAccounts = defineRoute({
  method: "GET",
  path: "/v1/admin/accounts",
  tag: "Support",
  summary: "Find accounts by email prefix or license key",
  auth: "access",
  query: AccountSearchQuery,
  responses: { 200: { schema: AdminAccounts, description: "Matching accounts." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "UNAVAILABLE"],
}).handle(async (call) => {
  await staffOf(call);
  const { env } = call.rc;
  const query = call.query();
  if (query.email !== undefined) return { status: 200, body: { accounts: await accountsByEmailPrefix(env.DB, normalizeEmail(query.email)) } };
  const parsed = await parseLicenseKey(env.ROUTING_SECRET, query.license_key!);
  return { status: 200, body: { accounts: parsed ? await accountsByKeyHash(env.DB, await sha256Hex(parsed.canonical)) : [] } };
});
