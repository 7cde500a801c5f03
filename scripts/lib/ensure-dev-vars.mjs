// Creates .dev.vars from .dev.vars.example when absent (generating local secrets), and
// adds to an existing one any setting the example gained since, so a pull never leaves
// a developer with a half-configured stack.
import { existsSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { generateDevSecrets, parseDevVars } from "./dev-secrets.mjs";

function fill(name, secrets) {
  if (!(name in secrets)) throw new Error(`.dev.vars.example asks to generate ${name}, which has no generator`);
  return `${name}=${secrets[name]}`;
}

export function ensureDevVars(root = process.cwd()) {
  const target = join(root, ".dev.vars");
  const example = readFileSync(join(root, ".dev.vars.example"), "utf8");
  const secrets = generateDevSecrets();
  if (!existsSync(target)) {
    writeFileSync(
      target,
      example.replace(/^([A-Z0-9_]+)=generate\s*$/gm, (_line, name) => fill(name, secrets)),
      { mode: 0o600 },
    );
    console.log("[setup] created .dev.vars with fresh local secrets");
    return true;
  }
  const have = parseDevVars(readFileSync(target, "utf8"));
  const missing = Object.entries(parseDevVars(example)).filter(([name]) => !(name in have));
  if (missing.length === 0) return false;
  const lines = missing.map(([name, value]) => (value === "generate" ? fill(name, secrets) : `${name}=${value}`));
  appendFileSync(target, `\n# Added by npm start from .dev.vars.example\n${lines.join("\n")}\n`);
  console.log(`[setup] added to .dev.vars: ${missing.map(([n]) => n).join(", ")}`);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDevVars();
