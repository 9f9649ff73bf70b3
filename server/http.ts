/**
 * MCP over Streamable HTTP: the SDK's handler at `/mcp` (2026-07-28 clients, and 2025-era
 * clients through the stateless fallback; no per-process session state, so any replica serves
 * any request), behind the checks a team deployment needs, in this order, each before any work
 * the next one costs:
 *
 *   Host/Origin allow-lists → credentials in the query string refused → authentication (headers
 *   only) → per-caller rate limit → bounded body (size, nesting) → JSON-RPC checks → the SDK.
 *
 * Also `/healthz` (process up), `/readyz` (Exchange reachable and authenticated), `/metrics`
 * (Prometheus) and the OAuth protected-resource metadata (RFC 9728).
 */
import { Hono } from "hono";
import { createMcpHandler, type McpServer } from "@modelcontextprotocol/server";
import type { Logger } from "../ews/log.ts";
import { type Access, createAccess, isLoopbackBind, LOOPBACK_HOSTS } from "./access.ts";
import { type Authenticator, CREDENTIAL_PARAMS } from "./auth.ts";
import { readJsonBody } from "./body.ts";
import { authInfoFor } from "./caller.ts";
import { withRequest } from "./context.ts";
import type { Metrics } from "./metrics.ts";
import { createRateLimiter } from "./ratelimit.ts";
import { type RunningServer, type ServeOptions, serveWithTimeouts } from "./runtime.ts";

export interface HttpServerOptions {
  host: string;
  port: number;
  path: string;
  /** Host names accepted (any case); default: localhost names. `*` accepts any (not advised). */
  allowedHosts?: string[];
  /** Origins accepted; default: the allowed host names. */
  allowedOrigins?: string[];
  authenticator: Authenticator;
  /** Required to serve a non-loopback address without client authentication. */
  allowUnauthenticated?: boolean;
  trustedProxies?: string[];
  /** The URL clients reach this server at, when a proxy stands in front. */
  publicUrl?: URL;
  /** OAuth authorization servers for the protected-resource metadata (OAuth mode only). */
  authorizationServers?: string[];
  scopesSupported?: string[];
  /** Requests per minute per caller; 0 for no limit. */
  rateLimitPerMinute?: number;
  /** Largest request body accepted (bytes); see `maxMessageBytes`. */
  maxBodyBytes: number;
  timeouts?: Pick<ServeOptions, "headersTimeoutMs" | "requestTimeoutMs" | "idleTimeoutMs">;
  /** Whether Exchange answers (cached by the caller); `/readyz` reports it. */
  ready?: () => Promise<{ ok: boolean; detail?: string }>;
  metrics?: Metrics;
  logger: Logger;
}

export interface HttpServer extends RunningServer {
  /** Stops taking new calls (readiness turns 503), finishes those in flight, then closes. */
  close(drainMs?: number): Promise<void>;
}

/** Failed authentications a client address may make per minute before it is refused. */
export const AUTH_FAILURES_PER_MINUTE = 30;

export const RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

/** Refuses setups that would expose the mailboxes; returns the problems (empty when fine). */
export function exposureProblems(options: HttpServerOptions): string[] {
  if (isLoopbackBind(options.host)) return [];
  const problems: string[] = [];
  if (!options.authenticator.enabled && !options.allowUnauthenticated) {
    problems.push(
      `HTTP on ${options.host} with no client authentication: set MCP_API_KEYS, MCP_AUTH_TOKEN or ` +
        "MCP_OAUTH_JWKS_URL (or MCP_ALLOW_UNAUTHENTICATED=true when a proxy authenticates)",
    );
  }
  if (!options.allowedHosts?.length) {
    problems.push(
      `HTTP on ${options.host} needs MCP_ALLOWED_HOSTS: the host names clients use to reach it`,
    );
  }
  return problems;
}

export async function startHttpServer(
  factory: () => McpServer,
  options: HttpServerOptions,
): Promise<HttpServer> {
  const problems = exposureProblems(options);
  if (problems.length > 0) throw new Error(problems.join("; "));
  if (!isLoopbackBind(options.host) && !options.authenticator.enabled) {
    options.logger.warn(
      `MCP over HTTP on ${options.host} without client authentication ` +
        "(MCP_ALLOW_UNAUTHENTICATED=true): anyone who reaches this port acts on the mailboxes " +
        "this account can reach, unless the proxy in front authenticates them.",
    );
  }
  if (options.allowedHosts?.includes("*")) {
    options.logger.warn(
      "MCP_ALLOWED_HOSTS=* accepts any Host header: no DNS-rebinding protection. List your names.",
    );
  }
  const { app, handler, drain } = createHttpApp(factory, options);
  const server = await serveWithTimeouts((request, info) => app.fetch(request, info), {
    hostname: options.host,
    port: options.port,
    ...options.timeouts,
  });
  options.logger.info(
    `MCP over HTTP on http://${formatHost(options.host)}:${server.port}${options.path}`,
  );
  return {
    port: server.port,
    hostname: server.hostname,
    get inFlight() {
      return server.inFlight;
    },
    close: async (drainMs?: number) => {
      drain();
      await server.close(drainMs);
      await handler.close();
    },
  };
}

/** The Hono app alone (tests drive it with `app.fetch(request, { remoteAddress })`). */
export function createHttpApp(factory: () => McpServer, options: HttpServerOptions) {
  const { logger, metrics } = options;
  const handler = createMcpHandler(factory, {
    onerror: (error) => logger.debug("MCP request rejected", { error: error.message }),
    maxRequestBodySize: options.maxBodyBytes,
  });
  const access: Access = createAccess({
    allowedHosts: options.allowedHosts?.length ? options.allowedHosts : LOOPBACK_HOSTS,
    allowedOrigins: options.allowedOrigins,
    trustedProxies: options.trustedProxies ?? [],
  });
  const limiter = createRateLimiter(options.rateLimitPerMinute ?? 0);
  // Failed authentications per client address: once spent, guesses are refused unchecked.
  const failures = createRateLimiter(AUTH_FAILURES_PER_MINUTE);
  const oauth = options.authorizationServers !== undefined;
  let draining = false;

  type Env = { Bindings: { remoteAddress?: string } };
  const app = new Hono<Env>();

  // Refusals close the connection: a body left unread is not worth reading to keep it open.
  const refuse = (status: number, code: number, message: string, headers?: HeadersInit) =>
    Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, {
      status,
      headers: { ...headers, Connection: "close" },
    });

  const publicBase = (peer: ReturnType<Access["peer"]>) => {
    if (options.publicUrl) return options.publicUrl.origin;
    const host = peer.host ?? options.host;
    return `${peer.proto}://${host.includes(":") ? `[${host}]` : host}${
      peer.viaTrustedProxy ? "" : `:${options.port}`
    }`;
  };
  const metadataUrl = (peer: ReturnType<Access["peer"]>) =>
    `${publicBase(peer)}${RESOURCE_METADATA_PATH}${options.path}`;

  app.use("*", async (c, next) => {
    await next();
    metrics?.inc("ews_mcp_http_requests_total", { status: String(c.res.status) });
  });

  // Health endpoints answer whatever the Host: load balancers and probes use addresses.
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    if (draining) return c.json({ status: "draining" }, 503);
    const state = options.ready ? await options.ready() : { ok: true };
    return c.json(
      {
        status: state.ok ? "ready" : "not ready",
        ...(state.detail ? { detail: state.detail } : {}),
      },
      state.ok ? 200 : 503,
    );
  });

  // Scraped by address (Prometheus), like the probes; keep it off the public proxy.
  app.get("/metrics", (c) => {
    if (!metrics) return c.notFound();
    return c.text(metrics.render(), 200, { "Content-Type": "text/plain; version=0.0.4" });
  });

  // Everything below acts or reveals something: Host and Origin must be ours.
  app.use("*", async (c, next) => {
    const peer = access.peer(c.req.raw.headers, c.env?.remoteAddress ?? "");
    const refusal = access.refusal(peer, c.req.header("origin") ?? null);
    if (refusal) {
      metrics?.inc("ews_mcp_auth_failures_total", { reason: "host_or_origin" });
      logger.info("HTTP request refused", { reason: refusal, client: peer.address });
      return refuse(403, -32000, refusal);
    }
    c.set("peer" as never, peer as never);
    await next();
  });

  if (oauth) {
    const metadata = (c: { get(key: never): unknown }) => {
      const peer = c.get("peer" as never) as ReturnType<Access["peer"]>;
      return {
        resource: `${publicBase(peer)}${options.path}`,
        authorization_servers: options.authorizationServers,
        scopes_supported: options.scopesSupported ?? [],
        bearer_methods_supported: ["header"],
        resource_name: "ews-mcp",
      };
    };
    app.get(RESOURCE_METADATA_PATH, (c) => c.json(metadata(c)));
    app.get(`${RESOURCE_METADATA_PATH}${options.path}`, (c) => c.json(metadata(c)));
  }

  app.all(options.path, async (c) => {
    const peer = c.get("peer" as never) as ReturnType<Access["peer"]>;
    const requestId = crypto.randomUUID();
    const url = new URL(c.req.url);
    if (CREDENTIAL_PARAMS.some((name) => url.searchParams.has(name))) {
      metrics?.inc("ews_mcp_auth_failures_total", { reason: "credential_in_query" });
      return refuse(
        400,
        -32600,
        "Credentials are not accepted in the URL; send Authorization: Bearer <token>",
      );
    }
    if (draining) return refuse(503, -32000, "Server is shutting down", { "Retry-After": "1" });

    const blocked = options.authenticator.enabled ? failures.peek(peer.address) : 0;
    if (blocked > 0) {
      metrics?.inc("ews_mcp_auth_failures_total", { reason: "too_many_failures" });
      return refuse(429, -32000, "Too many failed authentications", {
        "Retry-After": String(blocked),
      });
    }
    const auth = await options.authenticator.authenticate(c.req.raw.headers);
    if (!auth.ok) {
      const missing = auth.error === "missing_credentials";
      metrics?.inc("ews_mcp_auth_failures_total", { reason: auth.error });
      // Wrong credentials count against the client address, so guessing keys is slow. (A
      // request with none is how OAuth clients discover where to get a token: not counted.)
      if (!missing && auth.status !== 503) failures.take(peer.address);
      const challenge = [
        `Bearer realm="ews-mcp"`,
        // RFC 6750 §3: no error code when the request carried no credentials at all.
        ...(missing ? [] : [`error="${auth.error}"`, `error_description="${auth.description}"`]),
        ...(oauth ? [`resource_metadata="${metadataUrl(peer)}"`] : []),
        ...(auth.error === "insufficient_scope" && options.scopesSupported?.length
          ? [`scope="${options.scopesSupported.join(" ")}"`]
          : []),
      ].join(", ");
      logger.info("HTTP request unauthenticated", {
        requestId,
        client: peer.address,
        reason: auth.description,
      });
      if (auth.status === 503) {
        logger.error("OAuth: signing keys unavailable", { jwks: "MCP_OAUTH_JWKS_URL" });
        return refuse(503, -32000, auth.description, { "Retry-After": "5" });
      }
      return refuse(
        auth.status,
        -32001,
        auth.status === 403 ? "Forbidden" : "Unauthorized",
        { "WWW-Authenticate": challenge },
      );
    }
    const wait = limiter.take(
      options.authenticator.enabled ? `caller:${auth.caller.name}` : `ip:${peer.address}`,
    );
    if (wait > 0) {
      metrics?.inc("ews_mcp_auth_failures_total", { reason: "rate_limited" });
      return refuse(429, -32000, "Too many requests", { "Retry-After": String(wait) });
    }

    let parsedBody: unknown;
    if (c.req.method === "POST" && isJson(c.req.header("content-type"))) {
      const body = await readJsonBody(c.req.raw, options.maxBodyBytes);
      if (!body.ok) return refuse(body.status, body.code, body.message);
      parsedBody = body.value;
    }
    const authInfo = authInfoFor(auth.caller, "", auth.scopes);
    return await withRequest({ requestId, caller: auth.caller.name }, async () => {
      const started = performance.now();
      const response = await handler.fetch(
        // The body was read above; the SDK gets the parsed value instead.
        parsedBody === undefined ? c.req.raw : new Request(c.req.raw.url, {
          method: "POST",
          headers: c.req.raw.headers,
          signal: c.req.raw.signal,
        }),
        { authInfo, ...(parsedBody !== undefined ? { parsedBody } : {}) },
      );
      const headers = new Headers(response.headers);
      headers.set("X-Request-Id", requestId);
      logger.debug("HTTP request", {
        requestId,
        caller: auth.caller.name,
        client: peer.address,
        status: response.status,
        ms: Math.round(performance.now() - started),
      });
      return new Response(response.body, { status: response.status, headers });
    });
  });

  return {
    app,
    handler,
    drain: () => {
      draining = true;
    },
  };
}

const isJson = (type: string | undefined) => /^application\/json\s*(;|$)/i.test(type?.trim() ?? "");

const formatHost = (host: string) => (host.includes(":") ? `[${host}]` : host);
