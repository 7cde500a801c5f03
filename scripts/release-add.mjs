// Adds a real build to the site's release manifest: hashes the file, reads its size,
// and writes the entry (newest first) into site/releases.json. Upload the file itself to
// DOWNLOADS_ORIGIN (e.g. an R2 bucket) under the same name.
//
//   npm run release:add -- path/to/ChartGPT-NT8-1.3.0.zip --version 1.3.0 \
//     --ninjatrader "8.1.4 or later" --note "First change" --note "Second change"
import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
const values = (name) => args.flatMap((a, i) => (a === `--${name}` ? [args[i + 1]] : []));
const [version] = values("version");
const notes = values("note");
if (!file || !version || notes.length === 0) {
  console.error('usage: npm run release:add -- <file> --version X.Y.Z [--ninjatrader "8.1.4 or later"] --note "…" [--note "…"]');
  process.exit(2);
}
const manifestPath = new URL("../site/releases.json", import.meta.url);
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
if (manifest.releases.some((r) => r.version === version)) throw new Error(`version ${version} is already in the manifest`);
manifest.releases.unshift({
  version,
  date: new Date().toISOString().slice(0, 10),
  file: basename(file),
  size: statSync(file).size,
  sha256: createHash("sha256").update(readFileSync(file)).digest("hex"),
  ninjatrader: values("ninjatrader")[0] ?? "8.1.2 or later",
  notes,
});
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
console.log(`added ${version} (${basename(file)}) to site/releases.json`);
