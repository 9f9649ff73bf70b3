/**
 * Per-caller rate limit: a token bucket per caller (API key or token subject, or the client
 * address before authentication), refilled continuously. Buckets live in this process; behind
 * several replicas each enforces its share, which is what a limit against runaway clients needs.
 */
export interface RateLimiter {
  /** 0 when the request may go ahead, else the seconds to wait before retrying. */
  take(key: string): number;
  /** Like `take`, without spending anything. */
  peek(key: string): number;
}

export function createRateLimiter(perMinute: number, maxKeys = 10_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const rate = perMinute / 60_000; // tokens per ms
  const refill = (key: string) => {
    const now = performance.now();
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
      bucket = { tokens: perMinute, at: now };
      buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    return bucket;
  };
  const wait = (tokens: number) => Math.max(1, Math.ceil((1 - tokens) / rate / 1000));
  return {
    peek(key) {
      if (perMinute <= 0) return 0;
      const bucket = refill(key);
      return bucket.tokens >= 1 ? 0 : wait(bucket.tokens);
    },
    take(key) {
      if (perMinute <= 0) return 0;
      const bucket = refill(key);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return wait(bucket.tokens);
    },
  };
}
