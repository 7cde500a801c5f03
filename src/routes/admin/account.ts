import { accountObject } from "../../accounts/objects";
import { accountDetail } from "../../admin/queries";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { AdminAccountDetail } from "../../schemas/responses";
import { accountParam, staffOf } from "./shared";

/** Parked outbox rows shown per account; more than this means a systemic problem, not a row. */
const PARKED_SHOWN = 100;

export const account = defineRoute({
  method: "GET",
  path: "/v1/admin/accounts/:account_id",
  tag: "Support",
  summary: "Account detail",
  description:
    "Licenses (with their seat policies and the customer's swaps left), machines (active and recently deactivated), purchases, outbox rows D1 refused for good (`parked_outbox`), and the names and sizes of the account's synced documents (`documents`; never their contents).",
  auth: "access",
  responses: { 200: { schema: AdminAccountDetail, description: "Account, licenses, machines, purchases." } },
  errors: ["UNAUTHORIZED", "NOT_FOUND", "UNAVAILABLE"],
}).handle(async (call) => {
  await staffOf(call);
  const { rc, params } = call;
  const detail = await accountDetail(rc.env.DB, params.account_id ?? "");
  if (!detail) throw new ApiError("NOT_FOUND", { message: "No account with this id." });
  // D1 is the mirror; rows it refused for good, the swap log and synced documents are known only to the account object.
  const object = accountObject(rc, accountParam(params), "retry");
  const [parked, policies, documents] = await Promise.all([object.parkedOutbox({ limit: PARKED_SHOWN }), object.seatPolicies(), object.supportDocuments()]);
  const byLicense = new Map(policies.map(({ license_id, ...view }) => [license_id, view]));
  const licenses = detail.licenses.map((l) => ({ ...l, seat_policy: byLicense.get(l.id) ?? null }));
  return { status: 200, body: { ...detail, licenses, parked_outbox: parked, documents } };
});
