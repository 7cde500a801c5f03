// `node scripts/run.mjs <command> [args…]`: what `npm start`, `npm test` and the other
// entry points go through, so that a fresh clone works on a machine whose own Node is
// older than the project needs. It installs the dependencies when they are missing or
// stale (which brings the project's Node), says once which Node is in use, then runs the
// command in a shell whose PATH starts with node_modules/.bin, so every `node`, `vitest`
// and `wrangler` in it (and in what they start) is the project's. A plain
// `node a && node b` chain in package.json would not do: the first run's shell has
// already looked `node` up before the install put the project's one in place.
import { spawnSync } from "node:child_process";
import { ensureDependencies } from "./lib/ensure-deps.mjs";
import { projectEnv, resolveProjectNode } from "./lib/project-node.mjs";

const root = new URL("..", import.meta.url).pathname;
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/run.mjs <command> [args…]");
  process.exit(2);
}
ensureDependencies(root);
const env = projectEnv(root);
if (!process.env.LICENSING_NODE) {
  const node = resolveProjectNode(root);
  console.log(`[setup] Node ${node.version} (${node.own ? "the project's own, from node_modules" : "this machine's"})`);
  env.LICENSING_NODE = node.version;
}
const quote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
const run = spawnSync([command, ...args.map(quote)].join(" "), { cwd: root, stdio: "inherit", shell: true, env });
process.exit(run.status ?? (run.signal ? 1 : 0));
