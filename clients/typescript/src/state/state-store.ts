/**
 * The client's state directory: one file with the license key, the token, the API it
 * came from and the clock high-water mark. Written atomically (temp file + rename, so a
 * crash leaves the old or the new file, never half of one), created 0600 in a 0700
 * directory. Every field but the token is covered by a checksum: a file that is
 * corrupted or edited by hand reads as "no state", never as valid. The token needs no
 * checksum: its own signature is checked against the pinned keys, and an edited token
 * fails that check (OFFLINE_TOKEN_INVALID).
 *
 * Nothing else in the directory is ever read: a key set planted there is ignored.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";

export const STATE_FILE = "license-state.json";
const FORMAT = 1;

export interface ClientState {
  /** Origin of the API the token was obtained from: the issuer it must name. */
  api: string;
  licenseKey: string | null;
  token: string | null;
  /** Clock high-water mark, epoch seconds. */
  highWater: number;
  /** The definite "no" that dropped the token (e.g. REVOKED), reported until a new activation. */
  finalCode: string | null;
  /** Last revision this machine saw of each synced document (the base of its next write). */
  syncRevs: Record<string, number>;
}

export type LoadedState = { kind: "ok"; state: ClientState } | { kind: "none" } | { kind: "corrupt"; reason: string };

function checksum(s: ClientState): string {
  const revs = Object.keys(s.syncRevs)
    .sort()
    .map((name) => [name, s.syncRevs[name]]);
  const covered = JSON.stringify([FORMAT, s.api, s.licenseKey, s.highWater, s.finalCode, revs]);
  return createHash("sha256").update(`chartgpt-license-state\n${covered}`).digest("hex");
}

const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === "string";

function parse(text: string): LoadedState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: "corrupt", reason: "state file is not JSON" };
  }
  if (typeof raw !== "object" || raw === null) return { kind: "corrupt", reason: "state file is not an object" };
  const r = raw as Record<string, unknown>;
  if (r.format !== FORMAT) return { kind: "corrupt", reason: "unknown state format" };
  const revs = r.sync_revs;
  if (
    typeof r.api !== "string" ||
    !isStringOrNull(r.license_key) ||
    !isStringOrNull(r.token) ||
    typeof r.high_water !== "number" ||
    !Number.isFinite(r.high_water) ||
    !isStringOrNull(r.final_code) ||
    typeof revs !== "object" ||
    revs === null ||
    Array.isArray(revs) ||
    !Object.values(revs).every((v) => Number.isInteger(v) && (v as number) >= 0) ||
    typeof r.check !== "string"
  ) {
    return { kind: "corrupt", reason: "state file fields are missing or of the wrong type" };
  }
  const state: ClientState = {
    api: r.api,
    licenseKey: r.license_key,
    token: r.token,
    highWater: r.high_water,
    finalCode: r.final_code,
    syncRevs: { ...(revs as Record<string, number>) },
  };
  if (checksum(state) !== r.check) return { kind: "corrupt", reason: "state file was edited or corrupted" };
  return { kind: "ok", state };
}

export class StateStore {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = join(dir, STATE_FILE);
  }

  async load(): Promise<LoadedState> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { kind: "none" };
      return { kind: "corrupt", reason: `state file cannot be read: ${(err as Error).message}` };
    }
    return parse(text);
  }

  async save(state: ClientState): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const body = JSON.stringify(
      {
        format: FORMAT,
        api: state.api,
        license_key: state.licenseKey,
        high_water: state.highWater,
        final_code: state.finalCode,
        sync_revs: state.syncRevs,
        check: checksum(state),
        token: state.token,
      },
      null,
      2,
    );
    const temp = join(this.dir, `.${STATE_FILE}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      // 'wx': never follow or reuse a file someone placed under the temp name.
      const handle = await open(temp, "wx", 0o600);
      try {
        await handle.writeFile(body + "\n", "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
