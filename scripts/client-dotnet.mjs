// `npm run client:dotnet -- <command> [options]`: the C# client's command line
// (clients/dotnet/, CLIENTS.md). Installs Debian's mono-devel when `mcs` is missing,
// rebuilds with `mcs` only when a source is newer than its output, then runs
// `mono bin/chartgpt-license.exe` with stdio and the exit status passed through.
import { spawnSync } from "node:child_process";
import { buildDotnet, ensureMono } from "./lib/mono.mjs";

try {
  ensureMono();
  const { cli } = buildDotnet();
  const r = spawnSync("mono", [cli, ...process.argv.slice(2)], { stdio: "inherit" });
  if (r.error) throw r.error;
  process.exit(r.status ?? 1);
} catch (err) {
  console.error(`[dotnet] ${err.message}`);
  // Keep the CLI contract even when the toolchain fails: the last stdout line is JSON.
  console.log(JSON.stringify({ ok: false, code: "BUILD_FAILED", message: err.message }));
  process.exit(1);
}
