// Mono toolchain for the C# client (clients/dotnet/): installs Debian's mono-devel when
// `mcs` is missing, and builds the library, the command-line sample and the tests with
// `mcs -langversion:6` (the language level NinjaTrader 8's compiler accepts) only when a
// source is newer than its output. Node built-ins only.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const root = new URL("../..", import.meta.url).pathname;
export const dotnet = join(root, "clients", "dotnet");
export const bin = join(dotnet, "bin");

function onPath(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/** Installs mono-devel (mcs, mono) through apt when `mcs` or `mono` is missing. */
export function ensureMono() {
  if (onPath("mcs") && onPath("mono")) return false;
  console.error("[dotnet] mcs not found: installing Debian's mono-devel (apt-get)…");
  const apt = (args) =>
    execFileSync("apt-get", args, {
      stdio: ["ignore", process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  const sudo = process.getuid && process.getuid() !== 0;
  if (sudo) throw new Error("mono-devel is missing; run as root or `sudo apt-get install -y mono-devel`");
  try {
    apt(["install", "-y", "--no-install-recommends", "mono-devel"]);
  } catch {
    apt(["update"]);
    apt(["install", "-y", "--no-install-recommends", "mono-devel"]);
  }
  if (!onPath("mcs")) throw new Error("mono-devel installed but mcs is still missing");
  return true;
}

function csFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return csFiles(p);
      return e.name.endsWith(".cs") ? [p] : [];
    })
    .sort();
}

function newest(files) {
  return Math.max(0, ...files.map((f) => statSync(f).mtimeMs));
}

function stale(output, inputs) {
  return !existsSync(output) || statSync(output).mtimeMs < newest(inputs);
}

// Framework assemblies only (NinjaTrader: References dialog). System.Management is reached by
// reflection, so it is not referenced.
const FRAMEWORK = ["System", "System.Core", "System.Numerics", "System.Security"];
const refs = (extra = []) => [...FRAMEWORK, ...extra].map((r) => `-r:${r}${r.endsWith(".dll") ? "" : ".dll"}`);

function mcs(args) {
  // -sdk:4.8 compiles against Mono's .NET Framework 4.8 reference assemblies, so an API
  // that exists only in Mono (or only in newer .NET) fails the build here, not in NinjaTrader.
  const r = spawnSync("mcs", ["-sdk:4.8", "-langversion:6", "-nologo", "-warnaserror+", "-debug-", "-optimize+", ...args], {
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (r.status !== 0) throw new Error(`mcs failed (exit ${r.status})`);
}

/** Builds bin/ChartGpt.Licensing.dll, bin/chartgpt-license.exe and (with tests) bin/ChartGpt.Licensing.Tests.exe. */
export function buildDotnet({ tests = false } = {}) {
  mkdirSync(bin, { recursive: true });
  const script = [join(root, "scripts", "lib", "mono.mjs")];
  const lib = join(bin, "ChartGpt.Licensing.dll");
  const libSrc = csFiles(join(dotnet, "src"));
  if (stale(lib, [...libSrc, ...script])) {
    console.error("[dotnet] building ChartGpt.Licensing.dll");
    mcs(["-target:library", `-out:${lib}`, "-doc:" + join(bin, "ChartGpt.Licensing.xml"), "-nowarn:1591", ...refs(), ...libSrc]);
  }
  const cli = join(bin, "chartgpt-license.exe");
  const cliSrc = csFiles(join(dotnet, "cli"));
  if (stale(cli, [...cliSrc, lib, ...script])) {
    console.error("[dotnet] building chartgpt-license.exe");
    mcs(["-target:exe", `-out:${cli}`, ...refs([lib]), ...cliSrc]);
  }
  if (tests) {
    const t = join(bin, "ChartGpt.Licensing.Tests.exe");
    // The docs' C# snippets are compiled with the tests: the integration guide's code (which
    // the README points to) must build (the guide's indicator against tests/NinjaTraderStub.cs).
    const tSrc = [...csFiles(join(dotnet, "tests")), ...docsSnippets().filter((f) => !f.endsWith(PRODUCT_KEYS))];
    if (stale(t, [...tSrc, lib, ...script])) {
      console.error("[dotnet] building ChartGpt.Licensing.Tests.exe");
      mcs(["-target:exe", `-out:${t}`, ...refs([lib]), ...tSrc]);
    }
    buildWithDocsProductKeys(libSrc, script);
    return { lib, cli, tests: t };
  }
  return { lib, cli };
}

const PRODUCT_KEYS = "ProductKeys.cs";
const docsSnippets = () => csFiles(join(root, "site", "docs", "snippets"));

/**
 * The guide shows Tokens/ProductKeys.cs filled in for a release: the library must build
 * with that file in place of its own (into bin/docs/, never shipped).
 */
function buildWithDocsProductKeys(libSrc, script) {
  const snippet = docsSnippets().find((f) => f.endsWith(PRODUCT_KEYS));
  if (!snippet) return;
  const out = join(bin, "docs", "ChartGpt.Licensing.dll");
  const src = [...libSrc.filter((f) => !f.endsWith(join("Tokens", PRODUCT_KEYS))), snippet];
  if (!stale(out, [...src, ...script])) return;
  mkdirSync(join(bin, "docs"), { recursive: true });
  console.error("[dotnet] building the library with the docs' ProductKeys.cs");
  mcs(["-target:library", `-out:${out}`, "-nowarn:1591", ...refs(), ...src]);
}
