// `npm run release:libraries`: builds the client libraries' downloads and records them in
// site/releases.json under `libraries` (the downloads page lists them with size and
// SHA-256). Upload the files it writes to DOWNLOADS_ORIGIN under the same names.
//
//   dist/downloads/ChartGpt.Licensing-<v>.dll       the C# library (mcs, .NET Framework 4.8)
//   dist/downloads/ChartGpt.Licensing-<v>-src.zip   its sources, for NinjaScript's AddOns folder
//   dist/downloads/chartgpt-license-client-<v>.tgz  the TypeScript package (npm pack)
//
// The entry records the commit it was built from. The three files are reproducible here
// (mcs, npm pack and the zip writer give the same bytes for the same sources and tools),
// so anyone can rebuild a commit and compare the hashes.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildDotnet, dotnet, ensureMono, root } from "./lib/mono.mjs";
import { zip } from "./lib/zip.mjs";

const out = join(root, "dist", "downloads");
const manifestPath = join(root, "site", "releases.json");
const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();

function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

function describe(file, fields) {
  const data = readFileSync(file);
  return { ...fields, file: relative(out, file), size: statSync(file).size, sha256: createHash("sha256").update(data).digest("hex") };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// C#: the DLL as built for the tests and the command line, and the sources as a zip.
ensureMono();
const { lib } = buildDotnet();
const csVersion = /AssemblyVersion\("(\d+\.\d+\.\d+)/.exec(readFileSync(join(dotnet, "src", "AssemblyInfo.cs"), "utf8"))[1];
const dll = join(out, `ChartGpt.Licensing-${csVersion}.dll`);
copyFileSync(lib, dll);
// One folder to drop into Documents\NinjaTrader 8\bin\Custom\AddOns\.
const sources = files(join(dotnet, "src")).filter((f) => f.endsWith(".cs"));
const srcZip = join(out, `ChartGpt.Licensing-${csVersion}-src.zip`);
writeFileSync(
  srcZip,
  zip([
    ...sources.map((f) => ({ name: `ChartGptLicensing/${relative(join(dotnet, "src"), f)}`, data: readFileSync(f) })),
    { name: "ChartGptLicensing/README.md", data: readFileSync(join(dotnet, "README.md")) },
  ]),
);

// TypeScript: a fresh build of dist/, packed as npm would publish it.
const pkgDir = join(root, "clients", "typescript");
execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", pkgDir], { cwd: root, stdio: "inherit" });
const [packed] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: pkgDir, encoding: "utf8" }));
const tsVersion = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version;

// The keys each build pins (kids only): none means a development build, whose apps must
// pass their own (LicenseClientOptions.PinnedKeys / the pinnedKeys option).
const csKids = [...readFileSync(join(dotnet, "src", "Tokens", "ProductKeys.cs"), "utf8").matchAll(/\\"kid\\":\\"([^\\"]+)\\"/g)].map((m) => m[1]);
const tsKids = readFileSync(join(pkgDir, "src", "token", "pinned-keys.ts"), "utf8")
  .split("\n")
  .filter((line) => !line.trim().startsWith("//") && !line.trim().startsWith("*"))
  .flatMap((line) => [...line.matchAll(/kid:\s*"([^"]+)"/g)].map((m) => m[1]));

const changed = git("status", "--porcelain", "--", "clients") !== "";
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
manifest.libraries = {
  note: "Built by `npm run release:libraries`, which writes these files to dist/downloads/ and this section; upload the files to DOWNLOADS_ORIGIN under the same names.",
  date: new Date().toISOString().slice(0, 10),
  commit: git("rev-parse", "--short=12", "HEAD") + (changed ? " with local changes in clients/" : ""),
  builds: [
    describe(dll, {
      name: "ChartGpt.Licensing.dll",
      language: "C#",
      version: csVersion,
      pinned_kids: csKids,
      requires: ".NET Framework 4.8 (NinjaTrader 8); reference System.Numerics and System.Security",
    }),
    describe(srcZip, {
      name: "ChartGpt.Licensing sources",
      language: "C#",
      version: csVersion,
      pinned_kids: csKids,
      requires: "C# 6; unzip into Documents\\NinjaTrader 8\\bin\\Custom\\AddOns\\",
    }),
    describe(join(out, packed.filename), {
      name: "@chartgpt/license-client",
      language: "TypeScript",
      version: tsVersion,
      pinned_kids: tsKids,
      requires: "Node 20 or later (Electron main process); npm install ./" + packed.filename,
    }),
  ],
};
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
for (const b of manifest.libraries.builds) console.log(`${b.file}  ${b.size} bytes  sha256 ${b.sha256}`);
console.log(`recorded in site/releases.json; upload dist/downloads/* to DOWNLOADS_ORIGIN`);
