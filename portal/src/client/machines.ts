/** The machines table, and deactivating one through a confirmation dialog. */
import type { MachineView } from "../../../src/core/views";
import { ApiFailure, post } from "../../../web/shared/api";
import { button, byId, el, fillTable, show } from "../../../web/shared/dom";
import { ago, formatDateTime } from "../../../web/shared/format";
import { loadActivity } from "./activity";
import { load } from "./session";

const notice = byId("notice");
const dialog = byId<HTMLDialogElement>("deactivate-dialog");
let pending: MachineView | null = null;

export function renderMachines(machines: MachineView[]): void {
  fillTable(
    "machines",
    machines.map((m) =>
      el(
        "tr",
        { "data-machine": m.id },
        el("td", {}, m.name ?? "Unnamed machine", el("div", { class: "muted" }, m.fingerprint.slice(0, 24))),
        el("td", {}, m.platform ?? "—"),
        el("td", {}, el("time", { datetime: m.last_seen_at, title: formatDateTime(m.last_seen_at) }, ago(m.last_seen_at))),
        el(
          "td",
          {},
          button("Deactivate", () => confirmDeactivate(m), {
            class: "secondary",
            "data-activation": m.id,
            "aria-label": `Deactivate ${m.name ?? "this machine"}`,
          }),
        ),
      ),
    ),
  );
}

function confirmDeactivate(machine: MachineView): void {
  pending = machine;
  byId("deactivate-name").textContent = machine.name ?? "this machine";
  dialog.showModal();
}

byId("deactivate-confirm").addEventListener("click", async () => {
  if (!pending) return;
  const machine = pending;
  dialog.close();
  try {
    await post(`/v1/portal/machines/${encodeURIComponent(machine.id)}/deactivate`);
    show(notice, `${machine.name ?? "The machine"} was deactivated. Its seat is free.`, "info");
    // The live connection updates the table; refresh here too in case it is down.
    renderMachines((await load<{ machines: MachineView[] }>("/v1/portal/machines")).machines);
    void loadActivity();
  } catch (err) {
    show(
      notice,
      err instanceof ApiFailure && err.status === 404
        ? "That machine was already deactivated."
        : // The API's message says when the next swap is possible and that support can help.
          err instanceof ApiFailure && err.code === "DEACTIVATION_LIMIT_REACHED"
          ? err.message
          : "The machine could not be deactivated. Try again.",
    );
  }
});
byId("deactivate-cancel").addEventListener("click", () => dialog.close());
