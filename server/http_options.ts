/**
 * The HTTP server's options as the configuration and the running app give them: one place, so
 * the program (mod.ts) and the in-process tests serve with the same settings.
 */
import type { App } from "../app.ts";
import type { Config } from "../config/config.ts";
import type { Logger } from "../ews/log.ts";
import { createAuthenticator } from "./auth.ts";
import type { HttpServerOptions } from "./http.ts";
import { maxMessageBytes } from "./limits.ts";

export function httpServerOptions(config: Config, app: App, logger: Logger): HttpServerOptions {
  const mcp = config.mcp;
  return {
    host: mcp.host,
    port: mcp.port,
    path: "/mcp",
    allowedHosts: mcp.allowedHosts,
    allowedOrigins: mcp.allowedOrigins,
    authenticator: createAuthenticator(mcp.apiKeys, mcp.oauth),
    allowUnauthenticated: mcp.allowUnauthenticated,
    trustedProxies: mcp.trustedProxies,
    publicUrl: mcp.publicUrl,
    authorizationServers: mcp.oauth?.authorizationServers,
    scopesSupported: mcp.oauth?.requiredScopes,
    rateLimitPerMinute: mcp.rateLimitPerMinute,
    maxBodyBytes: maxMessageBytes(app.tools),
    ready: () => app.ready(),
    metrics: app.metrics,
    logger,
  };
}
