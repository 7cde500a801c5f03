/**
 * Who this machine is, as the licensing API sees it: a fingerprint (the seat's name)
 * and optional components (salted hashes of hardware identifiers, so the server can
 * recognise the same machine after an OS reinstall or a new disk; API.md "Seat
 * policies"). Injectable: an app with better sources, or a test, provides its own.
 */
import { createHash } from "node:crypto";

export interface MachineIdentity {
  /** 8–256 printable ASCII characters, stable across restarts of the app. */
  fingerprint(): Promise<string>;
  /** 0–8 entries, names `[a-z0-9_]{1,32}`, values 8–128 printable ASCII (hashes, never raw serials). */
  components(): Promise<Record<string, string>>;
  /** `windows`, `macos`, `linux` or whatever the app wants to show. */
  platform(): string;
}

export const COMPONENT_NAME = /^[a-z0-9_]{1,32}$/;
const PRINTABLE = /^[\x20-\x7E]+$/;

/** Mixed into every hash, so the values sent are useless outside this product. */
export const DEFAULT_COMPONENT_SALT = "chartgpt-license-client/components/v1";

export function hashComponent(salt: string, name: string, rawValue: string): string {
  return createHash("sha256").update(`${salt}\n${name}\n${rawValue}`, "utf8").digest("hex");
}

/** Keeps only what the API accepts: valid names and values, at most 8 entries. */
export function acceptableComponents(components: Record<string, string>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [name, value] of Object.entries(components)) {
    if (n === 8) break;
    if (!COMPONENT_NAME.test(name) || value.length < 8 || value.length > 128 || !PRINTABLE.test(value)) continue;
    out[name] = value;
    n++;
  }
  return n === 0 ? undefined : out;
}

export function isValidFingerprint(fp: string): boolean {
  return fp.length >= 8 && fp.length <= 256 && PRINTABLE.test(fp);
}

export function platformName(platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return "windows";
  if (platform === "darwin") return "macos";
  return platform;
}

/**
 * A machine with a given fingerprint and (by default) no components: for tests and for
 * simulating several machines on one computer, where the real components would make
 * the server treat them all as the same machine.
 */
export function fixedMachine(fingerprint: string, components: Record<string, string> = {}, platform = platformName()): MachineIdentity {
  return {
    fingerprint: () => Promise.resolve(fingerprint),
    components: () => Promise.resolve(components),
    platform: () => platform,
  };
}
