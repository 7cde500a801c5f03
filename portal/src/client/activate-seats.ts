/**
 * When an approval finds every seat taken: the account's machines, each with a way to
 * free its seat, so the person can make room and approve again without leaving the page.
 */
import type { MachineView } from "../../../src/core/views";
import { api, ApiFailure, post } from "../../../web/shared/api";
import { button, byId, el, show } from "../../../web/shared/dom";
import { ago } from "../../../web/shared/format";

const list = () => byId("seat-machines");

export async function showSeatLimit(): Promise<void> {
  const { machines } = await api<{ machines: MachineView[] }>("/v1/portal/machines");
  list().replaceChildren(...machines.map(row));
}

function row(machine: MachineView): HTMLLIElement {
  const label = machine.name ?? "Unnamed machine";
  const item = el(
    "li",
    { "data-machine": machine.id },
    el(
      "span",
      {},
      el("strong", {}, label),
      el("span", { class: "muted" }, ` · ${machine.platform ?? "unknown platform"} · last seen ${ago(machine.last_seen_at)}`),
    ),
  );
  item.append(
    button("Deactivate", () => void deactivate(machine, item), {
      class: "secondary",
      "data-activation": machine.id,
      "aria-label": `Deactivate ${label}`,
    }),
  );
  return item;
}

async function deactivate(machine: MachineView, item: HTMLLIElement): Promise<void> {
  const message = byId("activate-message");
  try {
    await post(`/v1/portal/machines/${encodeURIComponent(machine.id)}/deactivate`);
  } catch (err) {
    // Already gone (deactivated elsewhere): its seat is free all the same.
    if (!(err instanceof ApiFailure && err.status === 404)) {
      // A refusal says why in its own words (DEACTIVATION_LIMIT_REACHED points to support);
      // only a failure without an answer gets the generic retry.
      const said = err instanceof ApiFailure && err.status >= 400 && err.status < 500;
      show(message, said ? err.message : "The machine could not be deactivated. Try again.");
      return;
    }
  }
  item.remove();
  show(message, `${machine.name ?? "The machine"} was deactivated. Its seat is free: approve again.`, "info");
  byId("retry").focus();
}
