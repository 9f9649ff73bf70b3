/**
 * The EWS client: one SOAP round trip at a time, with the envelope, auth, anchor-mailbox header,
 * timeouts and throttling back-off in one place. Operations (`ops/`) build bodies and read
 * replies; they never touch HTTP.
 */
import type { AuthScheme } from "./auth/scheme.ts";
import { EwsError } from "./errors.ts";
import { type Logger, silentLogger } from "./log.ts";
import { buildEnvelope } from "./soap/envelope.ts";
import {
  parseSoapReply,
  responseMessages,
  type ServerVersion,
  type SoapReply,
} from "./soap/reply.ts";
import { HttpTransport } from "./transport.ts";
import type { XmlNode } from "./xml/mod.ts";

export interface EwsClientOptions {
  /** Full EWS URL, e.g. https://mail.contoso.com/EWS/Exchange.asmx */
  endpoint: URL;
  auth: AuthScheme;
  /** RequestServerVersion, default Exchange2013_SP1. */
  serverVersion?: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Windows time zone id sent as TimeZoneContext. */
  timeZoneId?: string;
  /** The configured IANA zone (TIMEZONE) that local times in tool inputs and results use. */
  timeZone?: string;
  /** How often an idempotent request is retried when Exchange throttles (default 2). */
  maxRetries?: number;
  /** Cap on a single back-off pause in milliseconds (default 30 s). */
  maxBackOffMs?: number;
  transport?: HttpTransport;
  logger?: Logger;
}

/** Who a request acts for: the SOAP impersonation target and the X-AnchorMailbox header. */
export interface RequestTarget {
  /** SMTP address sent in ExchangeImpersonation, when impersonating. */
  impersonate?: string;
  /** Mailbox that routes the request (X-AnchorMailbox); always set. */
  anchorMailbox: string;
}

export interface CallOptions {
  /**
   * Whether repeating the request is harmless. Only idempotent requests are retried after
   * throttling: a retry must never send a mail twice.
   */
  idempotent: boolean;
  /** TimeZoneContext for this request (Windows id), instead of the configured one. */
  timeZoneId?: string;
}

export class EwsClient {
  readonly endpoint: URL;
  readonly serverVersion: string;
  /** The configured IANA time zone; UTC when none is configured. */
  readonly timeZone: string;
  /** What the server said it is, from the last reply's ServerVersionInfo. */
  lastServerVersion?: ServerVersion;
  readonly #auth: AuthScheme;
  readonly #transport: HttpTransport;
  readonly #timeoutMs: number;
  readonly #timeZoneId?: string;
  readonly #maxRetries: number;
  readonly #maxBackOffMs: number;
  readonly #log: Logger;

  constructor(options: EwsClientOptions) {
    this.endpoint = options.endpoint;
    this.serverVersion = options.serverVersion ?? "Exchange2013_SP1";
    this.#auth = options.auth;
    this.#transport = options.transport ??
      new HttpTransport({ maxSockets: options.auth.connectionBound ? 1 : 8 });
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    this.#timeZoneId = options.timeZoneId;
    this.timeZone = options.timeZone ?? "UTC";
    this.#maxRetries = options.maxRetries ?? 2;
    this.#maxBackOffMs = options.maxBackOffMs ?? 30_000;
    this.#log = options.logger ?? silentLogger;
  }

  /** Sends one operation and returns the parsed reply; throws EwsError on faults. */
  async call(
    operation: XmlNode,
    target: RequestTarget,
    options: CallOptions,
  ): Promise<SoapReply> {
    const envelope = buildEnvelope(operation, {
      serverVersion: this.serverVersion,
      impersonate: target.impersonate,
      timeZoneId: options.timeZoneId ?? this.#timeZoneId,
    });
    const name = operation.name.replace(/^.*:/, "");
    for (let attempt = 0;; attempt++) {
      const started = performance.now();
      try {
        const reply = await this.#roundTrip(envelope, target);
        this.#log.debug("EWS call", {
          operation: name,
          mailbox: target.anchorMailbox,
          ms: Math.round(performance.now() - started),
        });
        const throttled = options.idempotent && throttledBackOff(reply);
        if (throttled !== false && attempt < this.#maxRetries) {
          await this.#pause(name, throttled, attempt);
          continue;
        }
        return reply;
      } catch (error) {
        const retryable = options.idempotent && error instanceof EwsError &&
          error.kind === "throttled" && attempt < this.#maxRetries;
        if (!retryable) throw error;
        await this.#pause(name, (error as EwsError).backOffMs, attempt);
      }
    }
  }

  async #roundTrip(envelope: string, target: RequestTarget): Promise<SoapReply> {
    const response = await this.#auth.exchange((extra) =>
      this.#transport.send({
        url: this.endpoint,
        timeoutMs: this.#timeoutMs,
        body: envelope,
        headers: {
          "Content-Type": "text/xml; charset=utf-8",
          Accept: "text/xml",
          "User-Agent": "ews-mcp",
          // Routes the request to the right mailbox server (required by Exchange Online and
          // multi-server on-premises sites when acting for another mailbox).
          "X-AnchorMailbox": target.anchorMailbox,
          ...extra,
        },
      })
    );
    const reply = parseSoapReply(response.body, response.status);
    if (reply.serverVersion) {
      if (!this.lastServerVersion) {
        const v = reply.serverVersion;
        this.#log.info("Connected to Exchange", {
          build: `${v.majorVersion}.${v.minorVersion}.${v.majorBuildNumber}.${v.minorBuildNumber}`,
          schema: v.version,
        });
      }
      this.lastServerVersion = reply.serverVersion;
    }
    return reply;
  }

  async #pause(operation: string, backOffMs: number | undefined, attempt: number): Promise<void> {
    const ms = Math.min(backOffMs ?? 500 * 2 ** attempt, this.#maxBackOffMs);
    this.#log.warn("Exchange is throttling; backing off", { operation, ms, attempt: attempt + 1 });
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  close(): void {
    this.#transport.close();
  }
}

/** Back-off of a reply whose every response message says ErrorServerBusy, else false. */
function throttledBackOff(reply: SoapReply): number | undefined | false {
  const messages = responseMessages(reply);
  if (messages.length === 0) return false;
  const busy = messages.every((m) => m.responseCode === "ErrorServerBusy");
  return busy ? messages[0].backOffMs : false;
}
