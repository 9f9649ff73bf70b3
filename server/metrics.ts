/**
 * Prometheus metrics in the text exposition format, kept in process (each replica is scraped on
 * its own). A handful of counters and one histogram; no client library needed for that.
 */
type Labels = Record<string, string>;

const EXCHANGE_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class Metrics {
  readonly #counters = new Map<string, { help: string; values: Map<string, number> }>();
  readonly #histogram = new Map<string, { counts: number[]; sum: number; count: number }>();

  constructor() {
    this.#counter("ews_mcp_tool_calls_total", "Tool calls by tool and outcome.");
    this.#counter("ews_mcp_exchange_requests_total", "EWS requests by operation and HTTP status.");
    this.#counter("ews_mcp_exchange_throttled_total", "EWS replies that said the server is busy.");
    this.#counter("ews_mcp_exchange_retries_total", "EWS requests retried after throttling.");
    this.#counter("ews_mcp_mailbox_context_cache_total", "Mailbox context lookups by result.");
    this.#counter("ews_mcp_http_requests_total", "HTTP requests by route and status.");
    this.#counter("ews_mcp_auth_failures_total", "Refused HTTP requests by reason.");
  }

  inc(name: string, labels: Labels = {}, by = 1): void {
    const counter = this.#counters.get(name);
    if (!counter) throw new Error(`unknown metric ${name}`);
    const key = labelText(labels);
    counter.values.set(key, (counter.values.get(key) ?? 0) + by);
  }

  /** Records one EWS round trip's duration. */
  observeExchange(operation: string, seconds: number): void {
    const key = labelText({ operation });
    let h = this.#histogram.get(key);
    if (!h) {
      h = { counts: EXCHANGE_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.#histogram.set(key, h);
    }
    EXCHANGE_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) h!.counts[i]++;
    });
    h.sum += seconds;
    h.count++;
  }

  /** A counter's current value (tests, readiness). */
  value(name: string, labels: Labels = {}): number {
    return this.#counters.get(name)?.values.get(labelText(labels)) ?? 0;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, counter] of this.#counters) {
      lines.push(`# HELP ${name} ${counter.help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of counter.values) lines.push(`${name}${labels} ${value}`);
    }
    const name = "ews_mcp_exchange_request_duration_seconds";
    lines.push(`# HELP ${name} EWS round-trip time by operation.`, `# TYPE ${name} histogram`);
    for (const [labels, h] of this.#histogram) {
      const inner = labels.slice(1, -1);
      EXCHANGE_BUCKETS.forEach((bound, i) => {
        lines.push(`${name}_bucket{${inner},le="${bound}"} ${h.counts[i]}`);
      });
      lines.push(`${name}_bucket{${inner},le="+Inf"} ${h.count}`);
      lines.push(`${name}_sum${labels} ${h.sum}`, `${name}_count${labels} ${h.count}`);
    }
    return lines.join("\n") + "\n";
  }

  #counter(name: string, help: string): void {
    this.#counters.set(name, { help, values: new Map() });
  }
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(",")}}`;
}
