/**
 * Rate limits as token buckets held in memory: each key (a client address for logins, a session
 * for everything else) may spend `perMinute` requests a minute, refilled continuously, with a
 * burst of the same size. Per process: a service scaled out behind a load balancer limits per
 * instance (the lockout, kept in the database, is global).
 */

/** Buckets keyed by string. */
export interface RateLimiter {
  /** Takes one token from `key`'s bucket of `perMinute`; false when it is empty. */
  take(key: string, perMinute: number, nowMs: number): boolean;
  /** Seconds until `key` has a token again (for Retry-After). */
  retryAfter(key: string, perMinute: number, nowMs: number): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_KEYS = 50_000;

/** A new, empty set of buckets. */
export function createRateLimiter(): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const level = (key: string, perMinute: number, nowMs: number): Bucket => {
    let b = buckets.get(key);
    if (b === undefined) {
      if (buckets.size >= MAX_KEYS) prune(buckets, perMinute, nowMs);
      b = { tokens: perMinute, at: nowMs };
      buckets.set(key, b);
    }
    const refill = ((nowMs - b.at) / 60_000) * perMinute;
    b.tokens = Math.min(perMinute, b.tokens + Math.max(0, refill));
    b.at = nowMs;
    return b;
  };
  return {
    take(key, perMinute, nowMs) {
      const b = level(key, perMinute, nowMs);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    retryAfter(key, perMinute, nowMs) {
      const b = level(key, perMinute, nowMs);
      return Math.max(1, Math.ceil(((1 - b.tokens) / perMinute) * 60));
    },
  };
}

/** Drops buckets that have refilled completely (they hold no state worth keeping). */
function prune(buckets: Map<string, Bucket>, perMinute: number, nowMs: number): void {
  for (const [key, b] of buckets) {
    if (b.tokens + ((nowMs - b.at) / 60_000) * perMinute >= perMinute) buckets.delete(key);
  }
}
