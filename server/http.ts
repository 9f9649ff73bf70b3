/**
 * MCP over Streamable HTTP: a Hono app with the SDK's handler at `/mcp` (2026-07-28 clients, and
 * 2025-era clients through the stateless fallback), a health check, DNS-rebinding protection,
 * and an optional bearer token for deployments without an authenticating reverse proxy.
 */
import { createMcpHonoApp } from "@modelcontextprotocol/hono";
import { createMcpHandler, type McpServer } from "@modelcontextprotocol/server";
import { timingSafeEqual } from "node:crypto";
import { Buffer } from "node:buffer";
import type { Logger } from "../ews/log.ts";
import { type RunningServer, serveHttp } from "./runtime.ts";

export interface HttpServerOptions {
  host: string;
  port: number;
  path: string;
  /** Host header values accepted (reverse proxy names); default: localhost names when bound to loopback. */
  allowedHosts?: string[];
  /** When set, every MCP request must carry `Authorization: Bearer <token>`. */
  authToken?: string;
  logger: Logger;
}

export async function startHttpServer(
  factory: () => McpServer,
  options: HttpServerOptions,
): Promise<RunningServer> {
  const handler = createMcpHandler(factory, {
    onerror: (error) => options.logger.debug("MCP request rejected", { error: error.message }),
  });
  const app = createMcpHonoApp({ host: options.host, allowedHosts: options.allowedHosts });
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.all(options.path, async (c) => {
    if (options.authToken && !bearerMatches(c.req.header("authorization"), options.authToken)) {
      return c.json(
        { jsonrpc: "2.0", error: { code: -32001, message: "Unauthorized" }, id: null },
        401,
        { "WWW-Authenticate": 'Bearer realm="ews-mcp"' },
      );
    }
    // The Hono app parsed the JSON body already; hand it over instead of reading it twice.
    const parsedBody = (c as unknown as { get(key: string): unknown }).get("parsedBody");
    return await handler.fetch(c.req.raw, { parsedBody });
  });
  const server = await serveHttp((request) => app.fetch(request), {
    hostname: options.host,
    port: options.port,
  });
  options.logger.info(
    `MCP over HTTP on http://${formatHost(options.host)}:${server.port}${options.path}`,
  );
  return {
    ...server,
    close: async () => {
      await handler.close();
      await server.close();
    },
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1].trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const formatHost = (host: string) => (host.includes(":") ? `[${host}]` : host);
