/**
 * The production shape: the ews-mcp server as its own process (the compiled binary, or the
 * source through Deno when no binary was built), driven over stdio by an MCP client, running the
 * same tool workloads. Reports its timings and its peak resident memory, read from the child's
 * /proc/PID/status before it exits.
 */
import { existsSync, readFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { toolWorkloads, type Workload, type WorkloadParams, WORKLOADS } from "./workloads.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

export interface ServerProcessResult {
  command: string;
  /** Peak resident set size of the server process in KiB (VmHWM), when readable. */
  peak_rss_kib?: number;
  timings: Partial<Record<Workload, number[]>>;
}

/** The compiled binary (EWS_MCP_BINARY or dist/ews-mcp) when present, else the source. */
function serverCommand(source: boolean): { command: string; args: string[]; label: string } {
  const binary = process.env.EWS_MCP_BINARY ?? `${REPO}dist/ews-mcp`;
  if (!source && existsSync(binary)) {
    return { command: binary, args: [], label: `${binary.replace(REPO, "")} (compiled binary)` };
  }
  return {
    command: Deno.execPath(),
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "--config",
      `${REPO}deno.json`,
      `${REPO}mod.ts`,
    ],
    label: "deno run mod.ts",
  };
}

function peakRss(pid: number | null): number | undefined {
  if (!pid) return undefined;
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n")
      .find((l) => l.startsWith("VmHWM:"));
    return line ? Number(line.split(/\s+/)[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function runServerProcess(
  url: string,
  account: { email: string; password: string },
  params: WorkloadParams,
  iterations: number,
  warmup: number,
  source = false,
): Promise<ServerProcessResult> {
  const { command, args, label } = serverCommand(source);
  const transport = new StdioClientTransport({
    command,
    args,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      EWS_SERVER_URL: url,
      EWS_EMAIL: account.email,
      EWS_PASSWORD: account.password,
      EWS_IMPERSONATION_ENABLED: "true",
      // The workloads reach every area (get_oof_settings is not in the default profile).
      EWS_TOOLSETS: "all",
      LOG_LEVEL: "ERROR",
    },
    stderr: "ignore",
  });
  const mcp = new Client({ name: "ews-mcp-bench", version: "1.0.0" });
  await mcp.connect(transport);
  try {
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = await mcp.callTool({ name, arguments: args });
      if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
      return result.structuredContent as Record<string, unknown>;
    };
    const first = await call("read_emails", { max_results: 1 });
    const newest = (first.emails as { id: string }[])[0].id;
    const runs = toolWorkloads(call, params, newest);
    const timings: Partial<Record<Workload, number[]>> = {};
    for (const workload of WORKLOADS) {
      for (let i = 0; i < warmup; i++) await runs[workload]();
      const samples: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const started = performance.now();
        await runs[workload]();
        samples.push(performance.now() - started);
      }
      timings[workload] = samples;
    }
    return { command: label, peak_rss_kib: peakRss(transport.pid), timings };
  } finally {
    await mcp.close();
  }
}
