/**
 * The default machine identity on Node: the C# library's scheme (MachineIdentity.cs), so
 * an Electron app and a NinjaTrader add-on on one computer are the same machine to the
 * API. Raw values never leave this file: the fingerprint and every component are salted
 * SHA-256 hashes ({@link identityFromRaw}).
 *
 * - Windows: `machine_guid` (registry MachineGuid, 64-bit view, `reg query … /reg:64`),
 *   and through PowerShell's `Get-CimInstance` `bios_serial` (Win32_BIOS), `board_serial`
 *   (Win32_BaseBoard), `cpu_id` (Win32_Processor.ProcessorId) and `disk_serial` (the disk
 *   drive holding %SystemDrive%: logical disk → partition → drive). When PowerShell fails
 *   or has no CIM cmdlets, `wmic` gives the first three where it still exists.
 * - Linux (and any other Unix but macOS): `machine_id` (/etc/machine-id, else
 *   /var/lib/dbus/machine-id), `product_uuid`, `board_serial`, `product_serial`,
 *   `chassis_serial` (/sys/class/dmi/id/, usually readable by root only).
 * - macOS: `platform_uuid` and `serial_number` (IOPlatformUUID and IOPlatformSerialNumber
 *   from `ioreg`); there is no primary id, so the fingerprint hashes both components.
 *
 * Every command runs with a timeout and no window; whatever fails is left out. Without any
 * usable identifier the fingerprint is the host name and user name's.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { DEFAULT_COMPONENT_SALT, identityFromRaw, platformName, trimIdentifier, type MachineIdentity } from "./identity.js";

const COMMAND_TIMEOUT_MS = 5_000;
/** PowerShell's own start can take seconds on a cold, slow machine. */
const POWERSHELL_TIMEOUT_MS = 15_000;

/** Where raw identifiers come from; tests replace it to run the Windows or Linux logic anywhere. */
export interface RawSources {
  /** A command's standard output, or undefined when it is missing, fails (exit status ≠ 0) or times out. */
  run(command: string, args: readonly string[], timeoutMs: number): Promise<string | undefined>;
  /** A file's text, or undefined when it cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /** Environment variables (SystemRoot, SystemDrive on Windows). */
  env: Readonly<Record<string, string | undefined>>;
}

/** The real sources: child processes (hidden window, timeout) and files. */
export const nodeSources: RawSources = {
  run: (command, args, timeoutMs) =>
    new Promise((resolve) => {
      try {
        execFile(command, [...args], { timeout: timeoutMs, windowsHide: true, encoding: "utf8" }, (err, stdout) => resolve(err ? undefined : stdout));
      } catch {
        resolve(undefined);
      }
    }),
  readText: async (path) => {
    try {
      return await readFile(path, "utf8");
    } catch {
      return undefined;
    }
  },
  env: process.env,
};

/** Raw identifiers of this computer by component name (nothing hashed yet: keep them in memory only). */
export async function readRawIdentifiers(platform: NodeJS.Platform = process.platform, sources: RawSources = nodeSources): Promise<Record<string, string>> {
  if (platform === "win32") return windowsIdentifiers(sources);
  if (platform === "darwin") return macIdentifiers(sources);
  return unixIdentifiers(sources);
}

// ---------------------------------------------------------------- Windows

/** `reg query` of the MachineGuid in the 64-bit view (a 32-bit Node would otherwise read WOW6432Node). */
export const REG_QUERY_ARGS = ["query", "HKLM\\SOFTWARE\\Microsoft\\Cryptography", "/v", "MachineGuid", "/reg:64"] as const;

/** The MachineGuid in `reg query` output ("    MachineGuid    REG_SZ    4c4c4544-…"). */
export function parseRegQuery(stdout: string): string | undefined {
  const m = /^\s*MachineGuid\s+REG_SZ\s+(.*?)\s*$/im.exec(stdout.replace(/\0/g, ""));
  return m?.[1] ? m[1] : undefined;
}

/**
 * Prints `name=u1,u2,…` (the value's UTF-16 code units in decimal) per identifier found,
 * so no console code page can alter a value and nothing but core types is used (it also
 * runs in Constrained Language Mode). Exits 3 without the CIM cmdlets (PowerShell 2).
 * The first non-blank value per class, as the C# library's WMI queries take it.
 */
export const WINDOWS_CIM_SCRIPT = [
  "$ErrorActionPreference = 'SilentlyContinue'",
  "if (-not (Get-Command Get-CimInstance)) { exit 3 }",
  "function Emit($name, $values) {",
  "  foreach ($v in @($values)) {",
  '    $s = "$v".Trim()',
  "    if ($null -ne $v -and $s -ne '') { Write-Output ($name + '=' + (($s.ToCharArray() | ForEach-Object { [int]$_ }) -join ',')); return }",
  "  }",
  "}",
  "Emit 'bios_serial' (Get-CimInstance -ClassName Win32_BIOS).SerialNumber",
  "Emit 'board_serial' (Get-CimInstance -ClassName Win32_BaseBoard).SerialNumber",
  "Emit 'cpu_id' (Get-CimInstance -ClassName Win32_Processor).ProcessorId",
  "$drive = if ($env:SystemDrive) { $env:SystemDrive.TrimEnd('\\') } else { 'C:' }",
  "$disks = Get-CimInstance -ClassName Win32_LogicalDisk -Filter \"DeviceID='$drive'\" |",
  "  Get-CimAssociatedInstance -ResultClassName Win32_DiskPartition |",
  "  Get-CimAssociatedInstance -ResultClassName Win32_DiskDrive",
  "Emit 'disk_serial' $disks.SerialNumber",
].join("\n");

/** powershell.exe arguments running {@link WINDOWS_CIM_SCRIPT} (-EncodedCommand: no quoting through the command line). */
export function powershellArgs(script: string = WINDOWS_CIM_SCRIPT): string[] {
  return ["-NoLogo", "-NoProfile", "-NonInteractive", "-EncodedCommand", Buffer.from(script, "utf16le").toString("base64")];
}

const CIM_NAMES = new Set(["bios_serial", "board_serial", "cpu_id", "disk_serial"]);

/** The identifiers in the output of {@link WINDOWS_CIM_SCRIPT}; lines that are not `name=codes` are ignored. */
export function parseCimOutput(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s*([a-z_]+)=(\d{1,5}(?:,\d{1,5})*)\s*$/.exec(line);
    if (!m || !CIM_NAMES.has(m[1]!) || m[1]! in out) continue;
    const codes = m[2]!.split(",").map(Number);
    if (codes.some((c) => c > 0xffff)) continue;
    const value = trimIdentifier(String.fromCharCode(...codes));
    if (value !== "") out[m[1]!] = value;
  }
  return out;
}

/** What `wmic` gives when PowerShell cannot (the system disk's serial is left out). */
export const WMIC_QUERIES = [
  ["bios_serial", ["bios", "get", "SerialNumber", "/value"]],
  ["board_serial", ["baseboard", "get", "SerialNumber", "/value"]],
  ["cpu_id", ["cpu", "get", "ProcessorId", "/value"]],
] as const;

/** The first non-blank `Field=value` of `wmic … get Field /value` output. */
export function parseWmicValue(stdout: string, field: string): string | undefined {
  for (const line of stdout.replace(/\0/g, "").split(/\r*\n/)) {
    const eq = line.indexOf("=");
    if (eq <= 0 || line.slice(0, eq).trim().toLowerCase() !== field.toLowerCase()) continue;
    const value = trimIdentifier(line.slice(eq + 1));
    if (value !== "") return value;
  }
  return undefined;
}

async function windowsIdentifiers(sources: RawSources): Promise<Record<string, string>> {
  const system32 = `${(sources.env.SystemRoot ?? sources.env.windir ?? "C:\\Windows").replace(/\\+$/, "")}\\System32`;
  const reg = `${system32}\\reg.exe`;
  const [guid, cim] = await Promise.all([
    // 32-bit Windows knows no /reg:64 view: the plain query then reads the only one.
    sources.run(reg, REG_QUERY_ARGS, COMMAND_TIMEOUT_MS).then((out) => out ?? sources.run(reg, REG_QUERY_ARGS.slice(0, -1), COMMAND_TIMEOUT_MS)),
    sources.run(`${system32}\\WindowsPowerShell\\v1.0\\powershell.exe`, powershellArgs(), POWERSHELL_TIMEOUT_MS),
  ]);
  const raw: Record<string, string> = {};
  const machineGuid = guid === undefined ? undefined : parseRegQuery(guid);
  if (machineGuid !== undefined) raw.machine_guid = machineGuid;
  const fromCim = cim === undefined ? {} : parseCimOutput(cim);
  if (Object.keys(fromCim).length > 0) return { ...raw, ...fromCim };
  const wmic = `${system32}\\wbem\\WMIC.exe`;
  const answers = await Promise.all(WMIC_QUERIES.map(([, args]) => sources.run(wmic, args, COMMAND_TIMEOUT_MS)));
  WMIC_QUERIES.forEach(([name, args], i) => {
    const value = answers[i] === undefined ? undefined : parseWmicValue(answers[i], args[2]);
    if (value !== undefined) raw[name] = value;
  });
  return raw;
}

// ---------------------------------------------------------------- Linux and other Unix

/** The C# library's files: the first readable, non-blank path per name. */
export const UNIX_FILES = [
  ["machine_id", ["/etc/machine-id", "/var/lib/dbus/machine-id"]],
  ["product_uuid", ["/sys/class/dmi/id/product_uuid"]],
  ["board_serial", ["/sys/class/dmi/id/board_serial"]],
  ["product_serial", ["/sys/class/dmi/id/product_serial"]],
  ["chassis_serial", ["/sys/class/dmi/id/chassis_serial"]],
] as const;

async function unixIdentifiers(sources: RawSources): Promise<Record<string, string>> {
  const raw: Record<string, string> = {};
  for (const [name, paths] of UNIX_FILES) {
    for (const path of paths) {
      const text = await sources.readText(path);
      const value = text === undefined ? "" : trimIdentifier(text);
      if (value !== "") {
        raw[name] = value;
        break;
      }
    }
  }
  return raw;
}

// ---------------------------------------------------------------- macOS

/** A quoted property of `ioreg -rd1 -c IOPlatformExpertDevice` output (`"IOPlatformUUID" = "…"`). */
export function parseIoreg(stdout: string, key: string): string | undefined {
  const m = new RegExp(`"${key}"\\s*=\\s*"([^"]*)"`).exec(stdout);
  const value = m?.[1] === undefined ? "" : trimIdentifier(m[1]);
  return value === "" ? undefined : value;
}

async function macIdentifiers(sources: RawSources): Promise<Record<string, string>> {
  const out = await sources.run("/usr/sbin/ioreg", ["-rd1", "-c", "IOPlatformExpertDevice"], COMMAND_TIMEOUT_MS);
  const raw: Record<string, string> = {};
  const uuid = out === undefined ? undefined : parseIoreg(out, "IOPlatformUUID");
  const serial = out === undefined ? undefined : parseIoreg(out, "IOPlatformSerialNumber");
  if (uuid !== undefined) raw.platform_uuid = uuid;
  if (serial !== undefined) raw.serial_number = serial;
  return raw;
}

// ---------------------------------------------------------------- the identity

export interface NodeMachineOptions {
  /** Salt of the component hashes and of the fingerprint: per product, never per release (C#'s must be the same). */
  salt?: string;
  platform?: NodeJS.Platform;
  /** Where raw identifiers are read (default {@link nodeSources}). */
  sources?: RawSources;
}

/** Reads once, lazily; later calls answer from memory. */
export function nodeMachine(options: NodeMachineOptions = {}): MachineIdentity {
  const salt = options.salt ?? DEFAULT_COMPONENT_SALT;
  const platform = options.platform ?? process.platform;
  let read: Promise<{ fingerprint: string; components: Record<string, string> }> | undefined;
  const load = () =>
    (read ??= readRawIdentifiers(platform, options.sources).then((raw) => {
      const identity = identityFromRaw(raw, salt);
      return { fingerprint: identity.fingerprint, components: identity.components ?? {} };
    }));
  return {
    fingerprint: async () => (await load()).fingerprint,
    components: async () => (await load()).components,
    platform: () => platformName(platform),
  };
}
