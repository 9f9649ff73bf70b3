/** Counters a test or benchmark reads to check how a client used the server. */
export interface SimulatorStats {
  /** HTTP requests received (any method, any outcome). */
  requests: number;
  /** Distinct TCP connections seen (remote address and port): shows keep-alive reuse. */
  connections: number;
  /** SOAP requests per operation name (`FindItem`, ...), counted once the body was parsed. */
  byOperation: Record<string, number>;
  /** Replies with HTTP 401. */
  unauthorized: number;
  /** SOAP faults and injected HTTP errors sent. */
  faults: number;
  /**
   * Milliseconds the simulator spent on requests, from receiving one to having its reply ready
   * (added latency included): what a benchmark subtracts to get the client's own time.
   */
  busyMs: number;
}

export class StatsCollector {
  readonly stats: SimulatorStats = {
    requests: 0,
    connections: 0,
    byOperation: {},
    unauthorized: 0,
    faults: 0,
    busyMs: 0,
  };
  readonly #seen = new Set<string>();

  request(remoteAddress: string, remotePort: number): void {
    this.stats.requests++;
    if (remotePort === 0) return; // in-process calls have no connection
    const key = `${remoteAddress}|${remotePort}`;
    if (!this.#seen.has(key)) {
      this.#seen.add(key);
      this.stats.connections++;
    }
  }

  served(ms: number): void {
    this.stats.busyMs += ms;
  }

  operation(name: string): void {
    this.stats.byOperation[name] = (this.stats.byOperation[name] ?? 0) + 1;
  }

  reset(): void {
    this.#seen.clear();
    Object.assign(this.stats, {
      requests: 0,
      connections: 0,
      byOperation: {},
      unauthorized: 0,
      faults: 0,
      busyMs: 0,
    });
  }
}
