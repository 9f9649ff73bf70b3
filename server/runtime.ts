/**
 * The few calls that differ between the runtimes we ship on (Deno for development, Bun for the
 * compiled fallback binary): serving HTTP and reacting to shutdown signals. Everything else in
 * the product uses web-standard and `node:` APIs.
 */
import process from "node:process";

/** Where a request came from; the remote port tells connections apart (keep-alive checks). */
export interface ConnectionInfo {
  remoteAddress: string;
  remotePort: number;
}

export type FetchHandler = (
  request: Request,
  info: ConnectionInfo,
) => Response | Promise<Response>;

export interface ServeOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
}

export interface RunningServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  hostname: string;
  close(): Promise<void>;
}

interface DenoLike {
  serve(
    options: { hostname: string; port: number; onListen?: () => void },
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
  }): BunServer;
}

interface BunServer {
  port: number;
  hostname: string;
  requestIP(request: Request): { address: string; port: number } | null;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}

const runtime = globalThis as unknown as { Deno?: DenoLike; Bun?: BunLike };

/** The port is taken by another program; both runtimes report it as `EADDRINUSE`. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  constructor(readonly port: number, options?: { cause?: unknown }) {
    super(`Port ${port} is in use`, options);
  }
}

/**
 * Serves a fetch handler on the given address and resolves once it is listening; rejects with
 * `PortInUseError` when the port is taken.
 */
export async function serveHttp(
  handler: FetchHandler,
  options: ServeOptions,
): Promise<RunningServer> {
  try {
    return await listen(handler, options);
  } catch (error) {
    if ((error as { code?: unknown }).code === "EADDRINUSE") {
      throw new PortInUseError(options.port, { cause: error });
    }
    throw error;
  }
}

function listen(handler: FetchHandler, options: ServeOptions): Promise<RunningServer> {
  if (runtime.Bun) {
    // idleTimeout 0: long-lived SSE streams must not be cut by Bun's 10 s default.
    const server = runtime.Bun.serve({
      ...options,
      idleTimeout: 0,
      fetch: (request, bun) => {
        const ip = bun.requestIP(request);
        return handler(request, { remoteAddress: ip?.address ?? "", remotePort: ip?.port ?? 0 });
      },
    });
    return Promise.resolve({
      port: server.port,
      hostname: server.hostname,
      close: async () => {
        await server.stop(true);
      },
    });
  }
  if (runtime.Deno) {
    return new Promise((resolve) => {
      const server = runtime.Deno!.serve(
        { ...options, onListen: () => {} },
        (request, info) =>
          handler(request, {
            remoteAddress: info.remoteAddr.hostname,
            remotePort: info.remoteAddr.port,
          }),
      );
      resolve({
        port: server.addr.port,
        hostname: server.addr.hostname,
        close: () => server.shutdown(),
      });
    });
  }
  throw new Error("ews-mcp runs on Deno or Bun");
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
