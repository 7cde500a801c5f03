/** What staff can do to a license or a machine: each one an admin API call with a reason. */
import { post } from "../../../web/shared/api";
import type { StaffAction } from "./action-dialog";
import type { AccountDetail, StaffLicense, StaffMachine } from "./admin-types";

const admin = (path: string, body: Record<string, unknown>) => post(`/v1/admin/${path}`, body);

/** The license's buttons, in order, each with the action it asks for. */
export function licenseActions(detail: AccountDetail, license: StaffLicense): [label: string, action: StaffAction][] {
  const { account } = detail;
  const id = license.id;
  return [
    [
      "Set seats…",
      {
        title: `Set seats of ${id}`,
        seats: license.seats,
        confirm: "Set seats",
        run: (reason, { seats }) => admin(`licenses/${id}/seats`, { seats, reason }),
      },
    ],
    license.status === "revoked"
      ? ["Restore…", { title: "Restore this license", confirm: "Restore", run: (reason) => admin(`licenses/${id}/restore`, { reason }) }]
      : ["Revoke…", { title: "Revoke this license", confirm: "Revoke", danger: true, run: (reason) => admin(`licenses/${id}/revoke`, { reason }) }],
    [
      "Resend license email…",
      { title: `Resend the license key to ${account.email}`, confirm: "Send", run: (reason) => admin(`licenses/${id}/resend-key`, { reason }) },
    ],
    [
      "Send sign-in link…",
      { title: `Send a portal sign-in link to ${account.email}`, confirm: "Send", run: (reason) => admin(`accounts/${account.id}/sign-in-link`, { reason }) },
    ],
  ];
}

/**
 * The account's own actions. Changing the email moves sign-in and future purchases to
 * the new address; the API refuses (EMAIL_IN_USE) an address another account has.
 */
export function accountActions(detail: AccountDetail): [label: string, action: StaffAction][] {
  const { account } = detail;
  return [
    [
      "Change email…",
      {
        title: `Change the email of ${account.email}`,
        email: account.email,
        confirm: "Change email",
        run: (reason, { email }) => admin(`accounts/${account.id}/email`, { email, reason }),
      },
    ],
  ];
}

export function deactivateMachine(detail: AccountDetail, machine: StaffMachine): StaffAction {
  return {
    title: `Deactivate ${machine.name ?? machine.id}`,
    confirm: "Deactivate",
    danger: true,
    run: (reason) => admin(`accounts/${detail.account.id}/machines/${machine.id}/deactivate`, { reason }),
  };
}
