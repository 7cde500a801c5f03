/** The one dialog every staff action goes through: it asks why (kept in the audit trail). */
import { failureMessage } from "../../../web/shared/api";
import { byId, show } from "../../../web/shared/dom";

export interface StaffAction {
  title: string;
  /** The confirm button's label, and the notice's once done. */
  confirm: string;
  danger?: boolean;
  /** Present for "set seats": the field starts at the current count. */
  seats?: number;
  /** Present for "change email": the field starts at the current address. */
  email?: string;
  run: (reason: string, fields: { seats: number; email: string }) => Promise<unknown>;
}

const dialog = byId<HTMLDialogElement>("action-dialog");
let pending: { action: StaffAction; done: () => Promise<void> } | null = null;

/** Opens the dialog for `action`; `done` runs after it succeeded (to show the new state). */
export function ask(action: StaffAction, done: () => Promise<void>): void {
  pending = { action, done };
  byId("action-title").textContent = action.title;
  byId<HTMLTextAreaElement>("action-reason").value = "";
  byId("seats-field").hidden = action.seats === undefined;
  byId<HTMLInputElement>("action-seats").value = String(action.seats ?? 0);
  const emailField = byId<HTMLInputElement>("action-email");
  byId("email-field").hidden = action.email === undefined;
  // Required only when shown: a hidden required field would block every other action.
  emailField.required = action.email !== undefined;
  emailField.value = action.email ?? "";
  const confirm = byId<HTMLButtonElement>("action-confirm");
  confirm.textContent = action.confirm;
  confirm.className = action.danger ? "danger" : "";
  byId("action-error").hidden = true;
  dialog.showModal();
}

byId<HTMLFormElement>("action-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!pending) return;
  const { action, done } = pending;
  const reason = byId<HTMLTextAreaElement>("action-reason").value.trim();
  try {
    await action.run(reason, { seats: Number(byId<HTMLInputElement>("action-seats").value), email: byId<HTMLInputElement>("action-email").value.trim() });
    dialog.close();
    show(byId("notice"), `${action.confirm}: done.`, "info");
    await done();
  } catch (err) {
    show(byId("action-error"), failureMessage(err, "The action failed. Try again."));
  }
});
byId("action-cancel").addEventListener("click", () => dialog.close());
