/**
 * The two command-line programs of CLIENTS.md, run exactly as an outsider runs them:
 * `node scripts/client-ts.mjs …` and `node scripts/client-dotnet.mjs …` as child
 * processes, from the repository root. Each run's last stdout line must be one JSON
 * object; its exit status must follow the rule 0 ok / 2 definite no / 1 otherwise.
 */
import { spawn } from "node:child_process";
import { expect } from "vitest";
import { csharpState, typescriptState, type StateAdapter } from "./client-state";

const root = new URL("..", import.meta.url).pathname;

export interface ClientProgram {
  name: "typescript" | "dotnet";
  script: string;
  /** How this library lays out its state directory (the tests edit it like an attacker). */
  state: StateAdapter;
}

export const PROGRAMS: ClientProgram[] = [
  { name: "typescript", script: "scripts/client-ts.mjs", state: typescriptState },
  { name: "dotnet", script: "scripts/client-dotnet.mjs", state: csharpState },
];

/** The last stdout line (CLIENTS.md): field names and types as the contract lists them. */
export interface CliOutput {
  ok: boolean;
  code: string;
  valid?: boolean;
  offline?: boolean;
  expires_at?: string;
  activation_id?: string;
  seats?: number;
  seats_used?: number;
  user_code?: string;
  verification_uri?: string;
  rev?: number;
  message?: string;
  [extra: string]: unknown;
}

export interface CliRun {
  status: number;
  out: CliOutput;
  stdout: string;
  stderr: string;
  ms: number;
}

/** An address where nothing listens: "the API cannot be reached". */
export const UNREACHABLE_API = "http://127.0.0.1:9";

/** Output as it comes, for long-running commands (sync-watch). */
export interface Listeners {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export function runClient(program: ClientProgram, args: string[], env: Record<string, string> = {}, listen: Listeners = {}): Promise<CliRun> {
  return startClient(program, args, env, listen).done;
}

export interface RunningClient {
  /** The first stderr line matching `pattern`, as soon as the program prints it. */
  stderrLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  done: Promise<CliRun>;
}

/** A program run that the test can watch while it works (sign-in prints its code, then polls). */
export function startClient(program: ClientProgram, args: string[], env: Record<string, string> = {}, listen: Listeners = {}): RunningClient {
  const started = Date.now();
  const child = spawn(process.execPath, [program.script, ...args], {
    cwd: root,
    env: { ...process.env, LICENSE_CLIENT_NOW: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
    listen.stdout?.(stdout);
  });
  child.stderr.on("data", (d) => {
    stderr += d;
    listen.stderr?.(stderr);
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const stderrLine = async (pattern: RegExp, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = stderr
        .split("\n")
        .map((line) => pattern.exec(line))
        .find((m) => m !== null);
      if (found) return found;
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${program.name}: no stderr line like ${pattern}:\n${stderr}\n--- stdout ---\n${stdout}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { stderrLine, done: exited.then((status) => finished(program, args, status, stdout, stderr, Date.now() - started)) };
}

function finished(program: ClientProgram, args: string[], status: number, stdout: string, stderr: string, ms: number): CliRun {
  const last = stdout.trimEnd().split("\n").at(-1) ?? "";
  let out: CliOutput;
  try {
    out = JSON.parse(last) as CliOutput;
  } catch {
    throw new Error(`${program.name} ${args[0]}: the last stdout line is not JSON (status ${status}):\n${stdout}\n--- stderr ---\n${stderr}`);
  }
  checkShape(out, `${program.name} ${args.join(" ")}\n${stderr}`);
  return { status, out, stdout, stderr, ms };
}

const TYPES: Record<string, string> = {
  ok: "boolean",
  code: "string",
  valid: "boolean",
  offline: "boolean",
  expires_at: "string",
  activation_id: "string",
  seats: "number",
  seats_used: "number",
  user_code: "string",
  verification_uri: "string",
  rev: "number",
  message: "string",
};

/** One JSON object, each contract field of the contract's type, and the exit rule's inputs present. */
function checkShape(out: CliOutput, context: string): void {
  expect(typeof out === "object" && out !== null && !Array.isArray(out), context).toBe(true);
  expect(typeof out.ok, context).toBe("boolean");
  expect(out.code, context).toMatch(/^[A-Z][A-Z0-9_]+$/);
  for (const [field, type] of Object.entries(TYPES)) {
    if (out[field] !== undefined) expect(typeof out[field], `${field} in ${context}`).toBe(type);
  }
  if (out.expires_at !== undefined) expect(Number.isNaN(Date.parse(out.expires_at)), `expires_at ${out.expires_at}`).toBe(false);
}

type Expected = Partial<Pick<CliOutput, "ok" | "code" | "valid" | "offline">> & { code: string; exit: 0 | 1 | 2 };

/**
 * Asserts a run's code and exit status, and that the two agree with the contract's rule:
 * exit 0 exactly when `ok` (and `valid` where present).
 */
export function expectOutcome(run: CliRun, expected: Expected): void {
  const { exit, ...fields } = expected;
  const context = `${JSON.stringify(run.out)}\n--- stderr ---\n${run.stderr}`;
  expect({ ...pick(run.out, Object.keys(fields)), exit: run.status }, context).toEqual({ ...fields, exit });
  expect(run.status === 0, `exit 0 iff ok (and valid): ${context}`).toBe(run.out.ok && run.out.valid !== false);
}

function pick(o: CliOutput, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
