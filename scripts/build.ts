/**
 * Builds the single `dist/ews-mcp` binary from `mod.ts` (run as `deno task compile`).
 *
 * 1. `deno compile` is tried first. It needs Deno's runtime binary `denort`, which it downloads
 *    from Deno's release server unless `DENORT_BIN` points to a local copy. Where neither works
 *    (offline or firewalled builders), it fails quickly or hits the timeout below.
 * 2. Otherwise `bun build --compile` builds the binary from the same sources and node_modules,
 *    using `bun` from PATH or, failing that, `npx -y bun@1`.
 *
 * Before either, the tools' JSON Schemas are regenerated when stale (`tools/json_schemas.generated.ts`,
 * see `scripts/gen_json_schemas.ts`), so a binary never serves schemas older than its tools.
 *
 * The result is smoke-checked with `dist/ews-mcp --version`. Exits non-zero when no binary could
 * be built or the binary does not run.
 *
 * Options:
 *   --entry FILE   entry module (default: mod.ts in the repository root)
 *   --out FILE     output binary (default: dist/ews-mcp in the repository root)
 *   --bun          skip `deno compile` (same as EWS_MCP_BUILD=bun)
 *   --deno         never fall back to Bun (same as EWS_MCP_BUILD=deno)
 * Environment:
 *   DENORT_BIN                 local denort binary for `deno compile`
 *   EWS_MCP_DENO_COMPILE_TIMEOUT  seconds before `deno compile` is abandoned (default 300)
 *
 * `deno compile` takes its unstable features from deno.json (text imports of the embedded EWS
 * schema, Deno.serve's non-legacy request.signal). `scripts/release.ts` builds every platform with
 * `compileBinary` below.
 */
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATED_FILE, writeGenerated } from "./gen_json_schemas.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

/** The permissions the server needs at run time, baked into a `deno compile` binary. */
const DENO_PERMISSIONS = ["--allow-net", "--allow-env", "--allow-read", "--allow-write"];

export interface Options {
  entry: string;
  out: string;
  mode: "auto" | "bun" | "deno";
  /** Cross-compile: `deno compile --target` triple (default: this machine). */
  denoTarget?: string;
  /** Cross-compile: `bun build --compile --target` name (default: this machine). */
  bunTarget?: string;
  /** Whether DENORT_BIN applies (it is one platform's runtime: only the host's build uses it). */
  useDenortBin?: boolean;
}

function fail(message: string): never {
  console.error(`build: FAILED: ${message}`);
  Deno.exit(1);
}

function parseArgs(args: string[]): Options {
  const envMode = Deno.env.get("EWS_MCP_BUILD");
  const opts: Options = {
    entry: join(ROOT, "mod.ts"),
    out: join(ROOT, "dist", "ews-mcp"),
    mode: envMode === "bun" || envMode === "deno" ? envMode : "auto",
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return isAbsolute(v) ? v : resolve(Deno.cwd(), v);
    };
    if (arg === "--entry") opts.entry = value();
    else if (arg === "--out") opts.out = value();
    else if (arg === "--bun") opts.mode = "bun";
    else if (arg === "--deno") opts.mode = "deno";
    else if (arg === "--help" || arg === "-h") {
      console.log("usage: deno task compile [--entry FILE] [--out FILE] [--bun | --deno]");
      Deno.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  return opts;
}

interface RunResult {
  ok: boolean;
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export async function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; timeoutSec?: number; echo?: boolean; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const signal = opts.timeoutSec ? AbortSignal.timeout(opts.timeoutSec * 1000) : undefined;
  try {
    const out = await new Deno.Command(cmd, {
      args,
      cwd: opts.cwd ?? ROOT,
      ...(opts.env ? { env: opts.env, clearEnv: true } : {}),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal,
    }).output();
    const dec = new TextDecoder();
    const result = {
      ok: out.success,
      code: out.code,
      stdout: dec.decode(out.stdout),
      stderr: dec.decode(out.stderr),
      timedOut: signal?.aborted ?? false,
    };
    if (opts.echo) {
      if (result.stdout.trim()) console.log(indent(result.stdout));
      if (result.stderr.trim()) console.error(indent(result.stderr));
    }
    return result;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      return { ok: false, code: -1, stdout: "", stderr: `${cmd}: not found`, timedOut: false };
    }
    throw e;
  }
}

export function indent(text: string, maxLines = 40): string {
  const lines = text.trimEnd().split("\n");
  const shown = lines.length > maxLines ? ["...", ...lines.slice(lines.length - maxLines)] : lines;
  return shown.map((l) => `    ${l}`).join("\n");
}

export async function removeIfExists(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function denoCompile(opts: Options): Promise<RunResult> {
  const timeoutSec = Number(Deno.env.get("EWS_MCP_DENO_COMPILE_TIMEOUT") ?? "300") || 300;
  const target = opts.denoTarget ? ["--target", opts.denoTarget] : [];
  const args = ["compile", ...DENO_PERMISSIONS, ...target, "--output", opts.out, opts.entry];
  const useDenortBin = opts.useDenortBin ?? true;
  const denortBin = useDenortBin ? Deno.env.get("DENORT_BIN") : undefined;
  // DENORT_BIN is one platform's runtime; a cross build must not pick it up.
  const env = useDenortBin ? undefined : withoutDenortBin();
  console.log(
    `build: trying deno compile${denortBin ? ` (DENORT_BIN=${denortBin})` : ""}: deno ${
      args.join(" ")
    }`,
  );
  const result = await run(Deno.execPath(), args, { timeoutSec, env });
  if (result.timedOut) result.stderr += `\n(deno compile abandoned after ${timeoutSec}s)`;
  return result;
}

function withoutDenortBin(): Record<string, string> {
  const env = Deno.env.toObject();
  delete env.DENORT_BIN;
  return env;
}

/** `bun` from PATH when it runs, else `npx -y bun@1` (npm is the one registry we can count on). */
async function findBun(): Promise<{ cmd: string; prefix: string[] } | undefined> {
  const onPath = await run("bun", ["--version"], { timeoutSec: 30 });
  if (onPath.ok) return { cmd: "bun", prefix: [] };
  console.log("build: bun not on PATH, trying npx -y bun@1");
  const viaNpx = await run("npx", ["-y", "bun@1", "--version"], { timeoutSec: 300 });
  if (viaNpx.ok) return { cmd: "npx", prefix: ["-y", "bun@1"] };
  console.error(indent(viaNpx.stderr));
  return undefined;
}

async function bunCompile(opts: Options): Promise<RunResult> {
  const bun = await findBun();
  if (!bun) {
    return {
      ok: false,
      code: -1,
      stdout: "",
      stderr: "no working bun (not on PATH, and npx -y bun@1 failed)",
      timedOut: false,
    };
  }
  const args = [
    ...bun.prefix,
    "build",
    "--compile",
    // Precompiled bytecode, minified: start to first answer in about half the time (ESM keeps
    // mod.ts's top-level await).
    "--minify",
    "--bytecode",
    "--format=esm",
    // Code only some starts need (the simulator with its iCalendar, MIME and schema libraries,
    // HTTP mode's hono and jose) goes into chunks read at their dynamic import, not at every start.
    "--splitting",
    ...(opts.bunTarget ? [`--target=${opts.bunTarget}`] : []),
    opts.entry,
    "--outfile",
    opts.out,
  ];
  console.log(`build: ${bun.cmd} ${args.join(" ")}`);
  return await run(bun.cmd, args, { timeoutSec: 600, echo: true });
}

/**
 * The binary must start and answer `--version`; a build that produced a broken file fails.
 * Returns the version line, or throws with what went wrong.
 */
export async function smokeCheck(binary: string): Promise<string> {
  const result = await run(binary, ["--version"], { cwd: dirname(binary), timeoutSec: 60 });
  const version = result.stdout.trim();
  if (!result.ok || version === "") {
    console.error(indent(result.stdout + result.stderr));
    throw new Error(
      `${relative(ROOT, binary) || binary} --version ${
        result.timedOut ? "timed out" : `exited with code ${result.code}`
      }${result.ok ? " but printed nothing" : ""}`,
    );
  }
  console.log(`build: smoke check: ${relative(ROOT, binary)} --version -> ${version}`);
  return version;
}

export type CompileResult =
  | { ok: true; via: "deno compile" | "bun build --compile" }
  | { ok: false; reason: string; denoUnavailable?: string };

/**
 * Builds one binary: `deno compile` first (unless mode is "bun"), else `bun build --compile`.
 * `denoUnavailable` in the result says why `deno compile` failed, so a caller building several
 * platforms can skip it for the rest.
 */
export async function compileBinary(opts: Options): Promise<CompileResult> {
  if (writeGenerated()) console.log(`build: regenerated ${relative(ROOT, GENERATED_FILE)}`);
  await Deno.mkdir(dirname(opts.out), { recursive: true });
  // Never let a stale binary from an earlier build pass the smoke check.
  await removeIfExists(opts.out);

  let denoUnavailable: string | undefined;
  if (opts.mode !== "bun") {
    const deno = await denoCompile(opts);
    if (deno.ok && (await exists(opts.out))) return { ok: true, via: "deno compile" };
    console.log(`build: deno compile did not work (exit code ${deno.code}):`);
    console.log(indent(deno.stderr, 12));
    denoUnavailable = reasonOf(deno.stderr) || `exit code ${deno.code}`;
    await removeIfExists(opts.out);
    if (opts.mode === "deno") {
      return {
        ok: false,
        reason: `deno compile failed and the Bun fallback is disabled: ${denoUnavailable}`,
        denoUnavailable,
      };
    }
  }
  console.log("build: falling back to bun build --compile");
  const bun = await bunCompile(opts);
  if (!bun.ok || !(await exists(opts.out))) {
    await removeIfExists(opts.out);
    return {
      ok: false,
      reason: `bun build --compile failed (exit code ${bun.code}): ${
        reasonOf(bun.stderr) || reasonOf(bun.stdout)
      }`,
      denoUnavailable,
    };
  }
  return { ok: true, via: "bun build --compile" };
}

/** The line of a tool's error output that says what went wrong, for one-line reports. */
function reasonOf(text: string): string {
  // deno-lint-ignore no-control-regex
  const lines = text.replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim()).filter(
    Boolean,
  );
  // Deno: "error: …" then a numbered "Caused by" chain whose most telling entry comes second.
  const cause = lines.find((l) => /^1: /.test(l)) ?? lines.find((l) => /^0: (?!<unknown>)/.test(l));
  const error = lines.find((l) => /^error\b/i.test(l));
  return (cause ?? error ?? lines.filter((l) => !/^\d+: <unknown>$/.test(l)).pop() ?? "")
    .replace(/^\d+: /, "");
}

async function main(): Promise<void> {
  const opts = parseArgs(Deno.args);
  if (!(await exists(opts.entry))) fail(`entry module ${opts.entry} does not exist`);
  const built = await compileBinary(opts);
  if (!built.ok) fail(built.reason);
  const path = built.via;
  try {
    await smokeCheck(opts.out);
  } catch (error) {
    fail((error as Error).message);
  }
  const size = (await Deno.stat(opts.out)).size;
  console.log(
    `build: OK: ${relative(ROOT, opts.out)} built with ${path} (${
      (size / 1024 / 1024).toFixed(1)
    } MiB)`,
  );
}

if (import.meta.main) {
  await main();
}
