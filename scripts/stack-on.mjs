// `node scripts/stack-on.mjs --base 28787`: a whole local stack of its own (API on the
// base port, portal +1, site +2, docs +3, support +4) with fresh state in a temporary
// directory, beside a developer's `npm start`. For trying client programs and for test
// runs that must not share ports or state; Ctrl-C stops it and removes the state.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDependencies } from "./lib/ensure-deps.mjs";

const root = new URL("..", import.meta.url).pathname;
const at = process.argv.indexOf("--base");
const base = Number(at > 0 ? process.argv[at + 1] : 28787);
if (!Number.isInteger(base) || base < 1024 || base > 65000) {
  console.error("usage: node scripts/stack-on.mjs --base PORT (1024–65000)");
  process.exit(2);
}
ensureDependencies(root);
const { startStack } = await import("./lib/stack.mjs");
const state = mkdtempSync(join(tmpdir(), `licensing-stack-${base}-`));
const ports = { api: base, portal: base + 1, site: base + 2, docs: base + 3, support: base + 4 };
const stack = await startStack({
  root,
  ports,
  persistTo: join(state, "state"),
  registry: join(state, "registry"),
  inspectorBase: base + 10,
  log: (line) => process.stderr.write(line),
}).catch((err) => {
  console.error(`[stack] ${err.message}`);
  rmSync(state, { recursive: true, force: true });
  process.exit(1);
});
const stop = () => {
  stack.stop();
  setTimeout(() => {
    rmSync(state, { recursive: true, force: true });
    process.exit(0);
  }, 500).unref();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const s of stack.surfaces) console.log(`${s.name.padEnd(8)} ${s.url}`);
console.log("ready");
