// The portal's pages. Each body is an HTML fragment in this folder; `render` wraps it in
// the one layout (head, stylesheet, brand bar), so the pages cannot drift apart.
// scripts/build-browser.mjs writes them to portal/public/, where the Worker serves them.
import { readFileSync } from "node:fs";

/** path: where it is served (and written under public/); script: its bundle in assets/, if any. */
export const PORTAL_PAGES = [
  { path: "/", file: "index.html", title: "Your licenses", body: "dashboard.html", script: "dashboard", frame: "app" },
  { path: "/sign-in/", file: "sign-in/index.html", title: "Sign in", body: "sign-in.html", script: "sign-in" },
  { path: "/sign-in/check-email/", file: "sign-in/check-email/index.html", title: "Check your email", body: "check-email.html", script: "sign-in" },
  { path: "/sign-in/confirm/", file: "sign-in/confirm/index.html", title: "Confirm sign-in", body: "confirm.html", script: "confirm" },
  { path: "/activate/", file: "activate/index.html", title: "Sign in your desktop app", body: "activate.html", script: "activate" },
  { path: "/thanks/", file: "thanks/index.html", title: "Thank you", body: "thanks.html" },
  // Served by the assets binding for any unknown path (not_found_handling = "404-page").
  { path: null, file: "404.html", title: "Page not found", body: "not-found.html" },
];

const indent = (html, spaces) => html.replace(/^(?=.)/gm, " ".repeat(spaces));

/** The brand bar and one narrow card: every page but the dashboard, which lays out its own. */
const card = (body) => `<header class="bar"><a class="brand" href="/">ChartGPT account</a></header>
<main class="narrow" id="main">
  <div class="card">
${indent(body, 4)}  </div>
</main>
`;

export function render(page) {
  const body = readFileSync(new URL(page.body, import.meta.url), "utf8");
  const script = page.script ? `<script type="module" src="/assets/${page.script}.js"></script>\n` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} — ChartGPT account</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/styles.css">
${script}</head>
<body>
${page.frame === "app" ? body : card(body)}</body>
</html>
`;
}
