// Installs dependencies when node_modules is missing or older than package-lock.json.
// Uses only Node built-ins: it runs before anything is installed.
import { execSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function ensureDependencies(root = process.cwd()) {
  const lock = join(root, "package-lock.json");
  const stamp = join(root, "node_modules", ".install-stamp");
  const want = createHash("sha256").update(readFileSync(lock)).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === want) return false;
  console.log("[setup] installing dependencies (npm ci)…");
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 22 || (major === 22 && minor < 12)) {
    console.log(
      `[setup] npm runs on this machine's Node ${process.version} and may warn that tools need a newer one: the install brings the project's own Node, and everything runs on it`,
    );
  }
  execSync("npm ci --no-audit --no-fund", { cwd: root, stdio: "inherit" });
  writeFileSync(stamp, want + "\n");
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDependencies();
