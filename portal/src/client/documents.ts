/**
 * The synced documents card: what the account's machines share (names, sizes, last
 * change and the machine that made it; never the contents), and deleting one through a
 * confirmation dialog. The delete names the revision shown, so a document changed since
 * the list was drawn is not deleted unseen.
 */
import { ApiFailure, api } from "../../../web/shared/api";
import { button, byId, el, fillTable, show } from "../../../web/shared/dom";
import { ago, formatBytes, formatDateTime } from "../../../web/shared/format";

/** GET /v1/portal/documents (src/schemas/sync.ts PortalDocuments). */
interface PortalDocument {
  name: string;
  rev: number;
  size: number;
  updated_at: string;
  updated_by: string;
  machine_name: string | null;
}

const notice = byId("notice");
const dialog = byId<HTMLDialogElement>("delete-document-dialog");
let pending: PortalDocument | null = null;

export async function loadDocuments(): Promise<void> {
  const { documents } = await api<{ documents: PortalDocument[] }>("/v1/portal/documents");
  renderDocuments(documents);
}

function renderDocuments(documents: PortalDocument[]): void {
  fillTable(
    "documents",
    documents.map((d) =>
      el(
        "tr",
        { "data-document": d.name },
        el("td", { class: "mono" }, d.name),
        el("td", {}, formatBytes(d.size)),
        el(
          "td",
          {},
          el("time", { datetime: d.updated_at, title: formatDateTime(d.updated_at) }, ago(d.updated_at)),
          el("div", { class: "muted" }, `on ${d.machine_name ?? "an unnamed machine"}`),
        ),
        el(
          "td",
          {},
          button("Delete", () => confirmDelete(d), { class: "secondary", "aria-label": `Delete ${d.name}` }),
        ),
      ),
    ),
  );
}

function confirmDelete(document: PortalDocument): void {
  pending = document;
  byId("delete-document-name").textContent = document.name;
  dialog.showModal();
}

byId("delete-document-confirm").addEventListener("click", async () => {
  if (!pending) return;
  const document = pending;
  dialog.close();
  try {
    await api(`/v1/portal/documents/${encodeURIComponent(document.name)}?base_rev=${document.rev}`, { method: "DELETE" });
    show(notice, `${document.name} was deleted.`, "info");
  } catch (err) {
    const code = err instanceof ApiFailure ? err.code : "";
    show(
      notice,
      code === "REVISION_CONFLICT"
        ? `${document.name} changed on one of your machines since this page showed it. Look again before deleting it.`
        : code === "NOT_FOUND"
          ? `${document.name} was already deleted.`
          : `${document.name} could not be deleted. Try again.`,
    );
  }
  await loadDocuments().catch(() => {});
});
byId("delete-document-cancel").addEventListener("click", () => dialog.close());
