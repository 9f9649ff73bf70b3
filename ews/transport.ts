/**
 * HTTP for EWS on `node:http`/`node:https` with keep-alive agents. We use them rather than
 * `fetch` because they behave the same under Deno and Bun, reuse sockets predictably, let a
 * connection-bound scheme (NTLM) pin one socket, and accept a private CA for on-premises servers.
 */
import http from "node:http";
import https from "node:https";
import { EwsError } from "./errors.ts";

export interface HttpRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Send on this dedicated connection instead of the shared pool (NTLM pins one). */
  connection?: Connection;
  /** Aborts the request (the tool call was cancelled). */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One dedicated keep-alive connection to the server (an agent with a single socket). NTLM
 * authenticates a connection, not a request, so its handshake and the requests after it must
 * share one socket; the TLS certificate the server presented on it feeds the channel binding.
 */
export interface Connection {
  readonly id: number;
  /** DER of the certificate the server presented on the current socket (HTTPS only). */
  readonly peerCertificate?: Uint8Array;
  close(): void;
}

class PinnedConnection implements Connection {
  peerCertificate?: Uint8Array;
  constructor(readonly id: number, readonly http: http.Agent, readonly https: https.Agent) {}
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

export interface TransportOptions {
  /** Sockets kept per host; 1 gives connection affinity. */
  maxSockets?: number;
  /** Extra trusted CA certificates (PEM), for servers with a private CA. */
  ca?: string | string[];
  /** Verify the server certificate (on by default; turning it off is for labs only). */
  rejectUnauthorized?: boolean;
}

export class HttpTransport {
  readonly #http: http.Agent;
  readonly #https: https.Agent;
  readonly #options: TransportOptions;
  readonly #pinned = new Set<PinnedConnection>();
  #nextId = 1;

  constructor(options: TransportOptions = {}) {
    this.#options = options;
    const common = { keepAlive: true, maxSockets: options.maxSockets ?? 8, keepAliveMsecs: 30_000 };
    this.#http = new http.Agent(common);
    this.#https = new https.Agent({
      ...common,
      ca: options.ca,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
    });
  }

  /** Opens a dedicated connection (a one-socket keep-alive agent); see `Connection`. */
  connect(): Connection {
    const single = { keepAlive: true, maxSockets: 1, keepAliveMsecs: 30_000 };
    const connection = new PinnedConnection(
      this.#nextId++,
      new http.Agent(single),
      new https.Agent({
        ...single,
        ca: this.#options.ca,
        rejectUnauthorized: this.#options.rejectUnauthorized ?? true,
      }),
    );
    this.#pinned.add(connection);
    return connection;
  }

  /** Sends one request; resolves with the whole response, whatever its status. */
  send(request: HttpRequest): Promise<HttpResponse> {
    const secure = request.url.protocol === "https:";
    const lib = secure ? https : http;
    const pinned = request.connection as PinnedConnection | undefined;
    const agent = pinned
      ? (secure ? pinned.https : pinned.http)
      : secure
      ? this.#https
      : this.#http;
    const payload = new TextEncoder().encode(request.body);
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const req = lib.request(
        request.url,
        {
          method: "POST",
          agent,
          signal: request.signal,
          headers: { ...request.headers, "Content-Length": String(payload.byteLength) },
        },
        (res) => {
          if (pinned && secure) pinned.peerCertificate = peerCertificate(res.socket);
          const chunks: Uint8Array[] = [];
          res.on("data", (chunk: Uint8Array) => chunks.push(chunk));
          res.on("end", () =>
            finish(() =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: new TextDecoder().decode(concat(chunks)),
              })
            ));
          res.on("error", (error) => finish(() => reject(networkError(request.url, error))));
        },
      );
      const timer = setTimeout(() => {
        finish(() =>
          reject(
            new EwsError(
              `Exchange did not answer within ${Math.round(request.timeoutMs / 1000)} s`,
              {
                kind: "timeout",
                hint: "The server may be overloaded; raise REQUEST_TIMEOUT if it is just slow.",
              },
            ),
          )
        );
        req.destroy();
      }, request.timeoutMs);
      req.on("error", (error) => finish(() => reject(networkError(request.url, error))));
      req.end(payload);
    });
  }

  /** Closes idle sockets; in-flight requests finish. */
  close(): void {
    this.#http.destroy();
    this.#https.destroy();
    for (const connection of this.#pinned) connection.close();
    this.#pinned.clear();
  }
}

/** The DER certificate of a TLS socket, where the runtime exposes it. */
function peerCertificate(socket: unknown): Uint8Array | undefined {
  const tls = socket as { getPeerCertificate?: () => { raw?: Uint8Array } | undefined };
  const raw = tls.getPeerCertificate?.()?.raw;
  return raw && raw.byteLength > 0 ? new Uint8Array(raw) : undefined;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function networkError(url: URL, error: Error & { code?: string }): EwsError {
  const code = error.code ? ` (${error.code})` : "";
  const tls = /CERT|SSL|TLS|SELF_SIGNED|VERIFY|ISSUER/i.test(error.code ?? error.message);
  return new EwsError(`Could not reach Exchange at ${url.host}${code}: ${error.message}`, {
    kind: "network",
    hint: tls
      ? "The server certificate is not trusted; add your CA with EWS_CA_FILE."
      : "Check EWS_SERVER_URL and that the server is reachable from here.",
  });
}
