// The project brings its own Node: the `node-<platform>-<arch>` packages from the npm
// registry (package.json, optionalDependencies) put a pinned Node 24 LTS first on PATH
// inside every `npm run` script. Wrangler and the Workers test plugin need Node ≥ 22.12,
// while a fresh machine may have only an older one (Node 20 reached end of life on
// 2026-04-30). Only Node built-ins here: this runs before anything is installed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

const MINIMUM = [22, 12];

export function isSupported(version) {
  const [major, minor] = version.replace(/^v/, "").split(".").map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

/** The environment of a command run with the project's tools (and so its Node) first, as inside `npm run`. */
export function projectEnv(root, base = process.env) {
  return { ...base, PATH: [join(root, "node_modules", ".bin"), base.PATH ?? ""].join(delimiter) };
}

/**
 * The Node that commands run with `projectEnv` get: its version and whether it is the
 * project's own. Exits with a clear message when it is too old (a platform for which the
 * registry has no Node build, on a machine whose own Node is older than required).
 */
export function resolveProjectNode(root) {
  const own = existsSync(join(root, "node_modules", ".bin", process.platform === "win32" ? "node.cmd" : "node"));
  const probe = spawnSync("node", ["--version"], { env: projectEnv(root), encoding: "utf8", shell: process.platform === "win32" });
  const version = (probe.stdout ?? "").trim();
  if (!version || !isSupported(version)) {
    console.error(
      `[setup] Node ${version || "(not found)"} is too old: this project needs Node ≥ ${MINIMUM.join(".")}, and the npm registry ` +
        `has no Node build for ${process.platform}-${process.arch} in package.json's optionalDependencies. Install Node 24 LTS and run the command again.`,
    );
    process.exit(1);
  }
  return { version, own };
}
