/**
 * The default machine identity on Node: best effort, per platform, from identifiers
 * that survive app reinstalls. Raw values never leave this file: the fingerprint and
 * every component are salted SHA-256 hashes.
 *
 * - Linux: /etc/machine-id (or the D-Bus copy), DMI product UUID and board serial when
 *   readable (they usually need root), the host name.
 * - macOS: IOPlatformUUID and IOPlatformSerialNumber from `ioreg`, the host name.
 * - Windows: MachineGuid from the registry (`reg query`), BIOS and board serials from
 *   `wmic` where it still exists, the host name.
 *
 * When no stable identifier can be read, the fingerprint falls back to the host name
 * and the first hardware address: weaker, but the server's component matching and the
 * seat rules still hold.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { hostname, networkInterfaces } from "node:os";
import { DEFAULT_COMPONENT_SALT, hashComponent, platformName, type MachineIdentity } from "./identity.js";

const COMMAND_TIMEOUT_MS = 3_000;

/** Values that firmware ships when the vendor did not fill them in. */
const PLACEHOLDERS = /^(none|null|default string|to be filled by o\.e\.m\.|system serial number|not specified|not applicable|0+|f+|[0-]+|[f-]+)$/i;

function usable(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && v.length >= 4 && !PLACEHOLDERS.test(v) ? v : undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return usable(await readFile(path, "utf8"));
  } catch {
    return undefined;
  }
}

function run(command: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: COMMAND_TIMEOUT_MS, windowsHide: true }, (err, stdout) => resolve(err ? undefined : String(stdout)));
  });
}

async function ioreg(key: string): Promise<string | undefined> {
  const out = await run("ioreg", ["-rd1", "-c", "IOPlatformExpertDevice"]);
  const m = out === undefined ? null : new RegExp(`"${key}"\\s*=\\s*"([^"]+)"`).exec(out);
  return usable(m?.[1]);
}

async function wmicValue(alias: string, field: string): Promise<string | undefined> {
  const out = await run("wmic", [alias, "get", field, "/value"]);
  const m = out === undefined ? null : new RegExp(`${field}=(.+)`, "i").exec(out);
  return usable(m?.[1]);
}

async function machineGuid(): Promise<string | undefined> {
  const out = await run("reg", ["query", "HKLM\\SOFTWARE\\Microsoft\\Cryptography", "/v", "MachineGuid"]);
  const m = out === undefined ? null : /MachineGuid\s+REG_SZ\s+(\S+)/i.exec(out);
  return usable(m?.[1]);
}

function firstHardwareAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const nic of list ?? []) if (!nic.internal && usable(nic.mac.replace(/:/g, ""))) return nic.mac;
  }
  return undefined;
}

/** Raw identifiers by component name; the first one is the fingerprint's source. */
async function readIdentifiers(platform: NodeJS.Platform): Promise<Array<[string, string | undefined]>> {
  const host = usable(hostname().toLowerCase());
  if (platform === "linux") {
    return [
      ["machine_id", (await readText("/etc/machine-id")) ?? (await readText("/var/lib/dbus/machine-id"))],
      ["product_uuid", await readText("/sys/class/dmi/id/product_uuid")],
      ["board_serial", await readText("/sys/class/dmi/id/board_serial")],
      ["hostname", host],
    ];
  }
  if (platform === "darwin") {
    return [
      ["platform_uuid", await ioreg("IOPlatformUUID")],
      ["serial_number", await ioreg("IOPlatformSerialNumber")],
      ["hostname", host],
    ];
  }
  if (platform === "win32") {
    return [
      ["machine_guid", await machineGuid()],
      ["bios_serial", await wmicValue("bios", "SerialNumber")],
      ["board_serial", await wmicValue("baseboard", "SerialNumber")],
      ["hostname", host],
    ];
  }
  return [["hostname", host]];
}

export interface NodeMachineOptions {
  /** Salt of the component hashes and of the fingerprint (per product). */
  salt?: string;
  platform?: NodeJS.Platform;
}

/** Reads once, lazily; later calls answer from memory. */
export function nodeMachine(options: NodeMachineOptions = {}): MachineIdentity {
  const salt = options.salt ?? DEFAULT_COMPONENT_SALT;
  const platform = options.platform ?? process.platform;
  let read: Promise<{ fingerprint: string; components: Record<string, string> }> | undefined;
  const load = () =>
    (read ??= readIdentifiers(platform).then((ids) => {
      const components: Record<string, string> = {};
      for (const [name, value] of ids) if (value !== undefined) components[name] = hashComponent(salt, name, value);
      const primary = ids[0]?.[0] !== "hostname" ? ids[0]?.[1] : undefined;
      const source = primary ?? `${ids.find(([n]) => n === "hostname")?.[1] ?? "unknown-host"}|${firstHardwareAddress() ?? ""}`;
      return { fingerprint: hashComponent(salt, "fingerprint", source), components };
    }));
  return {
    fingerprint: async () => (await load()).fingerprint,
    components: async () => (await load()).components,
    platform: () => platformName(platform),
  };
}
