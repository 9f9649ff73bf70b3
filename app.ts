/**
 * Wiring: from a validated Config to the pieces that serve MCP — the EWS client, the mailbox
 * resolver, the audit log, and the selected tools. Used by `mod.ts` and by tests that run the
 * whole server in process.
 */
import { ianaTimeZone } from "./ews/timezones.ts";
import { readFileSync } from "node:fs";
import type { McpServer } from "@modelcontextprotocol/server";
import type { Config } from "./config/config.ts";
import { createAuditLog } from "./ews/audit.ts";
import { basicAuth } from "./ews/auth/basic.ts";
import { EwsClient } from "./ews/client.ts";
import type { Logger } from "./ews/log.ts";
import { MailboxResolver } from "./ews/mailbox/resolver.ts";
import { HttpTransport } from "./ews/transport.ts";
import { createMcpServerFactory } from "./server/mcp.ts";
import { selectTools } from "./tools/registry.ts";
import type { ToolDefinition } from "./tools/tool.ts";
import type { ToolRuntime } from "./tools/runner.ts";

export interface App {
  tools: ToolDefinition[];
  runtime: ToolRuntime;
  /** A fresh MCP server instance (the SDK asks for one per connection or request). */
  createServer: () => McpServer;
  close(): void;
}

export function createApp(config: Config, logger: Logger): App {
  const transport = new HttpTransport({
    maxSockets: 8,
    ca: config.ews.caFile ? readFileSync(config.ews.caFile, "utf8") : undefined,
  });
  const client = new EwsClient({
    endpoint: config.ews.endpoint,
    auth: basicAuth(config.ews.username, config.ews.password),
    serverVersion: config.ews.serverVersion,
    timeoutMs: config.ews.timeoutMs,
    timeZoneId: config.ews.windowsTimeZoneId,
    timeZone: config.ews.timeZone ? ianaTimeZone(config.ews.timeZone) : undefined,
    transport,
    logger,
  });
  const resolver = new MailboxResolver(client, {
    primaryMailbox: config.ews.email,
    impersonationEnabled: config.impersonation.enabled,
    impersonationType: config.impersonation.type,
    logger,
  });
  const audit = createAuditLog({
    serviceAccount: config.ews.email,
    file: config.auditLog,
    toStderr: config.logLevel === "DEBUG",
  });
  const tools = selectTools({ enabledAreas: config.enabledAreas, readOnly: config.readOnly });
  const runtime: ToolRuntime = { client, resolver, audit, logger };
  return {
    tools,
    runtime,
    createServer: createMcpServerFactory(tools, runtime),
    close() {
      resolver.clear();
      client.close();
    },
  };
}
