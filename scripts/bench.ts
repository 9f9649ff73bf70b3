/**
 * Side-by-side benchmark: ews-mcp against exchangelib (the Python EWS client the Python EWS MCP
 * servers are built on), on the same simulated mailboxes, in one run.
 *
 *     deno task bench [--iterations N] [--latency MS] [--json]
 *
 * For each workload (a page of 50 messages, a deep page, bodies, one message in full, the folder
 * tree, out-of-office settings, a page read through impersonation, sending) it reports the
 * median and p95 time of
 *
 * - ews-mcp's EWS client layer (`ews/ops/*`), the counterpart of exchangelib;
 * - ews-mcp's full MCP tool call through an in-memory MCP client;
 * - exchangelib doing what an exchangelib-based MCP server does (scripts/bench_exchangelib.py),
 *
 * the ratio exchangelib / ews-mcp, and the EWS requests each side makes per operation, counted
 * by the simulator; beside them, the size of each tool result (the text the model reads and the
 * structured content) and of `tools/list` per toolset profile, so a size regression shows too. Then peak memory of both processes, and a pure-CPU comparison of parsing a
 * large GetItem reply (our parser vs lxml, as exchangelib uses it).
 *
 * The simulator runs in its own process (scripts/bench/sim_server.ts), freshly seeded for each
 * side, so neither side's numbers include the server's CPU time or memory, and mail one side
 * sends is never seen by the other. Latency 0 measures client overhead; `--latency MS` adds a
 * second pass where every reply is delayed, which shows what round trips cost.
 *
 * Options:
 *   --iterations N        timed iterations per workload (default 20; 10 in the latency pass)
 *   --warmup N            untimed iterations first (default 3)
 *   --latency MS          also run a pass with this much server latency per request
 *   --inbox N             messages seeded into the Inbox (default 1200)
 *   --xml-iterations N    iterations of the XML parsing micro-benchmark (default 30; 0 skips)
 *   --server-source       run the stdio server from source (deno run mod.ts) even when a
 *                         compiled binary (EWS_MCP_BINARY or dist/ews-mcp) exists
 *   --json                print the results as JSON instead of tables
 *
 * Environment: BENCH_PYTHON, the Python with exchangelib (default /usr/bin/python3).
 */
import { Buffer } from "node:buffer";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { LineChild } from "./bench/child.ts";
import { summarise, time, type Timing } from "./bench/timing.ts";
import { describe, type Workload, type WorkloadParams, WORKLOADS } from "./bench/workloads.ts";
import type { ResultSize } from "./bench/ours.ts";
import { type ProfileSize, profileSizes } from "./surface.ts";

/** Debian's python3-exchangelib lives in the system Python; BENCH_PYTHON picks another one. */
const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";
const PYTHON_SCRIPT = fileURLToPath(new URL("./bench_exchangelib.py", import.meta.url));
const XML_SCRIPT = fileURLToPath(new URL("./bench/xml_parse.ts", import.meta.url));
const DENO_CONFIG = fileURLToPath(new URL("../deno.json", import.meta.url));
const SIM_SCRIPT = fileURLToPath(new URL("./bench/sim_server.ts", import.meta.url));
const ACCOUNT = { email: "alex@contoso.test", password: "Demo-Pass-1" };

// ---- measurement helpers ---------------------------------------------------------------------

/** A field of /proc/self/status in KiB (VmRSS: current, VmHWM: peak), or undefined. */
function procStatusKib(field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const line = readFileSync("/proc/self/status", "utf8").split("\n")
      .find((l) => l.startsWith(field + ":"));
    return line ? Number(line.split(/\s+/)[1]) : undefined;
  } catch {
    return undefined;
  }
}

const rssKib = () => procStatusKib("VmRSS") ?? Math.round(process.memoryUsage().rss / 1024);

// ---- the simulator process ---------------------------------------------------------------------

interface SimStats {
  requests: number;
  byOperation: Record<string, number>;
}

interface RequestCount {
  /** SOAP requests per operation (average over the timed iterations). */
  perOp: number;
  /** Per EWS operation name, per workload operation. */
  byOperation: Record<string, number>;
}

class SimProcess {
  private constructor(readonly child: LineChild, readonly url: string) {}

  static async start(latencyMs: number, inbox: number): Promise<SimProcess> {
    const child = new LineChild(Deno.execPath(), [
      "run",
      "--allow-all",
      "--config",
      DENO_CONFIG,
      SIM_SCRIPT,
      "--latency",
      String(latencyMs),
      "--inbox",
      String(inbox),
    ]);
    const { url } = JSON.parse(await child.next());
    return new SimProcess(child, url);
  }

  async stats(): Promise<SimStats> {
    this.child.send("stats");
    return JSON.parse(await this.child.next());
  }

  async close(): Promise<void> {
    await this.child.close();
  }
}

function countBetween(before: SimStats, after: SimStats, iterations: number): RequestCount {
  const byOperation: Record<string, number> = {};
  for (const [op, n] of Object.entries(after.byOperation)) {
    const delta = n - (before.byOperation[op] ?? 0);
    if (delta > 0) byOperation[op] = delta / iterations;
  }
  return { perOp: (after.requests - before.requests) / iterations, byOperation };
}

// ---- one pass: both sides at one latency --------------------------------------------------------

interface WorkloadResult {
  workload: Workload;
  label: string;
  /** Bytes of one tool result (latency 0 pass). */
  result_size?: ResultSize;
  ours_client: Timing & { requests: RequestCount };
  ours_tool: Timing & { requests: RequestCount };
  /** The server as its own process over stdio (no request counts: same code as ours_tool). */
  ours_server?: Timing;
  exchangelib?: Timing & { requests: RequestCount };
}

interface PassResult {
  latency_ms: number;
  workloads: WorkloadResult[];
  /** What ran as the server process, and its peak RSS in KiB. */
  server_process?: { command: string; peak_rss_kib?: number };
}

interface PythonMemory {
  rss_start_kib: number;
  rss_after_import_kib: number;
  rss_end_kib: number;
  peak_rss_kib: number;
}

interface Options {
  iterations: number;
  serverSource: boolean;
  warmup: number;
  inbox: number;
  params: WorkloadParams;
}

type OursModule = typeof import("./bench/ours.ts");

async function runOurs(
  ours: OursModule,
  latencyMs: number,
  options: Options,
  sample: () => void,
): Promise<Map<Workload, Pick<WorkloadResult, "ours_client" | "ours_tool" | "result_size">>> {
  const sim = await SimProcess.start(latencyMs, options.inbox);
  const results = new Map<
    Workload,
    Pick<WorkloadResult, "ours_client" | "ours_tool" | "result_size">
  >();
  try {
    const stack = await ours.createOurStack(sim.url, ACCOUNT, options.params);
    try {
      for (const workload of WORKLOADS) {
        const measure = async (run: () => unknown) => {
          for (let i = 0; i < options.warmup; i++) await run();
          const before = await sim.stats();
          const timing = await time(run, options.iterations, 0);
          const requests = countBetween(before, await sim.stats(), options.iterations);
          sample();
          return { ...timing, requests };
        };
        const client = await measure(stack.client[workload]);
        const tool = await measure(stack.tool[workload]);
        results.set(workload, {
          ours_client: client,
          ours_tool: tool,
          result_size: stack.lastResultSize(),
        });
      }
    } finally {
      await stack.close();
    }
  } finally {
    await sim.close();
  }
  return results;
}

async function runExchangelib(
  latencyMs: number,
  options: Options,
): Promise<{ timings: Map<Workload, Timing & { requests: RequestCount }>; memory: PythonMemory }> {
  const sim = await SimProcess.start(latencyMs, options.inbox);
  const python = new LineChild(PYTHON, [
    PYTHON_SCRIPT,
    "--url",
    sim.url,
    "--user",
    ACCOUNT.email,
    "--password",
    ACCOUNT.password,
    "--target",
    options.params.target,
    "--recipient",
    options.params.recipient,
    "--iterations",
    String(options.iterations),
    "--warmup",
    String(options.warmup),
    "--page",
    String(options.params.page),
    "--deep-offset",
    String(options.params.deepOffset),
    "--workloads",
    WORKLOADS.join(","),
    "--sync",
  ]);
  const timings = new Map<Workload, Timing & { requests: RequestCount }>();
  try {
    const before = new Map<string, SimStats>();
    const counts = new Map<string, RequestCount>();
    for (;;) {
      const message = JSON.parse(await python.next());
      if (message.event === "begin") {
        before.set(message.workload, await sim.stats());
        python.send("go");
      } else if (message.event === "end") {
        const start = before.get(message.workload)!;
        counts.set(message.workload, countBetween(start, await sim.stats(), options.iterations));
        python.send("go");
      } else {
        for (const workload of WORKLOADS) {
          const timing = message.workloads[workload] as Timing | undefined;
          if (timing) timings.set(workload, { ...timing, requests: counts.get(workload)! });
        }
        await python.close();
        return { timings, memory: message.memory };
      }
    }
  } finally {
    await python.close();
    await sim.close();
  }
}

async function runServer(latencyMs: number, options: Options) {
  const { runServerProcess } = await import("./bench/server_process.ts");
  const sim = await SimProcess.start(latencyMs, options.inbox);
  try {
    return await runServerProcess(
      sim.url,
      ACCOUNT,
      options.params,
      options.iterations,
      options.warmup,
      options.serverSource,
    );
  } finally {
    await sim.close();
  }
}

// ---- the XML micro-benchmark ---------------------------------------------------------------------

interface XmlResult {
  bytes: number;
  messages: number;
  ours: { parse: Timing; parse_and_map: Timing };
  exchangelib?: { parse: Timing; parse_and_map: Timing };
}

/**
 * Records a GetItem reply with 100 messages and their bodies, then times parsing it in two fresh
 * processes: ours (scripts/bench/xml_parse.ts) and exchangelib's (lxml, then Message objects).
 */
async function xmlBenchmark(
  options: Options,
  iterations: number,
  withPython: boolean,
): Promise<XmlResult> {
  const { startSimulator } = await import("../sim/mod.ts");
  const { benchOrganisation } = await import("./bench/seed.ts");
  const { EwsClient } = await import("../ews/client.ts");
  const { basicAuth } = await import("../ews/auth/basic.ts");
  const { primaryContext } = await import("../ews/mailbox/context.ts");
  const { listMessages } = await import("../ews/ops/items.ts");
  const sim = await startSimulator({
    organisation: benchOrganisation({ inbox: options.inbox, otherInbox: 0 }),
    record: true,
  });
  const client = new EwsClient({
    endpoint: new URL(sim.url),
    auth: basicAuth(ACCOUNT.email, ACCOUNT.password),
  });
  let document: string;
  try {
    await listMessages(client, primaryContext(ACCOUNT.email), {
      folder: "inbox",
      offset: 0,
      maxResults: 100,
      body: "text",
    });
    document = sim.exchanges.find((e) => e.operation === "GetItem")!.response;
  } finally {
    client.close();
    await sim.close();
  }
  const file = join(tmpdir(), `ews-mcp-bench-${process.pid}.xml`);
  writeFileSync(file, document);
  const lastLine = (command: string, args: string[]) => {
    const run = spawnSync(command, args, { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`XML benchmark failed:\n${run.stderr}`);
    return JSON.parse(run.stdout.trim().split("\n").at(-1)!);
  };
  try {
    const ours = lastLine(Deno.execPath(), [
      "run",
      "--allow-read",
      "--config",
      DENO_CONFIG,
      XML_SCRIPT,
      file,
      String(iterations),
      "10",
    ]);
    const result: XmlResult = {
      bytes: Buffer.byteLength(document),
      messages: ours.messages,
      ours: { parse: ours.parse, parse_and_map: ours.parse_and_map },
    };
    if (withPython) {
      const theirs = lastLine(PYTHON, [
        PYTHON_SCRIPT,
        "--xml",
        file,
        "--iterations",
        String(iterations),
        "--warmup",
        "10",
      ]).xml;
      result.exchangelib = { parse: theirs.parse, parse_and_map: theirs.parse_and_map };
    }
    return result;
  } finally {
    rmSync(file, { force: true });
  }
}

// ---- output ------------------------------------------------------------------------------------

const ms = (t?: Timing) => t ? `${t.median_ms.toFixed(1)} / ${t.p95_ms.toFixed(1)}` : "—";
const ratio = (theirs?: Timing, ours?: Timing) => {
  if (!theirs || !ours) return "—";
  const r = theirs.median_ms / ours.median_ms;
  return `${r.toFixed(r < 1 ? 2 : 1)}x`;
};
const requests = (n?: number) =>
  n === undefined ? "—" : Number.isInteger(n) ? `${n}` : n.toFixed(2);
const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
const ops = (count?: RequestCount) =>
  count
    ? Object.entries(count.byOperation)
      .map(([op, n]) => (n === 1 ? op : `${requests(n)}×${op}`))
      .join(" + ") || "none"
    : "—";

function table(header: string[], rows: string[][], rightAlign: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    "| " +
    cells.map((c, i) => (rightAlign.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(" | ") +
    " |";
  const rule = "|" +
    widths.map((w, i) => (rightAlign.has(i) ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join(
      "|",
    ) + "|";
  return [line(header), rule, ...rows.map(line)].join("\n");
}

interface Report {
  passes: PassResult[];
  memory: {
    ews_mcp: {
      rss_start_kib: number;
      rss_after_load_kib: number;
      peak_rss_kib: number;
      heap_used_start: number;
      heap_used_peak: number;
    };
    exchangelib?: PythonMemory;
  };
  xml?: XmlResult;
  /** tools/list per toolset profile. */
  profiles: ProfileSize[];
  exchangelib_available: boolean;
  versions: Record<string, string>;
  settings: Omit<Options, "params"> & WorkloadParams;
}

function printReport(report: Report): void {
  const out: string[] = [];
  const withLatency = report.passes.length > 1;
  const rows: string[][] = [];
  for (const pass of report.passes) {
    for (const w of pass.workloads) {
      const ourReq = w.ours_client.requests.perOp;
      const toolReq = w.ours_tool.requests.perOp;
      rows.push([
        w.label,
        ...(withLatency ? [`${pass.latency_ms}`] : []),
        ms(w.ours_client),
        ms(w.ours_tool),
        ms(w.ours_server),
        ms(w.exchangelib),
        ratio(w.exchangelib, w.ours_client),
        ratio(w.exchangelib, w.ours_tool),
        ratio(w.exchangelib, w.ours_server),
        `${requests(ourReq)}${toolReq !== ourReq ? ` (tool ${requests(toolReq)})` : ""} vs ${
          requests(w.exchangelib?.requests.perOp)
        }`,
      ]);
    }
  }
  const header = [
    "workload",
    ...(withLatency ? ["latency ms"] : []),
    "ews-mcp client ms (median / p95)",
    "ews-mcp tool ms",
    "ews-mcp stdio ms",
    "exchangelib ms",
    "ratio client",
    "ratio tool",
    "ratio stdio",
    "EWS requests/op ours vs theirs",
  ];
  out.push(
    table(header, rows, new Set(header.map((_, i) => i).slice(1, -1))),
  );
  out.push("");
  out.push("ratio = exchangelib median / ews-mcp median (above 1: we are faster).");
  out.push("client = ews-mcp's EWS layer (ews/ops), the counterpart of exchangelib; tool = the");
  out.push(
    "full MCP tool call (validation, mailbox resolution, audit, result shaping) in process;",
  );
  out.push(
    `stdio = the server as its own process, ${
      report.passes[0].server_process?.command ?? "—"
    }, driven over stdio, as desktop clients run it.`,
  );

  out.push("");
  out.push("EWS operations per call (ews-mcp | exchangelib):");
  for (const w of report.passes[0].workloads) {
    out.push(
      `  ${w.workload.padEnd(26)} ${ops(w.ours_client.requests)} | ${ops(w.exchangelib?.requests)}`,
    );
  }

  out.push("");
  out.push("Result sizes, one call (bytes): the text the model reads | structuredContent");
  out.push(
    table(
      ["workload", "text", "structured"],
      report.passes[0].workloads.map((w) => [
        w.label,
        String(w.result_size?.text_bytes ?? "—"),
        String(w.result_size?.structured_bytes ?? "—"),
      ]),
      new Set([1, 2]),
    ),
  );
  out.push("");
  out.push("tools/list per profile (bytes): what the model is given per turn | whole entries");
  out.push(
    table(
      ["profile", "tools", "model", "tools/list", "instructions"],
      report.profiles.map((p) => [
        p.name,
        String(p.tools),
        String(p.model_bytes),
        String(p.list_bytes),
        String(p.instructions_bytes),
      ]),
      new Set([1, 2, 3, 4]),
    ),
  );

  const m = report.memory;
  const ours = m.ews_mcp;
  const serverPeak = Math.max(...report.passes.map((p) => p.server_process?.peak_rss_kib ?? 0));
  out.push("");
  out.push("Memory (resident set size, whole process):");
  out.push(
    `  ews-mcp in-process (bench driver): runtime ${mib(ours.rss_start_kib)}, ` +
      `+${mib(ours.rss_after_load_kib - ours.rss_start_kib)} loading the stack, ` +
      `peak ${mib(ours.peak_rss_kib)}; JS heap used peak ${mib(ours.heap_used_peak / 1024)}`,
  );
  if (serverPeak > 0) {
    out.push(`  ews-mcp server process (stdio):    peak ${mib(serverPeak)}`);
  }
  if (m.exchangelib) {
    const e = m.exchangelib;
    out.push(
      `  exchangelib:                       interpreter ${mib(e.rss_start_kib)}, ` +
        `+${mib(e.rss_after_import_kib - e.rss_start_kib)} importing exchangelib, ` +
        `peak ${mib(e.peak_rss_kib)}`,
    );
    const ratios = [`in-process peak ${(e.peak_rss_kib / ours.peak_rss_kib).toFixed(2)}x`];
    if (serverPeak > 0) ratios.push(`server process ${(e.peak_rss_kib / serverPeak).toFixed(2)}x`);
    const ourGrowth = ours.peak_rss_kib - ours.rss_start_kib;
    const theirGrowth = e.peak_rss_kib - e.rss_start_kib;
    ratios.push(`above the bare runtime ${(theirGrowth / ourGrowth).toFixed(2)}x`);
    out.push(`  ratio exchangelib / ews-mcp:       ${ratios.join(", ")} (above 1: we are leaner)`);
  }

  if (report.xml) {
    const x = report.xml;
    out.push("");
    out.push(
      `XML (CPU only): one GetItem reply, ${x.messages} messages with bodies, ${
        (x.bytes / 1024).toFixed(0)
      } KiB`,
    );
    out.push(
      table(
        ["step", "ews-mcp ms (median / p95)", "exchangelib ms", "ratio"],
        [
          [
            "parse (ours: fast-xml-parser + namespaces; theirs: lxml)",
            ms(x.ours.parse),
            ms(x.exchangelib?.parse),
            ratio(x.exchangelib?.parse, x.ours.parse),
          ],
          [
            "parse + map to message objects",
            ms(x.ours.parse_and_map),
            ms(x.exchangelib?.parse_and_map),
            ratio(x.exchangelib?.parse_and_map, x.ours.parse_and_map),
          ],
        ],
        new Set([1, 2, 3]),
      ),
    );
  }

  out.push("");
  const s = report.settings;
  out.push(
    `Settings: ${s.iterations} iterations (at most 10 with latency) after ${s.warmup} warm-up, Inbox of ${s.inbox}+ messages, ` +
      `page ${s.page}, deep offset ${s.deepOffset}. ` +
      Object.entries(report.versions).map(([k, v]) => `${k} ${v}`).join(", "),
  );
  if (!report.exchangelib_available) {
    out.push("");
    out.push(`!!! COMPARISON SKIPPED: ${PYTHON} cannot import exchangelib (and lxml).`);
    out.push("!!! Only ews-mcp's numbers are shown. Install: apt-get install python3-exchangelib");
  }
  console.log(out.join("\n"));
}

// ---- main ----------------------------------------------------------------------------------------

function exchangelibAvailable(): boolean {
  const probe = spawnSync(PYTHON, ["-c", "import exchangelib, lxml"], { stdio: "ignore" });
  return probe.status === 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      iterations: { type: "string", default: "20" },
      warmup: { type: "string", default: "3" },
      latency: { type: "string" },
      inbox: { type: "string", default: "1200" },
      "xml-iterations": { type: "string", default: "30" },
      json: { type: "boolean", default: false },
      "server-source": { type: "boolean", default: false },
    },
  });
  const int = (name: string, value: string | undefined, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const options: Options = {
    iterations: int("iterations", values.iterations, 1),
    serverSource: values["server-source"],
    warmup: int("warmup", values.warmup, 0),
    inbox: int("inbox", values.inbox, 100),
    params: {
      page: 50,
      deepOffset: 1000,
      target: "pat@contoso.test",
      recipient: "bench@fabrikam.example",
    },
  };
  options.params.deepOffset = Math.min(
    options.params.deepOffset,
    options.inbox - options.params.page,
  );
  const latencies = [0];
  if (values.latency !== undefined) latencies.push(int("latency", values.latency, 1));
  const xmlIterations = int("xml-iterations", values["xml-iterations"], 0);
  const log = (line: string) => values.json || console.error(line);

  const python = exchangelibAvailable();
  if (!python) {
    console.error(
      `WARNING: ${PYTHON} cannot import exchangelib; the comparison is SKIPPED and only ` +
        "ews-mcp's numbers will be shown. Install it with: apt-get install python3-exchangelib",
    );
  }

  const rssStart = rssKib();
  const heapStart = process.memoryUsage().heapUsed;
  const ours: OursModule = await import("./bench/ours.ts");
  const rssAfterLoad = rssKib();
  let heapPeak = heapStart;
  const sample = () => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  };

  const passes: PassResult[] = [];
  let pythonMemory: PythonMemory | undefined;
  let pythonVersions: Record<string, string> = {};
  for (const latency of latencies) {
    const passOptions = latency === 0
      ? options
      : { ...options, iterations: Math.min(options.iterations, 10) };
    log(`latency ${latency} ms: ews-mcp …`);
    const ourResults = await runOurs(ours, latency, passOptions, sample);
    log(`latency ${latency} ms: ews-mcp server process over stdio …`);
    const server = await runServer(latency, passOptions);
    let theirs: Awaited<ReturnType<typeof runExchangelib>> | undefined;
    if (python) {
      log(`latency ${latency} ms: exchangelib …`);
      theirs = await runExchangelib(latency, passOptions);
      if (!pythonMemory || theirs.memory.peak_rss_kib > pythonMemory.peak_rss_kib) {
        pythonMemory = theirs.memory;
      }
    }
    passes.push({
      latency_ms: latency,
      server_process: { command: server.command, peak_rss_kib: server.peak_rss_kib },
      workloads: WORKLOADS.map((workload) => ({
        workload,
        label: describe(workload, options.params),
        ...ourResults.get(workload)!,
        ours_server: server.timings[workload] && summarise(server.timings[workload]),
        exchangelib: theirs?.timings.get(workload),
      })),
    });
  }
  const peak = procStatusKib("VmHWM") ?? rssKib();

  let xml: XmlResult | undefined;
  if (xmlIterations > 0) {
    log("XML parsing …");
    xml = await xmlBenchmark(options, xmlIterations, python);
  }
  if (python) {
    const run = spawnSync(PYTHON, [
      "-c",
      "import sys, exchangelib, lxml.etree as e; " +
      "print(sys.version.split()[0], exchangelib.__version__, '.'.join(map(str, e.LXML_VERSION)))",
    ], { encoding: "utf8" });
    const [py, el, lx] = run.stdout.trim().split(" ");
    pythonVersions = { python: py, exchangelib: el, lxml: lx };
  }

  const report: Report = {
    passes,
    memory: {
      ews_mcp: {
        rss_start_kib: rssStart,
        rss_after_load_kib: rssAfterLoad,
        peak_rss_kib: peak,
        heap_used_start: heapStart,
        heap_used_peak: heapPeak,
      },
      exchangelib: pythonMemory,
    },
    xml,
    profiles: await profileSizes(),
    exchangelib_available: python,
    versions: { deno: Deno.version.deno, v8: Deno.version.v8, ...pythonVersions },
    settings: {
      iterations: options.iterations,
      serverSource: options.serverSource,
      warmup: options.warmup,
      inbox: options.inbox,
      ...options.params,
    },
  };
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
}

await main();
