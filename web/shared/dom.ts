/** DOM helpers of the portal and the support console: build from data, never from HTML. */

/** Builds an element; data goes in as attributes and text nodes, never parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** The element a page's markup promises; a missing one is a bug, so it throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} missing`);
  return node as T;
}

/** Puts a message in a message box (hidden when empty); `kind` picks its colours. */
export function show(node: HTMLElement, message: string, kind: "error" | "info" = "error"): void {
  node.textContent = message;
  node.dataset.kind = kind;
  node.hidden = message === "";
}

export function button(label: string, onClick: () => void, props: Partial<Record<string, string>> = {}): HTMLButtonElement {
  const node = el("button", { type: "button", ...props }, label);
  node.addEventListener("click", onClick);
  return node;
}

/** Fills a table body, and shows either the table or its "nothing yet" line. */
export function fillTable(name: string, rows: HTMLTableRowElement[]): void {
  byId(`${name}-body`).replaceChildren(...rows);
  byId(`${name}-empty`).hidden = rows.length > 0;
  byId(`${name}-table`).hidden = rows.length === 0;
}
