import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { OUTCOME_CODES } from "../site/docs/pages/integration.mjs";

// Checks the built output of `npm run build` (site/dist and site/docs/dist), built with
// the local origins: links between the two are checked across both.
const root = new URL("..", import.meta.url).pathname;
const SITE = { dir: join(root, "site/dist"), origin: "http://127.0.0.1:8789" };
const DOCS = { dir: join(root, "site/docs/dist"), origin: "http://127.0.0.1:8790" };
const KNOWN_EXTERNAL = ["http://127.0.0.1:8787", "http://127.0.0.1:8788", "https://downloads.chartgpt.example"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

function exists(site: typeof SITE, path: string): boolean {
  const clean = decodeURIComponent(path.split(/[?#]/)[0]!);
  const candidates = clean.endsWith("/") ? [join(site.dir, clean, "index.html")] : [join(site.dir, clean), join(site.dir, clean, "index.html")];
  return candidates.some((c) => {
    try {
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

const pages = (site: typeof SITE) => files(site.dir).filter((f) => f.endsWith(".html"));
const html = (file: string) => readFileSync(file, "utf8");
const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
const refs = (text: string) => [...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));

describe("the built site and docs", () => {
  beforeAll(() => {
    expect(pages(SITE).length, "run `npm run build` first").toBeGreaterThan(5);
  });

  it("have no broken internal link or asset (site ↔ docs included)", () => {
    const broken: string[] = [];
    let checked = 0;
    for (const site of [SITE, DOCS]) {
      for (const file of pages(site)) {
        for (const ref of refs(html(file))) {
          if (ref.startsWith("#") || ref.startsWith("mailto:")) continue;
          let target = site;
          let path = ref;
          if (/^https?:\/\//.test(ref)) {
            const url = new URL(ref);
            if (url.origin === SITE.origin) target = SITE;
            else if (url.origin === DOCS.origin) target = DOCS;
            else {
              expect(KNOWN_EXTERNAL, `unexpected external link ${ref} in ${file}`).toContain(url.origin);
              continue;
            }
            path = url.pathname;
          }
          checked++;
          if (!exists(target, path)) broken.push(`${file.replace(root, "")} → ${ref}`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("list every page in sitemap.xml, and robots.txt points at it", () => {
    for (const site of [SITE, DOCS]) {
      const sitemap = readFileSync(join(site.dir, "sitemap.xml"), "utf8");
      const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!));
      expect(locs.length).toBeGreaterThanOrEqual(4);
      for (const loc of locs) {
        expect(loc.origin).toBe(site.origin);
        expect(exists(site, loc.pathname), loc.href).toBe(true);
      }
      expect(readFileSync(join(site.dir, "robots.txt"), "utf8")).toContain(`Sitemap: ${site.origin}/sitemap.xml`);
    }
  });

  it("give every page a title, a description, Open Graph tags, no inline script or style", () => {
    for (const file of [...pages(SITE), ...pages(DOCS)]) {
      const page = html(file);
      expect(page, file).toMatch(/<title>[^<]{5,}<\/title>/);
      expect(page, file).toMatch(/<meta name="description" content="[^"]{10,}">/);
      for (const tag of ["og:title", "og:description", "og:url", "og:image"]) expect(page, `${file} ${tag}`).toContain(`property="${tag}"`);
      expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(page).not.toMatch(/\sstyle="/);
      expect(page).toContain('<html lang="en">');
    }
  });

  it("serve fingerprinted CSS and JS (the worker caches those for a year)", () => {
    const home = html(join(SITE.dir, "index.html"));
    expect(home).toMatch(/href="\/assets\/site\.[0-9a-f]{10}\.css"/);
    expect(home).toMatch(/src="\/assets\/buy\.[0-9a-f]{10}\.js"/);
    expect(home).toContain('data-api="http://127.0.0.1:8787"');
  });

  it("generate downloads from the release manifest, latest first, with size and SHA-256", () => {
    const { releases } = JSON.parse(readFileSync(join(root, "site/releases.json"), "utf8")) as {
      releases: { version: string; date: string; sha256: string; file: string }[];
    };
    const page = html(join(SITE.dir, "downloads/index.html"));
    const sorted = [...releases].sort((a, b) => (a.date < b.date ? 1 : -1));
    const positions = sorted.map((r) => page.indexOf(`<strong>${r.version}</strong>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const r of releases) {
      expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(page).toContain(r.sha256);
      expect(page).toContain(`https://downloads.chartgpt.example/${r.file}`);
    }
    const notes = html(join(SITE.dir, "release-notes/index.html"));
    for (const r of releases) expect(notes).toContain(`id="v${r.version}"`);
  });

  it("list the client libraries' builds in a section of their own, each with size, SHA-256, commit and the keys it pins", () => {
    const { libraries } = JSON.parse(readFileSync(join(root, "site/releases.json"), "utf8")) as {
      libraries: { commit: string; builds: { name: string; file: string; size: number; sha256: string; pinned_kids: string[] }[] };
    };
    const page = html(join(SITE.dir, "downloads/index.html"));
    const section = page.slice(page.indexOf('<section id="libraries">'));
    expect(section.length).toBeLessThan(page.length);
    expect(libraries.builds.map((b) => b.file.replace(/-[\d.]+(-src)?\.\w+$/, "$1"))).toEqual([
      "ChartGpt.Licensing",
      "ChartGpt.Licensing-src",
      "chartgpt-license-client",
    ]);
    expect(section).toContain(libraries.commit);
    for (const b of libraries.builds) {
      expect(b.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(b.size).toBeGreaterThan(10_000);
      expect(section).toContain(`<code>${b.sha256}</code>`);
      expect(section).toContain(`https://downloads.chartgpt.example/${b.file}`);
      // A build without production keys says so: it cannot grant offline grace by itself.
      expect(section).toContain(b.pinned_kids.length === 0 ? "development build: pins no production keys" : `pins ${b.pinned_kids.join(", ")}`);
    }
  });

  it("give every screenshot alt text and dimensions", () => {
    const gallery = html(join(SITE.dir, "gallery/index.html"));
    const images = [...gallery.matchAll(/<img [^>]+>/g)].map((m) => m[0]).filter((tag) => tag.includes("/images/"));
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const tag of images) {
      expect(tag).toMatch(/alt="[^"]{20,}"/);
      expect(tag).toMatch(/width="\d+" height="\d+"/);
    }
  });

  it("render the API reference from the OpenAPI document", () => {
    const api = html(join(DOCS.dir, "api/index.html"));
    for (const path of ["/v1/licenses/activate", "/v1/licenses/validate", "/v1/portal/live", "/v1/admin/events", "/v1/webhooks/stripe"])
      expect(api).toContain(path);
    expect(api).toContain("SEAT_LIMIT_REACHED");
  });

  it("embed every snippet exactly as the tests compile it (C# by npm run test:dotnet, TypeScript by npm run typecheck)", () => {
    const embedded = new Map<string, string>();
    for (const file of pages(DOCS)) {
      for (const m of html(file).matchAll(/<code data-snippet="([^"]+)">([\s\S]*?)<\/code>/g)) embedded.set(m[1]!, unescapeHtml(m[2]!));
    }
    const snippets = readdirSync(join(root, "site/docs/snippets")).filter((f) => /\.(cs|ts)$/.test(f));
    expect(snippets.sort()).toEqual([...embedded.keys()].sort());
    for (const name of snippets) expect(embedded.get(name), name).toBe(readFileSync(join(root, "site/docs/snippets", name), "utf8"));
    // The old snippets verified tokens against a JWKS saved on disk: gone for good.
    expect(snippets.some((s) => /verif/i.test(s))).toBe(false);
  });

  it("explain the same outcome codes in the C# and TypeScript snippets, and list each in the guide's table", () => {
    const csConstants = new Map(
      [...readFileSync(join(root, "clients/dotnet/src/LicenseCodes.cs"), "utf8").matchAll(/const string (\w+) = "([A-Z_]+)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    const cs = readFileSync(join(root, "site/docs/snippets/LicenseActions.cs"), "utf8");
    const csCodes = [...cs.matchAll(/case LicenseCodes\.(\w+):/g)].map((m) => csConstants.get(m[1]!));
    const ts = readFileSync(join(root, "site/docs/snippets/license-client.ts"), "utf8");
    const tsCodes = [...ts.matchAll(/case "([A-Z_]+)":/g)].map((m) => m[1]!);
    expect(csCodes.every((c) => c !== undefined)).toBe(true);
    expect(new Set(csCodes)).toEqual(new Set(tsCodes));
    const apiErrors = readFileSync(join(root, "src/errors/codes.ts"), "utf8");
    for (const code of OUTCOME_CODES) {
      expect([...csConstants.values()].includes(code) || apiErrors.includes(`${code}:`), `${code} is a code the libraries report`).toBe(true);
    }
    for (const code of tsCodes) expect(OUTCOME_CODES, `${code} in the outcome table`).toContain(code);
  });

  it("link the NinjaTrader 8 page from the docs home and the integration guide", () => {
    for (const page of ["index.html", "integration/index.html"]) expect(html(join(DOCS.dir, page))).toContain('href="/ninjatrader/"');
    expect(html(join(DOCS.dir, "ninjatrader/index.html"))).toContain("OnStateChange");
  });
});
