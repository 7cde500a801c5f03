/**
 * Where to go once signed in. The sign-in link may open in another tab (from the mail
 * app), so the page that sent the person to sign in leaves its address in localStorage,
 * for half an hour; only the portal's own /activate/ page is ever a destination, so
 * nothing stored here can send anyone elsewhere.
 */
const KEY = "chartgpt:after-sign-in";
const KEEP_MS = 30 * 60 * 1000;

export function rememberReturn(path: string): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ path, until: Date.now() + KEEP_MS }));
  } catch {
    // Storage off (private mode): the person lands on the dashboard instead.
  }
}

/** The remembered page (once: it is forgotten here), or null. */
export function takeReturn(): string | null {
  try {
    const raw = localStorage.getItem(KEY);
    localStorage.removeItem(KEY);
    const saved = raw ? (JSON.parse(raw) as { path?: unknown; until?: unknown }) : null;
    if (!saved || typeof saved.path !== "string" || typeof saved.until !== "number" || saved.until < Date.now()) return null;
    return /^\/activate\/(\?code=[A-Za-z-]{0,12})?$/.test(saved.path) ? saved.path : null;
  } catch {
    return null;
  }
}
