/**
 * The EWS client: one SOAP round trip at a time, with the envelope, auth, anchor-mailbox header,
 * timeouts and throttling back-off in one place. Operations (`ops/`) build bodies and read
 * replies; they never touch HTTP.
 *
 * Two safety rules live here so that no operation or tool can forget them:
 * - a request that is not idempotent goes out exactly once, on a fresh connection, and is never
 *   retried; a failure that leaves its fate open says so (`EwsError.maybeDelivered`);
 * - every id a request names must belong to the mailbox it acts for (`mailbox/ownership.ts`).
 */
import type { AuthScheme } from "./auth/scheme.ts";
import { cancelledError, currentSignal, pause } from "./cancellation.ts";
import { EwsError } from "./errors.ts";
import { type Logger, silentLogger } from "./log.ts";
import { buildEnvelope } from "./soap/envelope.ts";
import {
  parseSoapReply,
  responseMessages,
  type ServerVersion,
  type SoapReply,
} from "./soap/reply.ts";
import {
  IdOwnership,
  OWNER_PROBE_MAILBOX,
  type OwnerAnswer,
  targetMailbox,
} from "./mailbox/ownership.ts";
import { type HttpResponse, HttpTransport } from "./transport.ts";
import { find, x, type XmlNode } from "./xml/mod.ts";

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
  /**
   * The service account's own mailbox (EWS_EMAIL). Lets the id guard name the owner of an id an
   * impersonated user may not see.
   */
  serviceMailbox?: string;
  /** The id → mailbox cache of the guard (one per client by default). */
  ownership?: IdOwnership;
}

/** Who a request acts for: the SOAP impersonation target and the X-AnchorMailbox header. */
export interface RequestTarget {
  /** SMTP address sent in ExchangeImpersonation, when impersonating. */
  impersonate?: string;
  /** Mailbox that routes the request (X-AnchorMailbox); always set. */
  anchorMailbox: string;
  /**
   * Delegate access: we act as the service account on `anchorMailbox`, so every folder the
   * request names must name that mailbox.
   */
  delegate?: boolean;
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
  /** The service account's own mailbox (EWS_EMAIL), when configured. */
  readonly serviceMailbox?: string;
  readonly #auth: AuthScheme;
  readonly #transport: HttpTransport;
  readonly #timeoutMs: number;
  readonly #timeZoneId?: string;
  readonly #maxRetries: number;
  readonly #maxBackOffMs: number;
  readonly #log: Logger;
  readonly #ownership: IdOwnership;
  readonly #serviceTarget?: RequestTarget;

  constructor(options: EwsClientOptions) {
    this.endpoint = options.endpoint;
    this.serverVersion = options.serverVersion ?? "Exchange2013_SP1";
    this.#auth = options.auth;
    this.#transport = options.transport ??
      new HttpTransport({ maxSockets: options.auth.connectionBound ? 4 : 8 });
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    this.#timeZoneId = options.timeZoneId;
    this.timeZone = options.timeZone ?? "UTC";
    this.#maxRetries = options.maxRetries ?? 2;
    this.#maxBackOffMs = options.maxBackOffMs ?? 30_000;
    this.#log = options.logger ?? silentLogger;
    this.#ownership = options.ownership ?? new IdOwnership();
    this.serviceMailbox = options.serviceMailbox;
    this.#serviceTarget = options.serviceMailbox
      ? { anchorMailbox: options.serviceMailbox }
      : undefined;
  }

  /** Name of the configured authentication scheme (`basic`, `ntlm`, …). */
  get authName(): string {
    return this.#auth.name;
  }

  /**
   * Sends one operation and returns the parsed reply; throws EwsError on faults. Refuses, before
   * sending, a request naming ids of a mailbox other than `target`'s.
   */
  async call(
    operation: XmlNode,
    target: RequestTarget,
    options: CallOptions,
  ): Promise<SoapReply> {
    const learn = await this.#ownership.verify(
      operation,
      target,
      (ids, as) => this.#lookupOwners(ids, as),
      this.#serviceTarget,
    );
    const reply = await this.#call(operation, target, options);
    if (learn) this.#ownership.learn(reply.body, targetMailbox(target));
    return reply;
  }

  /** One ConvertId (EwsId → EwsId) for the guard: each id's mailbox, or Exchange's error code. */
  async #lookupOwners(ids: string[], target: RequestTarget): Promise<Map<string, OwnerAnswer>> {
    const reply = await this.#call(
      x(
        "m:ConvertId",
        { DestinationFormat: "EwsId" },
        x(
          "m:SourceIds",
          null,
          ids.map((id) =>
            x("t:AlternateId", { Format: "EwsId", Id: id, Mailbox: OWNER_PROBE_MAILBOX })
          ),
        ),
      ),
      target,
      { idempotent: true },
    );
    const answers = new Map<string, OwnerAnswer>();
    responseMessages(reply).forEach((message, i) => {
      if (i >= ids.length) return;
      const owner = find(message.element, "m:AlternateId")?.attrs.Mailbox;
      const echoed = owner?.toLowerCase() === OWNER_PROBE_MAILBOX;
      answers.set(
        ids[i],
        message.responseClass !== "Error" && owner && !echoed
          ? { owner }
          : { code: echoed ? "OwnerNotReported" : message.responseCode },
      );
    });
    return answers;
  }

  async #call(
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
        const reply = await this.#roundTrip(envelope, target, options.idempotent);
        this.#log.debug("EWS call", {
          operation: name,
          mailbox: target.anchorMailbox,
          ms: Math.round(performance.now() - started),
        });
        const throttled = options.idempotent && throttledBackOff(reply);
        if (throttled !== false && attempt < this.#maxRetries) {
          await this.#pause(name, throttled, attempt, "ErrorServerBusy");
          continue;
        }
        return reply;
      } catch (error) {
        const retryable = options.idempotent && error instanceof EwsError &&
          error.kind === "throttled" && attempt < this.#maxRetries;
        if (!retryable) throw error;
        await this.#pause(name, error.backOffMs, attempt, error.responseCode);
      }
    }
  }

  async #roundTrip(envelope: string, target: RequestTarget, idempotent: boolean) {
    const response = await this.#exchange(envelope, target, idempotent);
    let reply: SoapReply;
    try {
      reply = parseSoapReply(response.body, response.status, this.#auth.name);
    } catch (error) {
      if (!(error instanceof EwsError)) throw error;
      const hint = error.kind === "unauthorized" ? this.#auth.unauthorizedHint : undefined;
      throw error.with({
        maybeDelivered: mayHaveBeenCarriedOut(error, response.status),
        ...(hint && { hint }),
      });
    }
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

  /**
   * One authenticated HTTP exchange. A write gets a fresh connection and one attempt. A read on a
   * reused keep-alive connection that the server had already closed is tried once more on a fresh
   * one (harmless for a read; this is what HTTP clients do for idempotent requests).
   */
  async #exchange(
    envelope: string,
    target: RequestTarget,
    idempotent: boolean,
  ): Promise<HttpResponse> {
    const headers = {
      "Content-Type": "text/xml; charset=utf-8",
      Accept: "text/xml",
      "User-Agent": "ews-mcp",
      // Routes the request to the right mailbox server (required by Exchange Online and
      // multi-server on-premises sites when acting for another mailbox).
      "X-AnchorMailbox": target.anchorMailbox,
    };
    const signal = currentSignal();
    for (let attempt = 0;; attempt++) {
      if (signal?.aborted) throw cancelledError(false);
      const connection = await this.#transport.acquire(this.endpoint, {
        fresh: !idempotent || attempt > 0,
        timeoutMs: this.#timeoutMs,
      });
      const reused = connection.requests > 0;
      // Cancelling closes the connection: the request stops where it stands.
      const abort = () => connection.close();
      signal?.addEventListener("abort", abort, { once: true });
      try {
        if (signal?.aborted) throw cancelledError(false);
        return await this.#auth.exchange(
          (extra, sendOptions = {}) =>
            connection.send({
              url: this.endpoint,
              timeoutMs: this.#timeoutMs,
              // A handshake leg carries no body: only the final leg sends the operation.
              body: sendOptions.emptyBody ? "" : envelope,
              headers: { ...headers, ...extra },
            }),
          connection,
        );
      } catch (error) {
        if (signal?.aborted) {
          throw cancelledError(!(error instanceof EwsError) || error.maybeDelivered !== false);
        }
        const stale = idempotent && reused && attempt === 0 && error instanceof EwsError &&
          error.kind === "network";
        if (!stale) throw error;
        this.#log.debug("Kept-alive connection was closed; retrying the read", {
          connection: connection.id,
        });
      } finally {
        signal?.removeEventListener("abort", abort);
        this.#transport.release(connection);
      }
    }
  }

  /**
   * Waits before a retry: as long as Exchange asked (BackOffMilliseconds) when that is within
   * the cap, else a clear error rather than a long silent wait; without a hint, exponential
   * back-off with jitter so that parallel calls do not come back in lockstep.
   */
  async #pause(
    operation: string,
    backOffMs: number | undefined,
    attempt: number,
    code: string | undefined,
  ): Promise<void> {
    if (backOffMs !== undefined && backOffMs > this.#maxBackOffMs) {
      throw new EwsError(
        `Exchange is throttling ${operation} and asks to wait ${Math.ceil(backOffMs / 1000)} s`,
        {
          kind: "throttled",
          responseCode: code,
          backOffMs,
          maybeDelivered: false,
          hint: `That is longer than EWS_MAX_BACKOFF (${
            Math.round(this.#maxBackOffMs / 1000)
          } s); try again later, or lower the load on the server.`,
        },
      );
    }
    const ms = backOffMs ?? Math.round(500 * 2 ** attempt * (0.5 + Math.random()));
    this.#log.warn("Exchange is throttling; backing off", {
      operation,
      ms,
      attempt: attempt + 1,
      code,
    });
    await pause(ms, currentSignal());
  }

  close(): void {
    this.#auth.close?.();
    this.#transport.close();
  }
}

/**
 * Whether a request whose reply could not be used may still have been carried out. A SOAP fault
 * is Exchange's answer that it did not (except an internal error, which may strike half-way); 401,
 * 403, 404 and 429 are refusals before the operation ran; anything else (502/503/504 from a
 * gateway, a cut-off or unreadable body) leaves it open.
 */
function mayHaveBeenCarriedOut(error: EwsError, status: number): boolean {
  if (error.responseCode) return error.responseCode === "ErrorInternalServerError";
  return ![401, 403, 404, 405, 429].includes(status);
}

/** Back-off of a reply whose every response message says ErrorServerBusy, else false. */
function throttledBackOff(reply: SoapReply): number | undefined | false {
  const messages = responseMessages(reply);
  if (messages.length === 0) return false;
  const busy = messages.every((m) => m.responseCode === "ErrorServerBusy");
  return busy ? messages[0].backOffMs : false;
}
