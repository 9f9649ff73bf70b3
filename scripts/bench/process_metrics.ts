/**
 * The server as a user runs it (the compiled binary when built, else `deno run mod.ts`), measured
 * from outside: start to the first `tools/list` answer, resident memory idle, after 1,000 calls
 * and across a 10,000-call soak, its own time per call (end-to-end minus the simulator's time),
 * and HTTP throughput with concurrent clients. Speaks raw JSON-RPC lines over stdio so the
 * driver adds as little as possible.
 */
import { readFileSync } from "node:fs";
import { spawn } from "node:child_process";
import process from "node:process";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { LineChild } from "./child.ts";
import { serverCommand } from "./server_process.ts";

export interface SimHandle {
  url: string;
  stats(): Promise<{ requests: number; busyMs: number }>;
}

const PROTOCOL = "2025-06-18";

function env(url: string, account: { email: string; password: string }) {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    EWS_SERVER_URL: url,
    EWS_EMAIL: account.email,
    EWS_PASSWORD: account.password,
    EWS_IMPERSONATION_ENABLED: "true",
    EWS_TOOLSETS: "all",
    LOG_LEVEL: "ERROR",
  };
}

function statusKib(pid: number | undefined, field: "VmRSS" | "VmHWM"): number | undefined {
  if (!pid) return undefined;
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n")
      .find((l) => l.startsWith(field + ":"));
    return line ? Number(line.split(/\s+/)[1]) : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** JSON-RPC over a child's stdio, one request at a time. */
class StdioRpc {
  #id = 0;
  constructor(readonly child: LineChild) {}

  send(method: string, params: unknown = {}): number {
    const id = ++this.#id;
    this.child.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    return id;
  }

  async reply(id: number): Promise<Record<string, unknown>> {
    for (;;) {
      const message = JSON.parse(await this.child.next());
      if (message.id === id) {
        if (message.error) throw new Error(JSON.stringify(message.error));
        return message.result;
      }
    }
  }

  request(method: string, params: unknown = {}) {
    return this.reply(this.send(method, params));
  }

  /** initialize, initialized and tools/list written at once, as a client does at start. */
  async handshake(): Promise<void> {
    const init = this.send("initialize", {
      protocolVersion: PROTOCOL,
      capabilities: {},
      clientInfo: { name: "ews-mcp-bench", version: "1.0.0" },
    });
    this.child.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    const list = this.send("tools/list");
    await this.reply(init);
    await this.reply(list);
  }

  async call(name: string, args: Record<string, unknown>): Promise<void> {
    const result = await this.request("tools/call", { name, arguments: args });
    if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  }
}

function spawnServer(
  source: boolean,
  url: string,
  account: { email: string; password: string },
): { rpc: StdioRpc; pid?: number; label: string } {
  const { command, args, label } = serverCommand(source);
  const child = new LineChild(command, args, env(url, account));
  return { rpc: new StdioRpc(child), pid: child.pid, label };
}

export interface StartResult {
  command: string;
  /** Spawn to the `tools/list` answer, per run. */
  samples_ms: number[];
  /** CPU time (user + system) the server had used by the answer, per run. */
  cpu_ms: number[];
  /** Resident memory a second after the answer, per run, KiB. */
  idle_rss_kib: number[];
}

/** User + system CPU time of a process so far, ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Starts the server `runs` times; each time, spawn → initialize → tools/list answered. */
export async function measureStart(
  source: boolean,
  url: string,
  account: { email: string; password: string },
  runs: number,
): Promise<StartResult> {
  const result: StartResult = { command: "", samples_ms: [], cpu_ms: [], idle_rss_kib: [] };
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const server = spawnServer(source, url, account);
    result.command = server.label;
    await server.rpc.handshake();
    result.samples_ms.push(performance.now() - started);
    result.cpu_ms.push(cpuMs(server.pid));
    await sleep(1000);
    result.idle_rss_kib.push(statusKib(server.pid, "VmRSS") ?? 0);
    await server.rpc.child.close();
  }
  return result;
}

export interface SoakResult {
  command: string;
  idle_rss_kib: number;
  /** [calls made, RSS KiB] every 1,000 calls. */
  rss_kib: [number, number][];
  peak_rss_kib?: number;
  /** Per call of the first 1,000: end-to-end minus the simulator's time, ms. */
  overhead_ms: number[];
  /** Per call of the first 1,000: end-to-end, ms. */
  end_to_end_ms: number[];
}

/**
 * `calls` tool calls in a row over stdio (listing, out-of-office, impersonated listing across
 * `team`), with the server's own time measured on the first 1,000.
 */
export async function soak(
  source: boolean,
  sim: SimHandle,
  account: { email: string; password: string },
  team: string[],
  calls: number,
): Promise<SoakResult> {
  const server = spawnServer(source, sim.url, account);
  try {
    await server.rpc.handshake();
    await sleep(500);
    const result: SoakResult = {
      command: server.label,
      idle_rss_kib: statusKib(server.pid, "VmRSS") ?? 0,
      rss_kib: [],
      overhead_ms: [],
      end_to_end_ms: [],
    };
    const mix: [string, (i: number) => Record<string, unknown>][] = [
      ["read_emails", () => ({ max_results: 10 })],
      ["get_oof_settings", () => ({})],
      ["read_emails", (i) => ({ max_results: 10, target_mailbox: team[i % team.length] })],
      ["read_emails", () => ({ max_results: 10, include_body: true })],
    ];
    for (let i = 1; i <= calls; i++) {
      const [name, args] = mix[i % mix.length];
      if (i <= 1000) {
        const before = await sim.stats();
        const started = performance.now();
        await server.rpc.call(name, args(i));
        const elapsed = performance.now() - started;
        const after = await sim.stats();
        result.end_to_end_ms.push(elapsed);
        result.overhead_ms.push(Math.max(0, elapsed - (after.busyMs - before.busyMs)));
      } else {
        await server.rpc.call(name, args(i));
      }
      if (i % 1000 === 0) result.rss_kib.push([i, statusKib(server.pid, "VmRSS") ?? 0]);
    }
    result.peak_rss_kib = statusKib(server.pid, "VmHWM");
    return result;
  } finally {
    await server.rpc.child.close();
  }
}

export interface HttpResult {
  command: string;
  clients: number;
  seconds: number;
  calls: number;
  calls_per_second: number;
}

/** The server in HTTP mode; `clients` MCP clients call read_emails in a loop for `seconds`. */
export async function httpThroughput(
  source: boolean,
  url: string,
  account: { email: string; password: string },
  clients: number,
  seconds: number,
): Promise<HttpResult> {
  const { command, args, label } = serverCommand(source);
  const child = spawn(command, [...args, "--transport", "http", "--port", "0"], {
    // The per-client rate limit (600/min by default) would cap the measurement itself.
    env: { ...env(url, account), LOG_LEVEL: "INFO", MCP_RATE_LIMIT: "0" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const mcpUrl = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`HTTP server did not start:\n${log}`)), 30_000);
    child.stderr!.on("data", (chunk: Uint8Array) => {
      log += new TextDecoder().decode(chunk);
      const match = /MCP over HTTP on (http:\/\/\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.on("exit", (code) => reject(new Error(`HTTP server exited with ${code}:\n${log}`)));
  });
  try {
    const connected = await Promise.all(Array.from({ length: clients }, async () => {
      const client = new Client({ name: "ews-mcp-bench", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(mcpUrl));
      return client;
    }));
    let calls = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(connected.map(async (client) => {
      while (performance.now() < until) {
        const result = await client.callTool({
          name: "read_emails",
          arguments: { max_results: 10 },
        });
        if (result.isError) throw new Error(JSON.stringify(result.content));
        calls++;
      }
    }));
    await Promise.all(connected.map((c) => c.close()));
    return { command: label, clients, seconds, calls, calls_per_second: calls / seconds };
  } finally {
    child.kill("SIGTERM");
  }
}
