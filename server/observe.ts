/**
 * Observing the EWS client from outside (`ews/` knows nothing of the server): a transport that
 * times each round trip, counts throttling and stamps `client-request-id`, and a logger tap that
 * counts what the client and the mailbox resolver report (retries, context cache hits).
 */
import type { Logger } from "../ews/log.ts";
import {
  type HttpRequest,
  type HttpResponse,
  HttpTransport,
  type TransportOptions,
} from "../ews/transport.ts";
import { currentRequest } from "./context.ts";
import type { Metrics } from "./metrics.ts";

/** A transport whose every exchange is timed, counted and stamped with the request id. */
export class ObservedTransport extends HttpTransport {
  constructor(options: TransportOptions, metrics: Metrics) {
    super({ ...options, intercept: (request, send) => observe(metrics, request, send) });
  }
}

async function observe(
  metrics: Metrics,
  request: HttpRequest,
  send: (request: HttpRequest) => Promise<HttpResponse>,
): Promise<HttpResponse> {
  const operation = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(request.body)?.[1] ?? "unknown";
  const requestId = currentRequest()?.requestId;
  const headers = requestId
    ? { ...request.headers, "client-request-id": requestId, "return-client-request-id": "true" }
    : request.headers;
  const started = performance.now();
  let status = "error";
  try {
    const response = await send({ ...request, headers });
    status = String(response.status);
    if (response.status === 503 || /ErrorServerBusy/.test(response.body.slice(0, 4096))) {
      metrics.inc("ews_mcp_exchange_throttled_total");
    }
    return response;
  } finally {
    metrics.observeExchange(operation, (performance.now() - started) / 1000);
    metrics.inc("ews_mcp_exchange_requests_total", { operation, status });
  }
}

/** Counts the events the EWS client and resolver log; passes every line on unchanged. */
export function tapLogger(logger: Logger, metrics: Metrics): Logger {
  const count = (message: string) => {
    if (message === "Exchange is throttling; backing off") {
      metrics.inc("ews_mcp_exchange_retries_total");
    } else if (message === "Mailbox context cache hit") {
      metrics.inc("ews_mcp_mailbox_context_cache_total", { result: "hit" });
    } else if (message === "Mailbox context created") {
      metrics.inc("ews_mcp_mailbox_context_cache_total", { result: "miss" });
    }
  };
  return {
    level: logger.level,
    debug: (m, f) => (count(m), logger.debug(m, f)),
    info: (m, f) => (count(m), logger.info(m, f)),
    warn: (m, f) => (count(m), logger.warn(m, f)),
    error: (m, f) => (count(m), logger.error(m, f)),
  };
}
