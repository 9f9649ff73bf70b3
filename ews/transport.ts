/**
 * HTTP/1.1 for EWS on `node:net`/`node:tls`, with connections we hold ourselves.
 *
 * Why not `node:http`: under Deno its client silently sends a POST a second time when a reused
 * keep-alive connection drops after the server read the request, or when the request is destroyed
 * on timeout. For `CreateItem` with `SendAndSaveCopy` that is a second copy of a mail, and no
 * option turns it off. Why not `undici` (`Client`/`Pool` do make retries explicit): the compiled
 * binary is built by Bun, whose built-in `undici` module replaces the package and leaves `Client`
 * and `Pool` as stubs, so the binary would not run the code the tests run; nor does undici hand
 * out the connection an NTLM handshake must stay on, or its peer certificate for channel binding.
 * One SOAP endpoint needs little of HTTP: POST with a Content-Length body out; Content-Length,
 * chunked or read-until-close bodies back; no redirects, pipelining or compression. So this file
 * is the whole client, and it never sends anything twice: a request is written once, on one
 * connection, and any failure after that is reported as "may have reached the server".
 *
 * Connections are explicit. `HttpTransport.acquire()` lends a connection (an idle one from the
 * pool, or a new one; `fresh: true` always opens a new one), `HttpConnection.send()` runs one
 * exchange on it, and `release()` returns it to the pool when it is still usable. The client sends
 * writes (anything not idempotent) on a fresh connection, so a write never meets a connection the
 * server may already have closed, and reads reuse keep-alive connections.
 *
 * Seam for connection-bound authentication (NTLM, Negotiate): the EWS client passes the lent
 * connection to `AuthScheme.exchange(send, connection)`; `send` always goes out on that
 * connection. A scheme runs its handshake legs through `send`, remembers which connections it
 * authenticated (a `WeakSet<HttpConnection>`), and skips the handshake on those; a new connection
 * (the pool's replacement for a dropped one, or a write's fresh one) is simply not in the set and
 * authenticates again. `maxSockets` bounds how many authenticated connections exist at once.
 * Channel binding reads `connection.peerCertificate()` (the server certificate, raw DER).
 */
import { Buffer } from "node:buffer";
import net from "node:net";
import tls from "node:tls";
import { EwsError } from "./errors.ts";

export interface HttpRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; a header sent more than once (WWW-Authenticate) becomes an array. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface TransportOptions {
  /** Connections open at once per server (in use and idle); default 8. */
  maxSockets?: number;
  /** Extra trusted CA certificates (PEM), for servers with a private CA. */
  ca?: string | string[];
  /** Verify the server certificate (on by default; turning it off is for labs only). */
  rejectUnauthorized?: boolean;
  /** Replies larger than this are refused while reading (default 64 MiB). */
  maxResponseBytes?: number;
  /** Idle pooled connections are closed after this long (default 60 s; IIS keeps 120 s). */
  idleTimeoutMs?: number;
  /**
   * Wraps every exchange on every connection (metrics, request ids): gets the request and the
   * function that sends it, and must call that function at most once.
   */
  intercept?: Interceptor;
}

export type Interceptor = (
  request: HttpRequest,
  send: (request: HttpRequest) => Promise<HttpResponse>,
) => Promise<HttpResponse>;

export interface AcquireOptions {
  /** Open a new connection even if an idle one exists (for writes). */
  fresh?: boolean;
  /** Bounds connecting (TCP and TLS); default 30 s. */
  timeoutMs?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

let nextConnectionId = 1;

/** One TCP (or TLS) connection to the server, carrying one exchange at a time. */
export class HttpConnection {
  /** A number for logs and tests. */
  readonly id = nextConnectionId++;
  /** The server this connection goes to, e.g. `https://mail.contoso.com:443`. */
  readonly origin: string;
  readonly #socket: net.Socket;
  readonly #maxResponseBytes: number;
  readonly #intercept?: Interceptor;
  #requests = 0;
  #busy = false;
  #open = true;
  #closeAfter = false;

  private constructor(
    origin: string,
    socket: net.Socket,
    maxResponseBytes: number,
    intercept?: Interceptor,
  ) {
    this.origin = origin;
    this.#socket = socket;
    this.#maxResponseBytes = maxResponseBytes;
    this.#intercept = intercept;
    // The server may close an idle connection at any time; that only makes it unusable.
    socket.on("error", () => (this.#open = false));
    socket.on("close", () => (this.#open = false));
    socket.on("end", () => (this.#open = false));
  }

  /** Connects to `url`'s host. Failures here never reached the server. */
  static open(
    url: URL,
    options: TransportOptions & { timeoutMs?: number } = {},
  ): Promise<HttpConnection> {
    const secure = url.protocol === "https:";
    const port = Number(url.port || (secure ? 443 : 80));
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    return new Promise((resolve, reject) => {
      const socket = secure
        ? tls.connect({
          host,
          port,
          servername: net.isIP(host) ? undefined : host,
          ca: options.ca,
          rejectUnauthorized: options.rejectUnauthorized ?? true,
        })
        : net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new EwsError(`Could not connect to Exchange at ${url.host} in time`, {
            kind: "timeout",
            maybeDelivered: false,
            hint: "Check EWS_SERVER_URL and that the server is reachable from here.",
          }),
        );
      }, options.timeoutMs ?? 30_000);
      const fail = (error: Error & { code?: string }) => {
        clearTimeout(timer);
        socket.destroy();
        reject(networkError(url, error, false));
      };
      socket.once("error", fail);
      socket.once(secure ? "secureConnect" : "connect", () => {
        clearTimeout(timer);
        socket.off("error", fail);
        socket.setNoDelay(true);
        resolve(
          new HttpConnection(
            `${url.protocol}//${url.host}`,
            socket,
            options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
            options.intercept,
          ),
        );
      });
    });
  }

  /** Exchanges started on this connection (0: it has never carried a request). */
  get requests(): number {
    return this.#requests;
  }

  /** Whether another exchange may go out on this connection. */
  get reusable(): boolean {
    return this.#open && !this.#closeAfter && !this.#busy && !this.#socket.destroyed;
  }

  /** The server's certificate (raw DER) on a TLS connection, for channel binding. */
  peerCertificate(): Uint8Array | undefined {
    const socket = this.#socket as tls.TLSSocket;
    if (typeof socket.getPeerCertificate !== "function") return undefined;
    const raw = socket.getPeerCertificate(true)?.raw;
    return raw && raw.byteLength > 0 ? new Uint8Array(raw) : undefined;
  }

  /**
   * Sends one request on this connection and reads the whole reply, whatever its status. Never
   * retries. A failure before a byte was written has `maybeDelivered: false`; after, `true`.
   */
  send(request: HttpRequest): Promise<HttpResponse> {
    return this.#intercept ? this.#intercept(request, (r) => this.#send(r)) : this.#send(request);
  }

  #send(request: HttpRequest): Promise<HttpResponse> {
    if (this.#busy) throw new Error("HttpConnection.send: an exchange is already running");
    if (!this.reusable) {
      return Promise.reject(
        new EwsError(`The connection to ${this.origin} is closed`, {
          kind: "network",
          maybeDelivered: false,
          hint: "Try again.",
        }),
      );
    }
    this.#busy = true;
    this.#requests++;
    const head = requestHead(request);
    const payload = Buffer.from(request.body, "utf8");
    const socket = this.#socket;
    return new Promise<HttpResponse>((resolve, reject) => {
      const reader = new ResponseReader(this.#maxResponseBytes);
      let settled = false;
      const finish = (outcome: () => void, keep: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.off("data", onData);
        socket.off("end", onEnd);
        socket.off("close", onEnd);
        socket.off("error", onError);
        this.#busy = false;
        if (!keep) {
          this.#closeAfter = true;
          socket.destroy();
        }
        outcome();
      };
      const onData = (chunk: Uint8Array) => {
        let response: HttpResponse | undefined;
        try {
          response = reader.push(chunk);
        } catch (error) {
          finish(() => reject(error), false);
          return;
        }
        if (response) {
          const keep = reader.keepAlive && !reader.leftover;
          finish(() => resolve(response), keep);
        }
      };
      const onEnd = () => {
        const response = reader.end();
        if (response) finish(() => resolve(response), false);
        else {
          finish(() =>
            reject(
              new EwsError(
                reader.started
                  ? `Exchange's reply from ${this.origin} was cut off`
                  : `Exchange at ${this.origin} closed the connection without replying`,
                {
                  kind: "network",
                  maybeDelivered: true,
                  hint: "The request may have been carried out; check before repeating it.",
                },
              ),
            ), false);
        }
      };
      const onError = (error: Error & { code?: string }) =>
        finish(() => reject(networkError(new URL(this.origin), error, true)), false);
      const timer = setTimeout(() =>
        finish(() =>
          reject(
            new EwsError(
              `Exchange did not answer within ${Math.round(request.timeoutMs / 1000)} s`,
              {
                kind: "timeout",
                maybeDelivered: true,
                hint: "The server may be overloaded; raise REQUEST_TIMEOUT if it is just slow.",
              },
            ),
          ), false), request.timeoutMs);
      socket.on("data", onData);
      socket.on("end", onEnd);
      socket.on("close", onEnd);
      socket.on("error", onError);
      socket.write(Buffer.concat([head, payload]));
    });
  }

  /** Closes the connection (an exchange running on it fails). */
  close(): void {
    this.#closeAfter = true;
    this.#socket.destroy();
  }
}

/** Lends connections per server, keeps idle ones for reuse, and caps how many are open. */
export class HttpTransport {
  readonly #options: TransportOptions;
  readonly #maxSockets: number;
  readonly #pools = new Map<string, Pool>();
  #closed = false;

  constructor(options: TransportOptions = {}) {
    this.#options = options;
    this.#maxSockets = Math.max(1, options.maxSockets ?? 8);
  }

  /**
   * A connection to `url`'s server for the caller's exclusive use until `release()`. An idle
   * pooled one is reused unless `fresh` is set; waits while `maxSockets` connections are busy.
   */
  async acquire(url: URL, options: AcquireOptions = {}): Promise<HttpConnection> {
    if (this.#closed) throw new Error("HttpTransport is closed");
    const pool = this.#pool(url);
    for (;;) {
      if (!options.fresh) {
        while (pool.idle.length > 0) {
          const idle = pool.idle.pop()!;
          clearTimeout(idle.timer);
          if (idle.connection.reusable) return idle.connection;
          this.#discard(pool, idle.connection);
        }
      } else if (pool.open >= this.#maxSockets && pool.idle.length > 0) {
        // Make room for the fresh connection by closing the oldest idle one.
        const oldest = pool.idle.shift()!;
        clearTimeout(oldest.timer);
        this.#discard(pool, oldest.connection);
      }
      if (pool.open < this.#maxSockets) {
        pool.open++;
        try {
          return await HttpConnection.open(url, { ...this.#options, timeoutMs: options.timeoutMs });
        } catch (error) {
          pool.open--;
          this.#wake(pool);
          throw error;
        }
      }
      await new Promise<void>((resolve) => pool.waiters.push(resolve));
    }
  }

  /** Gives a connection back: kept for reuse when it can carry another exchange, else closed. */
  release(connection: HttpConnection): void {
    const pool = this.#pools.get(connection.origin);
    if (!pool) return connection.close();
    if (connection.reusable && !this.#closed) {
      const timer = setTimeout(() => {
        const at = pool.idle.findIndex((i) => i.connection === connection);
        if (at >= 0) pool.idle.splice(at, 1);
        this.#discard(pool, connection);
      }, this.#options.idleTimeoutMs ?? 60_000);
      (timer as { unref?: () => void }).unref?.();
      pool.idle.push({ connection, timer });
      this.#wake(pool);
    } else this.#discard(pool, connection);
  }

  /**
   * Sends one request: on a pooled connection when it is marked idempotent, else on a fresh one.
   * Never retried here; the caller decides what a failure means.
   */
  async send(request: HttpRequest, options: { idempotent?: boolean } = {}): Promise<HttpResponse> {
    const connection = await this.acquire(request.url, {
      fresh: options.idempotent !== true,
      timeoutMs: request.timeoutMs,
    });
    try {
      return await connection.send(request);
    } finally {
      this.release(connection);
    }
  }

  /** Connections open to `url`'s server (in use and idle). */
  openConnections(url: URL): number {
    return this.#pools.get(`${url.protocol}//${url.host}`)?.open ?? 0;
  }

  /** Closes idle connections; lent ones close when released. */
  close(): void {
    this.#closed = true;
    for (const pool of this.#pools.values()) {
      for (const idle of pool.idle.splice(0)) {
        clearTimeout(idle.timer);
        this.#discard(pool, idle.connection);
      }
    }
  }

  #pool(url: URL): Pool {
    const origin = `${url.protocol}//${url.host}`;
    let pool = this.#pools.get(origin);
    if (!pool) this.#pools.set(origin, pool = { idle: [], open: 0, waiters: [] });
    return pool;
  }

  #discard(pool: Pool, connection: HttpConnection): void {
    connection.close();
    pool.open--;
    this.#wake(pool);
  }

  #wake(pool: Pool): void {
    pool.waiters.shift()?.();
  }
}

interface Pool {
  idle: { connection: HttpConnection; timer: ReturnType<typeof setTimeout> }[];
  /** Connections that exist, idle or lent. */
  open: number;
  waiters: (() => void)[];
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function requestHead(request: HttpRequest): Uint8Array {
  const url = request.url;
  const lines = [`POST ${url.pathname || "/"}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === "host" || lower === "content-length") continue;
    if (!TOKEN.test(name) || /[\r\n\0]/.test(value)) {
      throw new Error(`Invalid HTTP header ${JSON.stringify(name)}`);
    }
    lines.push(`${name}: ${value}`);
  }
  lines.push(`Content-Length: ${Buffer.byteLength(request.body, "utf8")}`);
  return Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1");
}

/** Incremental HTTP/1.1 response parser with a size cap. */
class ResponseReader {
  #buffer: Buffer = Buffer.alloc(0);
  #status = 0;
  #headers: Record<string, string | string[]> = {};
  #framing: "head" | "length" | "chunked" | "close" | "done" = "head";
  #remaining = 0;
  #body: Buffer[] = [];
  #bodyBytes = 0;
  /** Whether the server may keep the connection open after this reply. */
  keepAlive = true;
  /** Whether any reply bytes arrived. */
  started = false;
  /** Bytes after the reply (a misbehaving server); the connection is not reused then. */
  leftover = false;

  constructor(private readonly maxBytes: number) {}

  /** Feeds bytes; returns the response once complete. */
  push(chunk: Uint8Array): HttpResponse | undefined {
    this.started = true;
    this.#buffer = this.#buffer.length
      ? Buffer.concat([this.#buffer, chunk])
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (;;) {
      if (this.#framing === "head") {
        const end = this.#buffer.indexOf("\r\n\r\n");
        if (end < 0) {
          if (this.#buffer.length > 64 * 1024) throw badReply("reply headers too large");
          return undefined;
        }
        const head = this.#buffer.subarray(0, end).toString("latin1");
        this.#buffer = this.#buffer.subarray(end + 4);
        this.#readHead(head);
        continue;
      }
      if (this.#framing === "length") {
        const take = Math.min(this.#remaining, this.#buffer.length);
        this.#append(this.#buffer.subarray(0, take));
        this.#buffer = this.#buffer.subarray(take);
        this.#remaining -= take;
        if (this.#remaining > 0) return undefined;
        return this.#complete();
      }
      if (this.#framing === "chunked") {
        if (this.#remaining > 0) {
          const take = Math.min(this.#remaining, this.#buffer.length);
          this.#append(this.#buffer.subarray(0, take));
          this.#buffer = this.#buffer.subarray(take);
          this.#remaining -= take;
          if (this.#remaining > 0) return undefined;
          this.#remaining = -2; // the CRLF after the chunk data
          continue;
        }
        const lineEnd = this.#buffer.indexOf("\r\n");
        if (lineEnd < 0) return undefined;
        const line = this.#buffer.subarray(0, lineEnd).toString("latin1");
        this.#buffer = this.#buffer.subarray(lineEnd + 2);
        if (this.#remaining === -2) {
          if (line !== "") throw badReply("malformed chunked body");
          this.#remaining = 0;
          continue;
        }
        if (this.#remaining === -1) {
          // Trailer section: ends with an empty line.
          if (line === "") return this.#complete();
          continue;
        }
        const size = parseInt(line.split(";")[0].trim(), 16);
        if (!Number.isFinite(size) || size < 0) throw badReply("malformed chunk size");
        if (size === 0) this.#remaining = -1;
        else {
          this.#checkSize(size);
          this.#remaining = size;
        }
        continue;
      }
      if (this.#framing === "close") {
        this.#append(this.#buffer);
        this.#buffer = Buffer.alloc(0);
        return undefined;
      }
      // done: anything more is not ours.
      if (this.#buffer.length > 0) this.leftover = true;
      return undefined;
    }
  }

  /** The connection ended: a reply framed by the close is complete, any other is cut off. */
  end(): HttpResponse | undefined {
    return this.#framing === "close" ? this.#complete() : undefined;
  }

  #readHead(head: string): void {
    const [statusLine, ...lines] = head.split("\r\n");
    const match = /^HTTP\/1\.([01]) (\d{3})/.exec(statusLine);
    if (!match) throw badReply("not an HTTP/1.1 reply");
    const status = Number(match[2]);
    if (status >= 100 && status < 200) return; // interim (100 Continue): the real head follows
    const headers: Record<string, string | string[]> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const seen = headers[name];
      headers[name] = seen === undefined ? value : [...[seen].flat(), value];
    }
    this.#status = status;
    this.#headers = headers;
    const connection = String(headers["connection"] ?? "").toLowerCase();
    this.keepAlive = match[1] === "1" ? !connection.includes("close") : connection.includes(
      "keep-alive",
    );
    const encoding = String(headers["transfer-encoding"] ?? "").toLowerCase();
    const length = headers["content-length"];
    if (status === 204 || status === 304) {
      this.#framing = "length";
      this.#remaining = 0;
    } else if (encoding.includes("chunked")) {
      this.#framing = "chunked";
      this.#remaining = 0;
    } else if (length !== undefined) {
      const n = Number([length].flat()[0]);
      if (!Number.isInteger(n) || n < 0) throw badReply("malformed Content-Length");
      this.#checkSize(n);
      this.#framing = "length";
      this.#remaining = n;
    } else {
      this.#framing = "close";
      this.keepAlive = false;
    }
  }

  #append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#checkSize(bytes.length);
    this.#body.push(Buffer.from(bytes));
    this.#bodyBytes += bytes.length;
  }

  #checkSize(more: number): void {
    if (this.#bodyBytes + more > this.maxBytes) {
      throw new EwsError(
        `Exchange's reply is larger than ${Math.round(this.maxBytes / 1024 / 1024)} MiB`,
        {
          kind: "server",
          maybeDelivered: true,
          hint: "Ask for less at once (fewer items, no bodies), or page through the results.",
        },
      );
    }
  }

  #complete(): HttpResponse {
    this.#framing = "done";
    if (this.#buffer.length > 0) this.leftover = true;
    return {
      status: this.#status,
      headers: this.#headers,
      body: new TextDecoder().decode(Buffer.concat(this.#body)),
    };
  }
}

function badReply(what: string): EwsError {
  return new EwsError(`Exchange sent an unreadable reply (${what})`, {
    kind: "server",
    maybeDelivered: true,
    hint: "The request may have been carried out; check before repeating it.",
  });
}

function networkError(
  url: URL,
  error: Error & { code?: string },
  maybeDelivered: boolean,
): EwsError {
  const code = error.code ? ` (${error.code})` : "";
  const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(error.code ?? error.message);
  return new EwsError(`Could not reach Exchange at ${url.host}${code}: ${error.message}`, {
    kind: "network",
    maybeDelivered,
    hint: maybeDelivered
      ? "The connection failed after the request was sent; it may have been carried out."
      : tls
      ? "The server certificate is not trusted; add your CA with EWS_CA_FILE."
      : "Check EWS_SERVER_URL and that the server is reachable from here.",
  });
}
