/**
 * Who this machine is, as the licensing API sees it: a fingerprint (the seat's name)
 * and optional components (salted hashes of hardware identifiers, so the server can
 * recognise the same machine after an OS reinstall or a new disk; API.md "Seat
 * policies"). Injectable: an app with better sources, or a test, provides its own.
 */
import { createHash } from "node:crypto";
import { hostname, userInfo } from "node:os";

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

/**
 * Mixed into every hash, so the values sent are useless outside this product. The same
 * salt as the C# library's `MachineIdentity.DefaultSalt`: both identify a computer alike.
 */
export const DEFAULT_COMPONENT_SALT = "chartgpt/machine/v1";

/** Lowercase hex SHA-256 of the UTF-8 text `salt|name|value` (C# `MachineIdentity.Salted`). */
export function hashComponent(salt: string, name: string, rawValue: string): string {
  return createHash("sha256").update(`${salt}|${name}|${rawValue}`, "utf8").digest("hex");
}

/** Serials that boards ship with when the vendor did not fill them in (compared trimmed, lowercase). */
const PLACEHOLDERS = new Set([
  "to be filled by o.e.m.",
  "default string",
  "none",
  "not applicable",
  "not specified",
  "system serial number",
  "base board serial number",
  "chassis serial number",
  "system product name",
  "invalid",
  "unknown",
  "n/a",
  "o.e.m.",
]);

/**
 * .NET's `string.Trim()`: what `char.IsWhiteSpace` accepts, which is JavaScript's `\s` but
 * for U+FEFF (kept) and U+0085 (trimmed); a value with a byte-order mark hashes as in C#.
 */
const DOTNET_SPACE = "[\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const DOTNET_TRIM = new RegExp(`^${DOTNET_SPACE}+|${DOTNET_SPACE}+$`, "g");

/** Trims as C# does (see {@link DOTNET_TRIM}). */
export function trimIdentifier(value: string): string {
  return value.replace(DOTNET_TRIM, "");
}

/** A UTF-16 code unit that .NET's `char.IsLetterOrDigit` accepts (a lone surrogate is neither). */
const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

/**
 * Whether a raw identifier identifies anything: 4 or more characters once trimmed, not a
 * known placeholder, and not one symbol repeated ("0000_0000.", "FFFFFFFF-FFFF-…"), which
 * would make unrelated machines look alike. The C# library's rule, character for character.
 */
export function usableIdentifier(value: string | undefined | null): boolean {
  if (typeof value !== "string") return false;
  const v = trimIdentifier(value);
  if (v.length < 4 || PLACEHOLDERS.has(v.toLowerCase())) return false;
  const symbols = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    const unit = v.charAt(i);
    if (LETTER_OR_DIGIT.test(unit)) symbols.add(unit.toLowerCase());
  }
  return symbols.size > 1;
}

/** What {@link identityFromRaw} computes: the fingerprint and the components (undefined when none). */
export interface RawIdentity {
  fingerprint: string;
  components: Record<string, string> | undefined;
}

/**
 * Builds the identity from raw identifiers, exactly as C#'s `MachineIdentity.FromRaw`
 * (shared vectors: clients/vectors/machine-identity.json):
 * - components: the usable values (trimmed) under valid names, at most 8, the first by
 *   name, each `hashComponent(salt, name, value)`;
 * - fingerprint: `hashComponent(salt, "fingerprint", primary)` where the primary id is
 *   `machine_guid` (Windows) or else `machine_id` (Linux); without one, the components
 *   `name=hash` sorted by name and joined by `|`; without any, `host|user` of
 *   `lastResort` (default: this computer's host name and user name).
 */
export function identityFromRaw(
  raw: Readonly<Record<string, string | undefined>>,
  salt: string = DEFAULT_COMPONENT_SALT,
  lastResort: () => string = hostAndUser,
): RawIdentity {
  const hashed = new Map<string, string>(); // in name order; Object.fromEntries keeps any name as a plain entry
  for (const name of Object.keys(raw).sort()) {
    if (hashed.size === 8) break;
    const value = raw[name];
    if (!COMPONENT_NAME.test(name) || typeof value !== "string" || !usableIdentifier(value)) continue;
    hashed.set(name, hashComponent(salt, name, trimIdentifier(value)));
  }
  const primary = [raw.machine_guid, raw.machine_id].find(usableIdentifier);
  let source: string;
  if (primary !== undefined) source = trimIdentifier(primary);
  else if (hashed.size > 0) source = [...hashed].map(([name, hash]) => `${name}=${hash}`).join("|");
  else source = lastResort();
  return { fingerprint: hashComponent(salt, "fingerprint", source), components: hashed.size > 0 ? Object.fromEntries(hashed) : undefined };
}

/**
 * C#'s `Environment.MachineName + "|" + Environment.UserName` as Node has them; a user
 * name that cannot be read (no password-database entry in some containers, where
 * `os.userInfo()` throws) is taken from the environment, or left empty.
 */
export function hostAndUser(userName: () => string = () => userInfo().username): string {
  let user: string;
  try {
    user = userName();
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? "";
  }
  return `${hostname()}|${user}`;
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
