/**
 * Wiring: from a validated Config to the pieces that serve MCP — the EWS client, the mailbox
 * resolver, the audit log, and the selected tools. Used by `mod.ts` and by tests that run the
 * whole server in process.
 */
import { readFileSync } from "node:fs";
import type { McpServer } from "@modelcontextprotocol/server";
import type { Config } from "./config/config.ts";
import { createAuditLog } from "./ews/audit.ts";
import { basicAuth } from "./ews/auth/basic.ts";
import { EwsClient } from "./ews/client.ts";
import type { Logger } from "./ews/log.ts";
import { MailboxResolver } from "./ews/mailbox/resolver.ts";
import { getOofSettings } from "./ews/ops/oof.ts";
import { createMcpServerFactory, type SessionOptions } from "./server/mcp.ts";
import { Metrics } from "./server/metrics.ts";
import { ObservedTransport, tapLogger } from "./server/observe.ts";
import { collectGarbage } from "./server/runtime.ts";
import { selectTools, selectToolsets } from "./tools/registry.ts";
import type { ToolDefinition } from "./tools/tool.ts";
import type { ToolRuntime } from "./tools/runner.ts";

export interface App {
  tools: ToolDefinition[];
  runtime: ToolRuntime;
  /**
   * A fresh MCP server instance (the SDK asks for one per connection or request). Dynamic
   * toolsets apply only to stateful sessions; others get the configured tools.
   */
  createServer: (session?: SessionOptions) => McpServer;
  metrics: Metrics;
  /** Whether Exchange answers this account (cached for a few seconds). */
  ready(): Promise<{ ok: boolean; detail?: string }>;
  close(): void;
}

/** Tool calls between full garbage collections (server/runtime.ts `collectGarbage`). */
const GC_EVERY_CALLS = 200;

export function createApp(config: Config, baseLogger: Logger): App {
  let calls = 0;
  const metrics = new Metrics();
  const logger = tapLogger(baseLogger, metrics);
  const transport = new ObservedTransport({
    maxSockets: 8,
    ca: config.ews.caFile ? readFileSync(config.ews.caFile, "utf8") : undefined,
  }, metrics);
  const client = new EwsClient({
    endpoint: config.ews.endpoint,
    auth: basicAuth(config.ews.username, config.ews.password),
    serverVersion: config.ews.serverVersion,
    timeoutMs: config.ews.timeoutMs,
    timeZoneId: config.ews.windowsTimeZoneId,
    transport,
    logger,
    serviceMailbox: config.ews.email,
  });
  const resolver = new MailboxResolver({
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
  const runtime: ToolRuntime = {
    client,
    resolver,
    audit,
    logger,
    policy: config.mailboxPolicy,
    observe: (tool, outcome) => {
      metrics.inc("ews_mcp_tool_calls_total", { tool, outcome });
      // Keeps a busy server's memory flat (see collectGarbage); a few ms per GC_EVERY calls.
      if (++calls % GC_EVERY_CALLS === 0) collectGarbage();
    },
  };
  const dynamic = config.dynamicToolsets
    ? {
      toolsets: selectToolsets({ enabledAreas: config.availableAreas, readOnly: config.readOnly }),
      // Named toolsets are loaded at start; without names the session starts empty.
      initial: new Set(
        config.toolsetsNamed
          ? selectToolsets({ enabledAreas: config.enabledAreas, readOnly: config.readOnly })
            .map((t) => t.toolset.name)
          : [],
      ),
    }
    : undefined;
  let readiness: { at: number; state: Promise<{ ok: boolean; detail?: string }> } | undefined;
  return {
    tools,
    runtime,
    metrics,
    ready() {
      if (!readiness || performance.now() - readiness.at > 5_000) {
        const state = getOofSettings(client, resolver.primary).then(
          () => ({ ok: true }),
          (error) => ({ ok: false, detail: String((error as Error)?.message ?? error) }),
        );
        readiness = { at: performance.now(), state };
      }
      return readiness.state;
    },
    createServer: createMcpServerFactory({ tools, dynamic }, runtime),
    close() {
      resolver.clear();
      client.close();
    },
  };
}
