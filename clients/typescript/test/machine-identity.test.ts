/**
 * The machine identity: the shared vectors (clients/vectors/machine-identity.json, also
 * read by the C# tests) and the per-platform readers with made-up command outputs and
 * files, so the Windows and Linux logic runs on any machine.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { DEFAULT_COMPONENT_SALT, hashComponent, hostAndUser, identityFromRaw, usableIdentifier } from "../src/machine/identity.js";
import {
  nodeMachine,
  nodeSources,
  parseCimOutput,
  parseIoreg,
  parseRegQuery,
  parseWmicValue,
  powershellArgs,
  readRawIdentifiers,
  WINDOWS_CIM_SCRIPT,
  type RawSources,
} from "../src/machine/node-machine.js";

interface VectorCase {
  name: string;
  salt?: string;
  raw: Record<string, string>;
  fingerprint: string | null;
  last_resort?: boolean;
  components: Record<string, string> | null;
}
const vectors = JSON.parse(readFileSync(new URL("../../vectors/machine-identity.json", import.meta.url), "utf8")) as {
  default_salt: string;
  cases: VectorCase[];
};
const byName = (name: string) => vectors.cases.find((c) => c.name === name)!;
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("shared vectors (the C# tests read the same file)", () => {
  it("has the default salt of both libraries and the cases the scheme needs", () => {
    expect(vectors.default_salt).toBe(DEFAULT_COMPONENT_SALT);
    expect(vectors.cases.length).toBeGreaterThanOrEqual(10);
    expect(vectors.cases.some((c) => c.last_resort)).toBe(true);
    expect(vectors.cases.some((c) => c.salt !== undefined)).toBe(true);
    expect(vectors.cases.some((c) => Object.keys(c.raw).length > 8)).toBe(true);
  });

  for (const c of vectors.cases) {
    it(c.name, () => {
      const salt = c.salt ?? vectors.default_salt;
      const id = identityFromRaw(c.raw, salt);
      expect(id.components ?? null).toEqual(c.components);
      // Sorted by name, as C#'s SortedDictionary gives them.
      expect(Object.keys(id.components ?? {})).toEqual(Object.keys(c.components ?? {}).sort());
      if (c.last_resort) expect(id.fingerprint).toBe(sha256(`${salt}|fingerprint|${hostname()}|${userInfo().username}`));
      else expect(id.fingerprint).toBe(c.fingerprint);
    });
  }

  it("does not depend on the order of the raw map", () => {
    const c = byName("more than 8");
    const reversed = Object.fromEntries(Object.entries(c.raw).reverse());
    expect(identityFromRaw(reversed)).toEqual(identityFromRaw(c.raw));
  });
});

describe("identityFromRaw", () => {
  it("hashes salt|name|value", () => {
    expect(hashComponent("s", "n", "v")).toBe(sha256("s|n|v"));
  });

  it("drops placeholders as the C# library does", () => {
    for (const v of ["To be filled by O.E.M.", " default string ", "NONE", "0", "abc", "0000-0000", "FFFF_ffff.", "-_-_-", "ÄÄää", "", "   ", undefined, null])
      expect(usableIdentifier(v), String(v)).toBe(false);
    for (const v of ["0A0A", "5CG1234XYZ", "Mâchine-Ä1234", "\uFEFFAB12"]) expect(usableIdentifier(v), v).toBe(true);
  });

  it("falls back to host and user name, also when the user name cannot be read", () => {
    expect(identityFromRaw({}, "salt", () => "host|user")).toEqual({ fingerprint: sha256("salt|fingerprint|host|user"), components: undefined });
    expect(hostAndUser(() => "someone")).toBe(`${hostname()}|someone`);
    const thrower = () => {
      throw new Error("uv_os_get_passwd returned ENOENT");
    };
    expect(hostAndUser(thrower)).toBe(`${hostname()}|${process.env.USER ?? process.env.USERNAME ?? ""}`);
  });
});

// ------------------------------------------------------------------ readers

const REG_OUTPUT = "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\r\n    MachineGuid    REG_SZ    4c4c4544-0042-3510-8052-b4c04f4a4e32\r\n\r\n";
const codes = (s: string) => [...s].map((ch) => ch.charCodeAt(0)).join(",");
const CIM_OUTPUT = [
  `bios_serial=${codes("5CG1234XYZ")}`,
  `board_serial=${codes("/7XJ2K13/CNWS2008A100AH/")}`,
  `cpu_id=${codes("BFEBFBFF000906EA")}`,
  `disk_serial=${codes("S4EWNX0R123456K")}`,
  "",
].join("\r\n");

interface Call {
  command: string;
  args: readonly string[];
  timeoutMs: number;
}

/** Sources answering from a table: command basename (lowercase) → stdout or undefined (failure). */
function fakeSources(answers: Record<string, (args: readonly string[]) => string | undefined>, files: Record<string, string> = {}) {
  const calls: Call[] = [];
  const sources: RawSources = {
    run: async (command, args, timeoutMs) => {
      calls.push({ command, args, timeoutMs });
      const base = command.split("\\").pop()!.toLowerCase();
      return answers[base]?.(args);
    },
    readText: async (path) => files[path],
    env: { SystemRoot: "C:\\WINDOWS", SystemDrive: "C:" },
  };
  return { sources, calls };
}

describe("Windows", () => {
  it("reads MachineGuid (64-bit view) and the four CIM values through hidden, timed commands", async () => {
    const { sources, calls } = fakeSources({ "reg.exe": () => REG_OUTPUT, "powershell.exe": () => CIM_OUTPUT });
    const raw = await readRawIdentifiers("win32", sources);
    expect(raw).toEqual(byName("windows").raw);
    const reg = calls.find((c) => c.command.endsWith("reg.exe"))!;
    expect(reg.command).toBe("C:\\WINDOWS\\System32\\reg.exe");
    expect(reg.args).toEqual(["query", "HKLM\\SOFTWARE\\Microsoft\\Cryptography", "/v", "MachineGuid", "/reg:64"]);
    const ps = calls.find((c) => c.command.endsWith("powershell.exe"))!;
    expect(ps.command).toBe("C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
    expect(Buffer.from(ps.args.at(-1)!, "base64").toString("utf16le")).toBe(WINDOWS_CIM_SCRIPT);
    expect(ps.args).toContain("-NonInteractive");
    for (const c of calls) expect(c.timeoutMs).toBeGreaterThan(0);
    expect(calls.some((c) => c.command.toLowerCase().endsWith("wmic.exe"))).toBe(false);

    // The whole pipeline gives the vector's identity, as C# would on that machine.
    const machine = nodeMachine({ platform: "win32", sources });
    expect(await machine.fingerprint()).toBe(byName("windows").fingerprint);
    expect(await machine.components()).toEqual(byName("windows").components);
    expect(machine.platform()).toBe("windows");
  });

  it("the CIM script asks for what the C# library asks WMI", () => {
    for (const part of [
      "Win32_BIOS",
      "Win32_BaseBoard",
      "Win32_Processor",
      "ProcessorId",
      "Win32_LogicalDisk",
      "Win32_DiskPartition",
      "Win32_DiskDrive",
      "$env:SystemDrive",
    ])
      expect(WINDOWS_CIM_SCRIPT).toContain(part);
    expect(WINDOWS_CIM_SCRIPT).not.toMatch(/wmic/i);
    expect(powershellArgs("x")).toEqual(["-NoLogo", "-NoProfile", "-NonInteractive", "-EncodedCommand", Buffer.from("x", "utf16le").toString("base64")]);
  });

  it("falls back to wmic when PowerShell fails, and to the plain registry view when /reg:64 is refused", async () => {
    const { sources, calls } = fakeSources({
      "reg.exe": (args) => (args.includes("/reg:64") ? undefined : REG_OUTPUT),
      "powershell.exe": () => undefined,
      "wmic.exe": (args) =>
        args[0] === "bios" ? "\r\r\nSerialNumber=5CG1234XYZ  \r\r\n\r\r\n" : args[0] === "cpu" ? "\r\r\nProcessorId=BFEBFBFF000906EA\r\r\n" : undefined,
    });
    expect(await readRawIdentifiers("win32", sources)).toEqual({
      machine_guid: "4c4c4544-0042-3510-8052-b4c04f4a4e32",
      bios_serial: "5CG1234XYZ",
      cpu_id: "BFEBFBFF000906EA",
    });
    expect(calls.filter((c) => c.command === "C:\\WINDOWS\\System32\\wbem\\WMIC.exe").map((c) => c.args[0])).toEqual(["bios", "baseboard", "cpu"]);
  });

  it("leaves out whatever fails; with nothing, the fingerprint is host and user", async () => {
    const { sources } = fakeSources({ "powershell.exe": () => "" });
    expect(await readRawIdentifiers("win32", sources)).toEqual({});
    const machine = nodeMachine({ platform: "win32", sources });
    expect(await machine.components()).toEqual({});
    expect(await machine.fingerprint()).toBe(sha256(`${DEFAULT_COMPONENT_SALT}|fingerprint|${hostname()}|${userInfo().username}`));
  });

  it("parses reg, CIM and wmic outputs", () => {
    expect(parseRegQuery(REG_OUTPUT)).toBe("4c4c4544-0042-3510-8052-b4c04f4a4e32");
    expect(parseRegQuery("ERROR: The system was unable to find the specified registry key or value.\r\n")).toBeUndefined();
    expect(parseCimOutput(CIM_OUTPUT)).toEqual({ ...byName("windows").raw, machine_guid: undefined });
    // Noise, unknown names, blank and non-ASCII values; the first of a name wins.
    expect(parseCimOutput(`WARNING: x\nfoo=65,66\nbios_serial=32,32\ncpu_id=${codes(" Äb12 ")}\ncpu_id=${codes("other")}\n`)).toEqual({ cpu_id: "Äb12" });
    expect(parseWmicValue("\r\r\nSerialNumber=5CG1234XYZ\r\r\n\r\r\n", "SerialNumber")).toBe("5CG1234XYZ");
    expect(parseWmicValue("\r\r\nSerialNumber=\r\r\n", "SerialNumber")).toBeUndefined();
    // Output read as UTF-8 that was UTF-16LE.
    expect(parseWmicValue(Buffer.from("SerialNumber=ABC123\r\n", "utf16le").toString("utf8"), "SerialNumber")).toBe("ABC123");
  });
});

describe("Linux", () => {
  it("reads the C# library's five files, trimmed; unreadable and blank ones are left out", async () => {
    const { sources, calls } = fakeSources(
      {},
      {
        "/etc/machine-id": "  \n",
        "/var/lib/dbus/machine-id": "0f8e2b3c9d4a4e6f8a1b2c3d4e5f6a7b\n",
        "/sys/class/dmi/id/product_uuid": "8d1e4a3c-2b5f-4c6d-9e7f-0a1b2c3d4e5f\n",
        "/sys/class/dmi/id/product_serial": "System Serial Number\n",
        "/sys/class/dmi/id/chassis_serial": "Chassis Serial Number\n",
      },
    );
    expect(await readRawIdentifiers("linux", sources)).toEqual({
      machine_id: "0f8e2b3c9d4a4e6f8a1b2c3d4e5f6a7b",
      product_uuid: "8d1e4a3c-2b5f-4c6d-9e7f-0a1b2c3d4e5f",
      product_serial: "System Serial Number",
      chassis_serial: "Chassis Serial Number",
    });
    expect(calls).toEqual([]); // no host name, no commands
    const linux = byName("linux");
    const machine = nodeMachine({
      platform: "linux",
      sources: fakeSources({}, Object.fromEntries(Object.entries(linux.raw).map(([n, v]) => [pathOf(n), v]))).sources,
    });
    expect(await machine.fingerprint()).toBe(linux.fingerprint);
    expect(await machine.components()).toEqual(linux.components);
  });
});

function pathOf(name: string): string {
  return name === "machine_id" ? "/etc/machine-id" : `/sys/class/dmi/id/${name}`;
}

describe("macOS", () => {
  const IOREG = [
    "+-o MacBookPro16,1  <class IOPlatformExpertDevice, id 0x100000112, registered, matched, active, busy 0 (150489 ms), retain 35>",
    "    {",
    '      "IOPlatformSystemSleepPolicy" = <534c505402000a00>',
    '      "IOPlatformUUID" = "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D"',
    '      "IOPlatformSerialNumber" = "C02XK1ZZJGH5"',
    '      "model" = <"MacBookPro16,1">',
    "    }",
  ].join("\n");

  it("reads platform_uuid and serial_number from one ioreg call", async () => {
    const { sources, calls } = fakeSources({ "/usr/sbin/ioreg": () => IOREG });
    expect(await readRawIdentifiers("darwin", sources)).toEqual(byName("macos").raw);
    expect(calls).toHaveLength(1);
    expect(parseIoreg(IOREG, "IOPlatformUUID")).toBe("A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D");
    expect(parseIoreg(IOREG, "missing")).toBeUndefined();
    const machine = nodeMachine({ platform: "darwin", sources });
    expect(await machine.fingerprint()).toBe(byName("macos").fingerprint);
  });
});

describe("nodeSources", () => {
  it("gives up on a command after its timeout, and on a missing one", async () => {
    const started = Date.now();
    expect(await nodeSources.run(process.execPath, ["-e", "setTimeout(() => {}, 10000)"], 300)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await nodeSources.run("/nonexistent/command", [], 1000)).toBeUndefined();
    expect(await nodeSources.run(process.execPath, ["-e", "process.stdout.write('hi')"], 5000)).toBe("hi");
    expect(await nodeSources.readText("/nonexistent/file")).toBeUndefined();
  });

  it("this machine's identity is stable and within the API's limits", async () => {
    const one = nodeMachine();
    const fp = await one.fingerprint();
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(await nodeMachine().fingerprint()).toBe(fp);
    const components = await one.components();
    expect(Object.keys(components).length).toBeLessThanOrEqual(8);
    for (const v of Object.values(components)) expect(v).toMatch(/^[0-9a-f]{64}$/);
  });
});
