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
import { createAuthScheme } from "./ews/auth/create.ts";
import { discoverEwsUrl } from "./ews/autodiscover.ts";
import { cachedEwsUrl, rememberEwsUrl } from "./ews/autodiscover_cache.ts";
import type { AuthScheme } from "./ews/auth/scheme.ts";
import { EwsClient } from "./ews/client.ts";
import type { Logger } from "./ews/log.ts";
import { MailboxResolver } from "./ews/mailbox/resolver.ts";
import { HttpTransport } from "./ews/transport.ts";
import { getOofSettings } from "./ews/ops/oof.ts";
import { createMcpServerFactory, type SessionOptions } from "./server/mcp.ts";
import { Metrics } from "./server/metrics.ts";
import { ObservedTransport, tapLogger } from "./server/observe.ts";
import { FileAccess } from "./tools/files.ts";
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
  /** The HTTP transport and auth scheme under the client (`ews-mcp check` probes with them). */
  transport: HttpTransport;
  auth: AuthScheme;
  close(): void;
}

/**
 * Without EWS_SERVER_URL: finds the EWS URL by Autodiscover (with the configured sign-in) and
 * writes it into `config`. Prints what was found, so the admin can pin it in EWS_SERVER_URL.
 */
export async function autodiscoverEndpoint(config: Config, logger: Logger): Promise<void> {
  const settings = config.ews.autodiscover;
  if (!settings) return;
  const cached = settings.cacheFile
    ? cachedEwsUrl(settings.cacheFile, config.ews.email)
    : undefined;
  if (cached) {
    config.ews.endpoint = cached;
    logger.info(`Autodiscover (cached): EWS at ${cached.href}`, { cache: settings.cacheFile });
    return;
  }
  const transport = new HttpTransport({
    maxSockets: 2,
    ca: config.ews.caFile ? readFileSync(config.ews.caFile, "utf8") : undefined,
    rejectUnauthorized: !config.ews.insecureSkipVerify,
  });
  const auth = createAuthScheme(config.ews.auth, transport, { timeoutMs: config.ews.timeoutMs });
  try {
    const found = await discoverEwsUrl({
      email: config.ews.email,
      auth,
      transport,
      timeoutMs: config.ews.timeoutMs,
      url: settings.url,
      allowedHosts: settings.allowedHosts,
      logger,
    });
    config.ews.endpoint = found.ewsUrl;
    if (settings.cacheFile) rememberEwsUrl(settings.cacheFile, config.ews.email, found.ewsUrl);
    logger.info(`Autodiscover found EWS at ${found.ewsUrl.href} (set EWS_SERVER_URL to skip this)`);
  } finally {
    auth.close?.();
    transport.close();
  }
}

/** Tool calls between full garbage collections (server/runtime.ts `collectGarbage`). */
const GC_EVERY_CALLS = 200;

export function createApp(config: Config, baseLogger: Logger): App {
  let calls = 0;
  const metrics = new Metrics();
  const logger = tapLogger(baseLogger, metrics);
  if (config.ews.insecureSkipVerify) {
    logger.warn(
      "EWS_INSECURE_SKIP_VERIFY=true: the Exchange server's certificate is NOT verified; anyone " +
        "between here and the server can read the credentials and mail. Use EWS_CA_FILE instead.",
    );
  }
  const transport = new ObservedTransport({
    // One request per connection: the pool's size is the concurrency toward Exchange; further
    // calls queue for a connection instead of tripping Exchange's throttling.
    maxSockets: config.ews.maxConcurrency,
    ca: config.ews.caFile ? readFileSync(config.ews.caFile, "utf8") : undefined,
    rejectUnauthorized: !config.ews.insecureSkipVerify,
  }, metrics);
  const auth = createAuthScheme(config.ews.auth, transport, { timeoutMs: config.ews.timeoutMs });
  const client = new EwsClient({
    endpoint: config.ews.endpoint,
    auth,
    serverVersion: config.ews.serverVersion,
    timeoutMs: config.ews.timeoutMs,
    timeZoneId: config.ews.windowsTimeZoneId,
    timeZone: config.ews.timeZone ? ianaTimeZone(config.ews.timeZone) : undefined,
    transport,
    logger,
    maxBackOffMs: config.ews.maxBackOffMs,
    serviceMailbox: config.ews.email,
  });
  const resolver = new MailboxResolver({
    primaryMailbox: config.ews.email,
    impersonationEnabled: config.impersonation.enabled,
    // App-only tokens must impersonate on every request; delegated tokens never may.
    impersonationType: auth.appOnly
      ? "impersonation"
      : auth.name === "bearer"
      ? "delegate"
      : config.impersonation.type,
    alwaysImpersonate: auth.appOnly,
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
    files: new FileAccess(config.files),
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
    transport,
    auth,
    close() {
      resolver.clear();
      client.close();
    },
  };
}
