/**
 * The HTTP server in process, as production wires it (mod.ts): a simulator, the app configured
 * from environment variables, and `startHttpServer` on a loopback port. Between the app and the
 * simulator sits a recording hop that keeps the HTTP headers of every EWS request, so tests can
 * see what reached Exchange (request ids, and never a client's credentials).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, createApp } from "../../app.ts";
import { parseCli } from "../../config/cli.ts";
import { loadConfig } from "../../config/config.ts";
import { createLogger } from "../../ews/log.ts";
import { type HttpServer, type HttpServerOptions, startHttpServer } from "../../server/http.ts";
import { httpServerOptions } from "../../server/http_options.ts";
import { DEMO_ACCOUNTS, type RunningSimulator, startSimulator } from "../../sim/mod.ts";

export interface HttpHarness {
  url: URL;
  server: HttpServer;
  app: App;
  sim: RunningSimulator;
  /** Headers of every request that reached the simulator. */
  ewsHeaders: Headers[];
  /** Holds every EWS request until the returned function is called (in-flight calls). */
  holdEws(): () => void;
  logs: string[];
  /** Audit lines written (parsed JSON). */
  audit(): Record<string, unknown>[];
  /** POSTs one JSON-RPC message (or raw text) to /mcp; reads JSON or one SSE event. */
  post(body: unknown, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Headers;
  // deno-lint-ignore no-explicit-any
  body: any;
}

export const KEY_A = "team-a-key-0123456789abcdef";
export const KEY_B = "team-b-key-fedcba9876543210";

export async function startHttpHarness(
  env: Record<string, string> = {},
  overrides: Partial<HttpServerOptions> = {},
): Promise<HttpHarness> {
  const sim = await startSimulator();
  const ewsHeaders: Headers[] = [];
  let gate: Promise<void> = Promise.resolve();
  const hop = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    ewsHeaders.push(request.headers);
    await gate;
    const target = new URL(new URL(request.url).pathname, sim.url);
    const response = await fetch(target, {
      method: request.method,
      headers: request.headers,
      body: await request.arrayBuffer(),
    });
    return new Response(await response.arrayBuffer(), {
      status: response.status,
      headers: response.headers,
    });
  });
  const alex = DEMO_ACCOUNTS[0];
  const auditFile = join(mkdtempSync(join(tmpdir(), "ews-mcp-audit-")), "audit.jsonl");
  const config = loadConfig({
    EWS_SERVER_URL: `http://127.0.0.1:${hop.addr.port}`,
    EWS_EMAIL: alex.email,
    EWS_PASSWORD: alex.password,
    EWS_IMPERSONATION_ENABLED: "true",
    EWS_TOOLSETS: "all",
    EWS_AUDIT_LOG: auditFile,
    ...env,
  }, parseCli([]));
  const logs: string[] = [];
  const logger = createLogger("DEBUG", (line) => logs.push(line));
  const app = createApp(config, logger);
  const server = await startHttpServer(() => app.createServer(), {
    ...httpServerOptions(config, app, logger),
    host: "127.0.0.1",
    port: 0,
    ...overrides,
  });
  const url = new URL(`http://127.0.0.1:${server.port}/mcp`);
  return {
    url,
    server,
    app,
    sim,
    ewsHeaders,
    holdEws() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return release;
    },
    logs,
    audit() {
      try {
        return readFileSync(auditFile, "utf8").trim().split("\n").filter(Boolean).map((l) =>
          JSON.parse(l)
        );
      } catch {
        return [];
      }
    },
    post: (body, headers = {}) => post(url, body, headers),
    async close() {
      await server.close(1000);
      app.close();
      await hop.shutdown();
      await sim.close();
    },
  };
}

export async function post(
  url: URL | string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      "MCP-Protocol-Version": "2025-06-18",
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text.trimStart().startsWith("{") || text.trimStart().startsWith("[")
    ? text
    : /^data: (.*)$/m.exec(text)?.[1];
  let parsed: unknown = text;
  try {
    parsed = json === undefined ? text : JSON.parse(json);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "tests", version: "1" },
  },
};

export const call = (name: string, args: Record<string, unknown> = {}, id = 2) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args },
});
