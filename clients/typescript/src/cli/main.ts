#!/usr/bin/env node
/**
 * The sample command-line program (CLIENTS.md): what outsiders use to test the library.
 * It uses only the library's public API. Progress goes to stderr; the last line of
 * stdout is one JSON object.
 */
import { readFile } from "node:fs/promises";
import { LicenseClient, PINNED_KEYS, SyncError, fixedMachine, identityFromRaw, readPinnedKeysFile, type LicenseClientOptions } from "../index.js";
import { USAGE, UsageError, clockFromEnv, parseArgs, type CliArgs } from "./args.js";
import { exitStatus, fromLicenseResult, type CliOutput } from "./output.js";

const LICENSE_COMMANDS = new Set(["activate", "validate", "deactivate", "status", "sign-in"]);

async function buildClient(args: CliArgs): Promise<LicenseClient> {
  const now = clockFromEnv(process.env.LICENSE_CLIENT_NOW);
  const options: LicenseClientOptions = {
    apiUrl: args.api,
    stateDir: args.state,
    // --keys pins a developer-chosen JWKS for this run (a local stack's generated keys).
    pinnedKeys: args.keys ? await readPinnedKeysFile(args.keys) : PINNED_KEYS,
    // A fingerprint given on the command line simulates another machine: the real
    // hardware components would tell the server it is this one, so only the simulated
    // machine's (--components) are sent, hashed as the library hashes real ones (the
    // C# program's MachineIdentity.FromRaw: placeholders dropped, at most 8).
    ...(args.fingerprint !== undefined ? { machine: fixedMachine(args.fingerprint, simulatedComponents(args.components)) } : {}),
    ...(args.name !== undefined ? { machineName: args.name } : {}),
    ...(now ? { now } : {}),
    appVersion: "license-client-cli/0.1.0",
  };
  return new LicenseClient(options);
}

function simulatedComponents(raw: Record<string, string> | undefined): Record<string, string> {
  return raw === undefined ? {} : (identityFromRaw(raw, undefined, () => "").components ?? {});
}

/** A file's JSON value; text that is not JSON is stored as a JSON string. */
async function readDocumentFile(path: string): Promise<{ data: unknown; note?: string }> {
  const text = await readFile(path, "utf8");
  try {
    return { data: JSON.parse(text) as unknown };
  } catch {
    return { data: text, note: `${path} is not JSON; stored as a string` };
  }
}

/**
 * Writes the file over the revision this machine last read or wrote of the document
 * (or `--base-rev`). Someone else's write since is reported as REVISION_CONFLICT with
 * the current revision, never overwritten: `sync-get` shows it (and makes it the base),
 * then `sync-put` again writes over it.
 */
async function syncPut(client: LicenseClient, name: string, file: string, baseRev: number | undefined): Promise<CliOutput> {
  const { data, note } = await readDocumentFile(file);
  const base = baseRev ?? (await client.lastSeenRevision(name));
  process.stderr.write(`writing ${name} over revision ${base}\n`);
  const written = await client.putDocument(name, data, base);
  return { ok: true, code: "OK", name, rev: written.rev, ...(note ? { message: note } : {}) };
}

/**
 * Follows the live feed for `seconds`: each event is printed as a JSON line as it comes,
 * and the last line lists them all. Ends early (ok: false) when the feed stops for good
 * (the machine may no longer sync, or there is no stored token).
 */
async function syncWatch(client: LicenseClient, seconds: number): Promise<CliOutput> {
  const events: Record<string, unknown>[] = [];
  const subscription = client.subscribe(
    (e) => {
      const event = { type: e.type, name: e.name, rev: e.rev, deleted: e.deleted, updated_by: e.updatedBy };
      events.push(event);
      process.stdout.write(`${JSON.stringify(event)}\n`);
    },
    { onStatus: (status) => process.stderr.write(`live feed: ${status.state}${"reason" in status ? ` (${status.reason})` : ""}\n`) },
  );
  const timer = setTimeout(() => subscription.close(), seconds * 1000);
  const stopped = await subscription.stopped;
  clearTimeout(timer);
  if (stopped.code === "CLOSED") return { ok: true, code: "OK", events };
  return { ok: false, code: stopped.code, message: stopped.reason, events };
}

async function run(args: CliArgs): Promise<CliOutput> {
  const client = await buildClient(args);
  const name = args.operands[0] ?? "";
  switch (args.command) {
    case "activate":
      return fromLicenseResult(await client.activate(args.key, args.name !== undefined ? { name: args.name } : {}));
    case "validate":
      return fromLicenseResult(await client.validate());
    case "deactivate":
      return fromLicenseResult(await client.deactivate());
    case "status":
      return fromLicenseResult(await client.status());
    case "sign-in": {
      const result = await client.signIn(
        (code) => {
          process.stderr.write(`Open ${code.verificationUri} and enter ${code.userCode}\n`);
        },
        args.name !== undefined ? { name: args.name } : {},
      );
      return fromLicenseResult(result);
    }
    case "sync-list": {
      const documents = await client.listDocuments();
      return {
        ok: true,
        code: "OK",
        documents: documents.map((d) => ({ name: d.name, rev: d.rev, size: d.size, updated_at: d.updatedAt, updated_by: d.updatedBy })),
      };
    }
    case "sync-get": {
      const doc = await client.getDocument(name);
      if (!doc) return { ok: false, code: "NOT_FOUND", message: `no document named ${name}` };
      return { ok: true, code: "OK", name, rev: doc.rev, data: doc.data, updated_at: doc.updatedAt, updated_by: doc.updatedBy };
    }
    case "sync-put":
      return syncPut(client, name, args.operands[1] ?? "", args.baseRev);
    case "sync-watch":
      return syncWatch(client, args.seconds);
  }
}

function finish(output: CliOutput, status: number): void {
  // Exit only once stdout is flushed (a pipe may take the line asynchronously).
  process.stdout.write(JSON.stringify(output) + "\n", () => process.exit(status));
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
    clockFromEnv(process.env.LICENSE_CLIENT_NOW);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${USAGE}\n`);
    return finish({ ok: false, code: "USAGE", message: err.message }, 1);
  }
  let output: CliOutput;
  try {
    output = await run(args);
  } catch (err) {
    if (err instanceof SyncError)
      output = { ok: false, code: err.code, message: err.message, ...(err.currentRev !== undefined ? { rev: err.currentRev } : {}) };
    else output = { ok: false, code: "CLIENT_ERROR", message: err instanceof Error ? err.message : String(err) };
  }
  finish(output, exitStatus(output, LICENSE_COMMANDS.has(args.command)));
}

void main();
