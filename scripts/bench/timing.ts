/** Median and 95th percentile of repeated runs. */
export interface Timing {
  median_ms: number;
  p95_ms: number;
  iterations: number;
}

export function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const p95 = sorted[Math.min(sorted.length - 1, Math.round(0.95 * (sorted.length - 1)))];
  return { median_ms: median, p95_ms: p95, iterations: samples.length };
}

/** Runs `warmup` untimed iterations, then times `iterations` sequential ones. */
export async function time(
  run: () => unknown,
  iterations: number,
  warmup: number,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}
