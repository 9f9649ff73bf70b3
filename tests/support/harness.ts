/**
 * Runs the whole server in process for tool tests: a simulator on a loopback port, the app
 * wired to it as `alex@contoso.test`, and an MCP client connected through an in-memory
 * transport. Everything below the MCP client is the production code path.
 */
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { createApp } from "../../app.ts";
import { parseCli } from "../../config/cli.ts";
import { loadConfig } from "../../config/config.ts";
import { createLogger, type LogLevel } from "../../ews/log.ts";
import {
  DEMO_ACCOUNTS,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from "../../sim/mod.ts";

export interface Harness {
  client: Client;
  sim: RunningSimulator;
  /** Log and audit lines written while the harness ran. */
  logs: string[];
  /** Calls a tool and returns its result (structured content, or the error text). */
  call(name: string, args?: Record<string, unknown>): Promise<ToolCall>;
  close(): Promise<void>;
}

export interface ToolCall {
  isError: boolean;
  text: string;
  // deno-lint-ignore no-explicit-any
  data: any;
}

export interface HarnessOptions {
  /** Extra environment; a function sees the running simulator (its URL, token authority). */
  env?:
    | Record<string, string>
    | ((sim: RunningSimulator) => Record<string, string> | Promise<Record<string, string>>);
  /** Further simulator options (auth schemes, TLS). */
  sim?: SimulatorOptions;
  flags?: string[];
  /** Serve from this running simulator (a second server on one Exchange); left running on close. */
  simulator?: RunningSimulator;
  validateSchema?: boolean;
  record?: boolean;
  logLevel?: LogLevel;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = options.simulator ?? await startSimulator({
    ...options.sim,
    validateSchema: options.validateSchema,
    record: options.record,
    strictRouting: true,
  });
  const alex = DEMO_ACCOUNTS[0];
  const config = loadConfig({
    EWS_SERVER_URL: sim.url,
    EWS_EMAIL: alex.email,
    EWS_PASSWORD: alex.password,
    EWS_IMPERSONATION_ENABLED: "true",
    // Every area, so each tool can be tested; the default profile is tested on its own.
    EWS_TOOLSETS: "all",
    ...(typeof options.env === "function" ? await options.env(sim) : options.env),
  }, parseCli(options.flags ?? []));
  const logs: string[] = [];
  const app = createApp(
    config,
    createLogger(options.logLevel ?? "DEBUG", (line) => logs.push(line)),
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = app.createServer({ stateful: true });
  await server.connect(serverSide);
  const client = new Client({ name: "ews-mcp-tests", version: "1.0.0" });
  await client.connect(clientSide);
  return {
    client,
    sim,
    logs,
    async call(name, args = {}) {
      const result = await client.callTool({ name, arguments: args });
      const content = result.content as { type: string; text?: string }[];
      const text = content.map((c) => c.text ?? "").join("\n");
      return { isError: result.isError === true, text, data: result.structuredContent };
    },
    async close() {
      await client.close();
      await server.close();
      app.close();
      if (!options.simulator) await sim.close();
    },
  };
}
