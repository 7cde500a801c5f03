/**
 * Support console: find a customer (search), read what happened to their seats at a
 * glance (account view and a timeline grouped by day), and act — every action behind a
 * confirmation that asks why (staff actions, action dialog).
 */
import { api, failureMessage } from "../../../web/shared/api";
import { byId, show } from "../../../web/shared/dom";
import { openAccount } from "./account";
import "./search";

void api<{ email: string }>("/v1/admin/me")
  .then((me) => (byId("staff-email").textContent = me.email))
  .catch(() => {});

// /?account=… (a link a colleague sent, or a reload) opens that account at once.
const deepLink = new URLSearchParams(location.search).get("account");
if (deepLink) void openAccount(deepLink).catch((err) => show(byId("notice"), failureMessage(err), "error"));
