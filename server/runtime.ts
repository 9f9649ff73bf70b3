/**
 * The few calls that differ between the runtimes we ship on (Deno for development, Bun for the
 * compiled fallback binary): serving HTTP and reacting to shutdown signals. Everything else in
 * the product uses web-standard and `node:` APIs.
 */
import { Buffer } from "node:buffer";
import process from "node:process";

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
  /** Serve HTTPS with this certificate chain and key (PEM). */
  tls?: { cert: string; key: string };
}

export interface RunningServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  hostname: string;
  close(): Promise<void>;
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
}

interface BunServer {
  port: number;
  hostname: string;
  requestIP(request: Request): { address: string; port: number } | null;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}

const runtime = globalThis as unknown as { Deno?: DenoLike; Bun?: BunLike };

/** Serves a fetch handler on the given address and resolves once it is listening. */
export function serveHttp(handler: FetchHandler, options: ServeOptions): Promise<RunningServer> {
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
