// Creates .dev.vars from .dev.vars.example when absent, generating local secrets.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateDevSecrets } from "./dev-secrets.mjs";

export function ensureDevVars(root = process.cwd()) {
  const target = join(root, ".dev.vars");
  if (existsSync(target)) return false;
  const secrets = generateDevSecrets();
  const text = readFileSync(join(root, ".dev.vars.example"), "utf8").replace(
    /^([A-Z0-9_]+)=generate\s*$/gm,
    (line, name) => {
      if (!(name in secrets)) throw new Error(`.dev.vars.example asks to generate ${name}, which has no generator`);
      return `${name}=${secrets[name]}`;
    },
  );
  writeFileSync(target, text, { mode: 0o600 });
  console.log("[setup] created .dev.vars with fresh local secrets");
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDevVars();
