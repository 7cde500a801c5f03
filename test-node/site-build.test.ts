import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TOKEN_AUDIENCE, TOKEN_TYPE } from "../src/tokens/license-token";

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
    const { releases } = JSON.parse(readFileSync(join(root, "site/releases.json"), "utf8")) as { releases: { version: string; date: string; sha256: string; file: string }[] };
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
    for (const path of ["/v1/licenses/activate", "/v1/licenses/validate", "/v1/portal/live", "/v1/admin/events", "/v1/webhooks/stripe"]) expect(api).toContain(path);
    expect(api).toContain("SEAT_LIMIT_REACHED");
  });

  it("embed the token-verification snippets exactly as they are tested, and keep the C# one in step with the engine", () => {
    const guide = html(join(DOCS.dir, "integration/index.html"));
    const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
    for (const name of ["verify-license-token.ts", "LicenseTokenVerifier.cs"]) {
      const source = readFileSync(join(root, "site/docs/snippets", name), "utf8");
      const embedded = new RegExp(`<code data-snippet="${name.replace(".", "\\.")}">([\\s\\S]*?)</code>`).exec(guide)?.[1];
      expect(embedded && unescape(embedded), name).toBe(source);
    }
    // The C# verifier cannot be compiled here (it needs BouncyCastle for .NET Framework);
    // its constants and checked claims must match what the engine issues.
    const cs = readFileSync(join(root, "site/docs/snippets/LicenseTokenVerifier.cs"), "utf8");
    expect(cs).toContain(`const string Audience = "${TOKEN_AUDIENCE}";`);
    expect(cs).toContain(`const string TokenType = "${TOKEN_TYPE}";`);
    expect(cs).toContain('const string Algorithm = "EdDSA";');
    for (const claim of ["iss", "aud", "exp", "fp", "sub", "act", "seats", "ent", "iat"]) expect(cs).toContain(`claims["${claim}"]`);
    expect(cs).toContain("Ed25519.Verify(");
  });
});
