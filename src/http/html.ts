/** Small server-rendered pages (development tools only); every value is escaped. */
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

export const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; color: #111827; background: #f9fafb; margin: 0; }
  main { max-width: 34rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 12px; box-shadow: 0 1px 3px rgb(0 0 0 / .1); }
  h1 { font-size: 1.4rem; margin-top: 0; }
  .banner { background: #fef3c7; color: #78350f; padding: .5rem .75rem; border-radius: 6px; font-size: .9rem; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; }
  dt { color: #4b5563; }
  label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #9ca3af; border-radius: 6px; }
  button { margin-top: 1.25rem; padding: .7rem 1.2rem; font-size: 1rem; border: 0; border-radius: 6px; background: #1d4ed8; color: #fff; cursor: pointer; }
  button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  .error { color: #b91c1c; }
`;

/**
 * The style sheet's hash, for a policy that allows exactly this inline style and nothing
 * else. Kept as a string, not a promise: a Worker must not share pending work between
 * requests.
 */
let styleHash: string | undefined;
async function styleSource(): Promise<string> {
  if (!styleHash) {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(STYLE)));
    styleHash = `'sha256-${btoa(String.fromCharCode(...digest))}'`;
  }
  return styleHash;
}

export async function page(title: string, body: string, status = 200): Promise<Response> {
  const document = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
  const headers = securityHeaders({
    // Only development serves these pages (the dev router checks isDevelopment).
    environment: "development",
    csp: contentSecurityPolicy({ "default-src": "'none'", "style-src": await styleSource() }),
    referrerPolicy: "same-origin",
  });
  return new Response(document, { status, headers: { ...headers, "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
