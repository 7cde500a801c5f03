/** Opening an account: its detail and timeline, shown again after every staff action. */
import { api } from "../../../web/shared/api";
import { byId } from "../../../web/shared/dom";
import { ask } from "./action-dialog";
import type { AccountDetail } from "./admin-types";
import { renderAccount } from "./account-view";
import { loadTimeline } from "./timeline";

export async function openAccount(accountId: string): Promise<void> {
  const detail = await api<AccountDetail>(`/v1/admin/accounts/${encodeURIComponent(accountId)}`);
  // A link to the page opens this account again (and a reload keeps it).
  history.replaceState(null, "", `/?account=${encodeURIComponent(accountId)}`);
  renderAccount(detail, (action) => ask(action, () => openAccount(accountId)));
  await loadTimeline(accountId);
  byId("account-section").hidden = false;
}
