/**
 * Builds `ews-mcp` for every platform we ship into `dist/release/`, with a `SHA256SUMS` file
 * (run as `deno task release`).
 *
 * Each platform is built with `deno compile --target` where Deno's runtime for it can be had
 * (downloaded by Deno; `DENORT_BIN` is honoured for this machine's own platform), else with
 * `bun build --compile --target=…`, whose runtimes come from the npm registry (`@oven/bun-*`).
 * Once `deno compile` has failed for one platform it is not tried for the rest. A platform that
 * cannot be built is reported as NOT BUILT, and the others are still built. Every binary that
 * can run on this machine is smoke-tested with `--version`.
 *
 * Exit status: 0 when every platform was built (or, without --require-all, at least one) and
 * every smoke test passed; 1 otherwise.
 *
 * Options:
 *   --only NAME[,NAME]  build only these platforms (e.g. linux-x64)
 *   --require-all       fail unless every platform was built (CI on a tag)
 *   --bun | --deno      as for `deno task compile`
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename, join } from "node:path";
import process from "node:process";
import { compileBinary, removeIfExists, ROOT, smokeCheck } from "./build.ts";
import { VERSION } from "../version.ts";

interface Platform {
  /** The name in the file name: `ews-mcp-<name>`. */
  name: string;
  deno: string;
  bun: string;
  exe: string;
  /** `process.platform`/`process.arch` of a machine that runs it. */
  runsOn: string;
}

export const PLATFORMS: readonly Platform[] = [
  {
    name: "linux-x64",
    deno: "x86_64-unknown-linux-gnu",
    bun: "bun-linux-x64",
    exe: "",
    runsOn: "linux/x64",
  },
  {
    name: "linux-arm64",
    deno: "aarch64-unknown-linux-gnu",
    bun: "bun-linux-arm64",
    exe: "",
    runsOn: "linux/arm64",
  },
  {
    name: "macos-x64",
    deno: "x86_64-apple-darwin",
    bun: "bun-darwin-x64",
    exe: "",
    runsOn: "darwin/x64",
  },
  {
    name: "macos-arm64",
    deno: "aarch64-apple-darwin",
    bun: "bun-darwin-arm64",
    exe: "",
    runsOn: "darwin/arm64",
  },
  {
    name: "windows-x64",
    deno: "x86_64-pc-windows-msvc",
    bun: "bun-windows-x64",
    exe: ".exe",
    runsOn: "win32/x64",
  },
];

const OUT_DIR = join(ROOT, "dist", "release");
const HOST = `${process.platform}/${process.arch}`;

interface Outcome {
  platform: Platform;
  file?: string;
  via?: string;
  smoke?: string;
  problem?: string;
}

function parseArgs(args: string[]) {
  let only: string[] | undefined;
  let requireAll = false;
  let mode: "auto" | "bun" | "deno" = "auto";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--only") only = (args[++i] ?? "").split(",").filter(Boolean);
    else if (arg === "--require-all") requireAll = true;
    else if (arg === "--bun") mode = "bun";
    else if (arg === "--deno") mode = "deno";
    else {
      console.error(
        `release: unknown argument ${arg}\nusage: deno task release [--only NAME,...] ` +
          "[--require-all] [--bun | --deno]",
      );
      Deno.exit(2);
    }
  }
  const unknown = only?.filter((name) => !PLATFORMS.some((p) => p.name === name)) ?? [];
  if (unknown.length) {
    console.error(`release: unknown platform ${unknown.join(", ")}`);
    Deno.exit(2);
  }
  const platforms = PLATFORMS.filter((p) => !only || only.includes(p.name));
  return { platforms, requireAll, mode };
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Uint8Array);
  return hash.digest("hex");
}

async function main(): Promise<void> {
  const { platforms, requireAll, mode } = parseArgs(Deno.args);
  // One run's output only: a binary left from an earlier run must not be published by mistake.
  await Deno.remove(OUT_DIR, { recursive: true }).catch(() => {});
  await Deno.mkdir(OUT_DIR, { recursive: true });

  const outcomes: Outcome[] = [];
  let denoUnavailable: string | undefined;
  for (const platform of platforms) {
    const file = join(OUT_DIR, `ews-mcp-${platform.name}${platform.exe}`);
    console.log(`\n=== ${platform.name} ===`);
    const built = await compileBinary({
      entry: join(ROOT, "mod.ts"),
      out: file,
      mode: denoUnavailable && mode === "auto" ? "bun" : mode,
      denoTarget: platform.deno,
      bunTarget: platform.bun,
      useDenortBin: platform.runsOn === HOST,
    });
    if (!built.ok) {
      denoUnavailable ??= built.denoUnavailable;
      outcomes.push({ platform, problem: built.reason });
      continue;
    }
    if (built.via !== "deno compile" && mode === "auto" && !denoUnavailable) {
      denoUnavailable = "deno compile failed";
    }
    const outcome: Outcome = { platform, file, via: built.via };
    if (platform.runsOn === HOST) {
      try {
        outcome.smoke = await smokeCheck(file);
        if (outcome.smoke !== `ews-mcp ${VERSION}`) {
          outcome.problem = `--version printed "${outcome.smoke}", expected "ews-mcp ${VERSION}"`;
        }
      } catch (error) {
        outcome.problem = (error as Error).message;
      }
      if (outcome.problem) await removeIfExists(file);
    }
    outcomes.push(outcome);
  }

  const built = outcomes.filter((o) => o.file && !o.problem);
  const lines = await Promise.all(
    built.map(async (o) => `${await sha256(o.file!)}  ${basename(o.file!)}`),
  );
  if (lines.length) await Deno.writeTextFile(join(OUT_DIR, "SHA256SUMS"), lines.join("\n") + "\n");

  console.log(`\nrelease: ews-mcp ${VERSION} in dist/release/`);
  for (const o of outcomes) {
    const status = o.problem
      ? `${o.file ? "FAILED" : "NOT BUILT"}: ${o.problem}`
      : `${basename(o.file!)} (${o.via}; ${
        o.smoke ? `smoke test: ${o.smoke}` : `not run here, needs ${o.platform.runsOn}`
      })`;
    console.log(`  ${o.platform.name.padEnd(12)} ${status}`);
  }
  if (lines.length) console.log(`  SHA256SUMS   ${lines.length} file(s)`);

  const missing = outcomes.filter((o) => o.problem);
  const brokenSmoke = missing.some((o) => o.file);
  if (built.length === 0 || brokenSmoke || (requireAll && missing.length > 0)) {
    console.error(
      `release: FAILED: ${missing.map((o) => o.platform.name).join(", ") || "nothing built"}`,
    );
    Deno.exit(1);
  }
  if (missing.length) {
    console.log(`release: built ${built.length} of ${outcomes.length}; see NOT BUILT above`);
  }
}

if (import.meta.main) {
  await main();
}
