import { isAbsolute, relative, resolve } from "node:path";

/**
 * Command-line arguments of the sample program (CLIENTS.md, "The command line"):
 * `<command> [operands] [--api URL] --state DIR [--key KEY] [--fingerprint FP]
 * [--components NAME=VALUE,…] [--name NAME] [--keys FILE]`, options also as `--opt=value`.
 */

export const COMMANDS = ["activate", "validate", "deactivate", "status", "sign-in", "sync-list", "sync-get", "sync-put", "sync-watch"] as const;
export type Command = (typeof COMMANDS)[number];

const OPERANDS: Record<Command, string[]> = {
  activate: [],
  validate: [],
  deactivate: [],
  status: [],
  "sign-in": [],
  "sync-list": [],
  "sync-get": ["NAME"],
  "sync-put": ["NAME", "FILE"],
  "sync-watch": [],
};

const OPTIONS = ["api", "state", "key", "fingerprint", "components", "name", "keys", "base-rev", "seconds"] as const;
type OptionName = (typeof OPTIONS)[number];

export interface CliArgs {
  command: Command;
  operands: string[];
  api: string;
  state: string;
  key: string | undefined;
  fingerprint: string | undefined;
  /** Raw identifiers of a simulated machine (with --fingerprint), hashed before they are sent. */
  components: Record<string, string> | undefined;
  name: string | undefined;
  keys: string | undefined;
  /** sync-put: the revision to write over, instead of the one this machine last saw. */
  baseRev: number | undefined;
  /** sync-watch: how long to follow the live feed. */
  seconds: number;
}

export const DEFAULT_API = "http://127.0.0.1:8787";

export const USAGE =
  `usage: license-client <${COMMANDS.join("|")}> [NAME [FILE]] --state DIR ` +
  `[--api URL] [--key KEY] [--fingerprint FP [--components NAME=VALUE,…]] [--name NAME] [--keys JWKS_FILE] [--base-rev N] [--seconds N]`;

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliArgs {
  const values: Partial<Record<OptionName, string>> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = (eq === -1 ? arg.slice(2) : arg.slice(2, eq)) as OptionName;
    if (!OPTIONS.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    values[name] = value;
  }
  const [command, ...operands] = positional;
  if (command === undefined) throw new UsageError("no command given");
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command ${command}`);
  const wanted = OPERANDS[command as Command];
  if (operands.length !== wanted.length) throw new UsageError(`${command} takes ${wanted.length ? wanted.join(" ") : "no operands"}`);
  if (!values.state) throw new UsageError("--state DIR is required");
  if (values.keys !== undefined && isInside(values.keys, values.state)) {
    // The state directory is writable by whoever uses the machine: a key set there may
    // have been planted to bless a self-signed token. Pinned keys come from elsewhere.
    throw new UsageError("--keys must not point into the state directory");
  }
  const baseRev = values["base-rev"];
  if (baseRev !== undefined && !/^\d{1,15}$/.test(baseRev)) throw new UsageError("--base-rev must be a revision number");
  const seconds = values.seconds ?? "10";
  if (!/^\d{1,6}$/.test(seconds)) throw new UsageError("--seconds must be a whole number");
  // Components describe the simulated machine of --fingerprint; alone they would mix a
  // made-up machine with this computer's real fingerprint.
  if (values.components !== undefined && values.fingerprint === undefined) throw new UsageError("--components needs --fingerprint");
  const components = values.components === undefined ? undefined : parseComponents(values.components);
  const api = values.api ?? DEFAULT_API;
  try {
    new URL(api);
  } catch {
    throw new UsageError(`--api ${api} is not a URL`);
  }
  return {
    command: command as Command,
    operands,
    api,
    state: values.state,
    key: values.key,
    fingerprint: values.fingerprint,
    components,
    name: values.name,
    keys: values.keys,
    baseRev: baseRev === undefined ? undefined : Number(baseRev),
    seconds: Number(seconds),
  };
}

/** `machine_guid=abc,disk_serial=def`: what a reinstall keeps and changes, for tests and demos. */
function parseComponents(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (eq <= 0 || value === "" || !/^[a-z0-9_]{1,32}$/.test(name))
      throw new UsageError(`--components takes NAME=VALUE pairs separated by commas, not "${pair}"`);
    out[name] = value;
  }
  return out;
}

function isInside(file: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

/** LICENSE_CLIENT_NOW (tests only): an ISO time that replaces the local clock. */
export function clockFromEnv(value: string | undefined): (() => Date) | undefined {
  if (value === undefined || value === "") return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`LICENSE_CLIENT_NOW=${value} is not an ISO time`);
  return () => new Date(ms);
}
