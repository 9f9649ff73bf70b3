/**
 * Serving HTTP and reacting to shutdown signals, the same way on Deno (development, `deno
 * compile`) and Bun (the compiled fallback binary).
 *
 * Clients are served with `node:http` rather than `Deno.serve`/`Bun.serve`: `Deno.serve` has no header,
 * body or idle timeouts at all (an idle or trickling client holds its connection forever), and
 * `Bun.serve`'s single idle timeout would also cut long tool calls. `node:http` has the three
 * timeouts on both runtimes; requests and responses are bridged to web `Request`/`Response` so
 * everything above this file stays web-standard.
 */
import http from "node:http";
import type { Socket } from "node:net";
import { Buffer } from "node:buffer";
import process from "node:process";
import { Readable } from "node:stream";

/** Where a request came from; the remote port tells connections apart (keep-alive checks). */
export interface ConnectionInfo {
  remoteAddress: string;
  remotePort: number;
  /** DER of the certificate served on this connection (HTTPS), for channel-binding checks. */
  certificate?: Uint8Array;
}

export type FetchHandler = (
  request: Request,
  info: ConnectionInfo,
) => Response | Promise<Response>;

export interface ServeOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  /** A new connection must send its request headers within this time (slowloris). */
  headersTimeoutMs?: number;
  /** The whole request, body included, must arrive within this time. */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this time. */
  idleTimeoutMs?: number;
  /** Serve HTTPS with this certificate chain and key (PEM). */
  tls?: { cert: string; key: string };
}

export interface RunningServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  hostname: string;
  /** Requests being answered now. */
  readonly inFlight: number;
  /** Stops accepting, lets requests in flight finish (up to `drainMs`), then closes. */
  close(drainMs?: number): Promise<void>;
}

export const DEFAULT_TIMEOUTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
};

/** Serves a fetch handler with header, body and idle timeouts; resolves once listening. */
export function serveWithTimeouts(
  handler: FetchHandler,
  options: ServeOptions,
): Promise<RunningServer> {
  const headersMs = options.headersTimeoutMs ?? DEFAULT_TIMEOUTS.headersTimeoutMs;
  const requestMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs;
  const idleMs = options.idleTimeoutMs ?? DEFAULT_TIMEOUTS.idleTimeoutMs;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const sockets = new Set<Socket>();

  const server = http.createServer({
    headersTimeout: headersMs,
    requestTimeout: requestMs,
    keepAliveTimeout: idleMs,
  }, (req, res) => {
    inFlight++;
    // A connection busy with a request is not idle: a tool call may take minutes. But its body
    // must arrive in time (node's own requestTimeout is only checked every 30 s).
    req.socket.setTimeout(0);
    const bodyTimer = setTimeout(() => req.socket.destroy(), requestMs);
    req.on("end", () => clearTimeout(bodyTimer));
    if (req.method === "GET" || req.method === "HEAD" || req.headers["content-length"] === "0") {
      clearTimeout(bodyTimer); // nothing to wait for (and a GET may hold an event stream)
    }
    res.on("close", () => {
      clearTimeout(bodyTimer);
      inFlight--;
      if (!req.socket.destroyed) req.socket.setTimeout(idleMs);
      if (inFlight === 0) drained?.();
    });
    void answer(handler, req, res);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // A connection that never sends a request (or stops halfway) is closed.
    socket.setTimeout(headersMs, () => socket.destroy());
  });
  server.on("clientError", (_error: Error, socket: Socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once("error", (error) => reject(listenError(error, options.port)));
    server.listen(options.port, options.hostname, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : options.port;
      resolve({
        port,
        hostname: options.hostname,
        get inFlight() {
          return inFlight;
        },
        close: async (drainMs = 30_000) => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          // Idle keep-alive sockets would keep the server open; busy ones finish first.
          for (const socket of sockets) if (!busy(socket)) socket.destroy();
          if (inFlight > 0) {
            await new Promise<void>((done) => {
              drained = done;
              setTimeout(done, drainMs);
            });
          }
          for (const socket of sockets) socket.destroy();
          await closed;
        },
      });
    });
  });
}

// Sockets with a request in progress carry this marker (set in `answer`).
const BUSY = Symbol("busy");
const busy = (socket: Socket) => (socket as unknown as Record<symbol, number>)[BUSY] > 0;

async function answer(
  handler: FetchHandler,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const socket = req.socket as unknown as Record<symbol, number>;
  socket[BUSY] = (socket[BUSY] ?? 0) + 1;
  res.on("close", () => socket[BUSY]--);
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  let response: Response;
  try {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    }
    const method = req.method ?? "GET";
    const hasBody = method !== "GET" && method !== "HEAD";
    // The URL's host is never taken from the client; routing uses the path only.
    const request = new Request(new URL(req.url ?? "/", "http://ews-mcp.invalid"), {
      method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>) : null,
      signal: abort.signal,
      // @ts-ignore: required by fetch for streamed request bodies; not yet in every lib typing.
      duplex: "half",
    });
    response = await handler(request, {
      remoteAddress: req.socket.remoteAddress ?? "",
      remotePort: req.socket.remotePort ?? 0,
    });
  } catch {
    response = new Response("Internal Server Error", { status: 500 });
  }
  await writeResponse(response, req, res);
}

async function writeResponse(
  response: Response,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === "set-cookie" ? response.headers.getSetCookie() : value;
  });
  res.writeHead(response.status, headers);
  if (!response.body || req.method === "HEAD") {
    await response.body?.cancel();
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on("close", () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resume) => {
          res.once("drain", resume);
          res.once("close", resume);
        });
      }
      if (res.destroyed) return;
    }
    res.end();
  } catch {
    res.destroy();
  }
}

interface DenoLike {
  serve(
    options: { hostname: string; port: number; onListen?: () => void; cert?: string; key?: string },
    handler: (
      request: Request,
      info: { remoteAddr: { hostname: string; port: number } },
    ) => Response | Promise<Response>,
  ): { addr: { port: number; hostname: string }; shutdown(): Promise<void> };
}

interface BunLike {
  serve(options: {
    hostname: string;
    port: number;
    fetch: (request: Request, server: BunServer) => Response | Promise<Response>;
    idleTimeout?: number;
    tls?: { cert: string; key: string };
  }): BunServer;
  gc(full: boolean): void;
}

interface BunServer {
  port: number;
  hostname: string;
  requestIP(request: Request): { address: string; port: number } | null;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}

const runtime = globalThis as unknown as { Deno?: DenoLike; Bun?: BunLike };

/**
 * A full garbage collection where the runtime needs the hint. Under steady load Bun
 * (JavaScriptCore) lets resident memory grow far past the live heap before it collects (about
 * 60 → 145 MB over 3,000 tool calls with a 15 MB live heap); V8 (Deno) paces itself.
 */
export function collectGarbage(): void {
  runtime.Bun?.gc(true);
}

/** The port is taken by another program; both runtimes report it as `EADDRINUSE`. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  constructor(readonly port: number, options?: { cause?: unknown }) {
    super(`Port ${port} is in use`, options);
  }
}

/** Rewords a listen failure: a taken port becomes `PortInUseError`, anything else passes. */
function listenError(error: unknown, port: number): unknown {
  return (error as { code?: unknown }).code === "EADDRINUSE"
    ? new PortInUseError(port, { cause: error })
    : error;
}

/**
 * Serves a fetch handler with the runtime's own server (fast, no timeouts): for the simulator
 * and tests on loopback. Anything facing clients uses `serveWithTimeouts`. Rejects with
 * `PortInUseError` when the port is taken.
 */
export async function serveHttp(
  handler: FetchHandler,
  options: { hostname: string; port: number; tls?: ServeOptions["tls"] },
): Promise<RunningServer> {
  try {
    return await listen(handler, options);
  } catch (error) {
    throw listenError(error, options.port);
  }
}

function listen(
  handler: FetchHandler,
  options: { hostname: string; port: number; tls?: ServeOptions["tls"] },
): Promise<RunningServer> {
  const { tls, ...address } = options;
  const certificate = tls ? firstCertificateDer(tls.cert) : undefined;
  if (runtime.Bun) {
    // idleTimeout 0: long-lived SSE streams must not be cut by Bun's 10 s default.
    const server = runtime.Bun.serve({
      ...address,
      tls,
      idleTimeout: 0,
      fetch: (request, bun) => {
        const ip = bun.requestIP(request);
        return handler(request, {
          remoteAddress: ip?.address ?? "",
          remotePort: ip?.port ?? 0,
          certificate,
        });
      },
    });
    return Promise.resolve({
      port: server.port,
      hostname: server.hostname,
      inFlight: 0,
      close: async () => {
        await server.stop(true);
      },
    });
  }
  if (runtime.Deno) {
    return new Promise((resolve) => {
      const server = runtime.Deno!.serve(
        { ...address, ...(tls ?? {}), onListen: () => {} },
        (request, info) =>
          handler(request, {
            remoteAddress: info.remoteAddr.hostname,
            remotePort: info.remoteAddr.port,
            certificate,
          }),
      );
      resolve({
        port: server.addr.port,
        hostname: server.addr.hostname,
        inFlight: 0,
        close: () => server.shutdown(),
      });
    });
  }
  throw new Error("ews-mcp runs on Deno or Bun");
}

/** DER of the first certificate of a PEM chain (the one a TLS server presents). */
function firstCertificateDer(pem: string): Uint8Array | undefined {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  return match ? new Uint8Array(Buffer.from(match[1].replace(/\s+/g, ""), "base64")) : undefined;
}

/** Runs `cleanup` once on SIGINT/SIGTERM, then exits. */
export function onShutdown(cleanup: () => Promise<void> | void): void {
  let done = false;
  const handle = async () => {
    if (done) return;
    done = true;
    try {
      await cleanup();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
}
