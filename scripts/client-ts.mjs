// `npm run client:ts -- <command> [options]`: the TypeScript client's command-line
// program (CLIENTS.md). Builds clients/typescript with tsc when a source is newer than
// its build, then runs the program with this process's stdio, passing its exit status
// through. Build output goes to stderr so the last stdout line stays the program's JSON.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const pkg = join(root, "clients", "typescript");
const entry = join(pkg, "dist", "cli", "main.js");

/** Newest modification time of the package's sources and build settings. */
function newestSource(dir = join(pkg, "src")) {
  let newest = Math.max(statSync(join(pkg, "tsconfig.json")).mtimeMs, statSync(join(pkg, "package.json")).mtimeMs);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function fail(code, message) {
  process.stderr.write(`[client:ts] ${message}\n`);
  process.stdout.write(JSON.stringify({ ok: false, code, message }) + "\n", () => process.exit(1));
}

const stale = !existsSync(entry) || statSync(entry).mtimeMs < newestSource();
if (stale) {
  const tsc = join(root, "node_modules", ".bin", "tsc");
  if (!existsSync(tsc)) {
    fail("BUILD_FAILED", "node_modules/.bin/tsc is missing: run npm install (or npm test) first");
  } else {
    const built = spawnSync(tsc, ["-p", pkg], { cwd: root, stdio: ["ignore", process.stderr, process.stderr] });
    if (built.status !== 0) fail("BUILD_FAILED", `tsc -p clients/typescript failed (status ${built.status})`);
    else run();
  }
} else {
  run();
}

function run() {
  const child = spawn(process.execPath, [entry, ...process.argv.slice(2)], { stdio: "inherit" });
  // Ctrl-C reaches the child through the terminal's process group; other signals are relayed.
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + 1 : 1)));
}
