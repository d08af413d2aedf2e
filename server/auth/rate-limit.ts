/**
 * Rate limits as token buckets held in memory: each key (a client address for logins, a session
 * for everything else) may spend `perMinute` requests a minute, refilled continuously, with a
 * burst of the same size. Per process: a service scaled out behind a load balancer limits per
 * instance (the staff lockout, kept in the database, is global). Failure counts with a lockout
 * (family sign-in, per client address) are kept here too, in memory: an address is never stored.
 */

/** Buckets keyed by string. */
export interface RateLimiter {
  /** Takes one token from `key`'s bucket of `perMinute`; false when it is empty. */
  take(key: string, perMinute: number, nowMs: number): boolean;
  /** Seconds until `key` has a token again (for Retry-After). */
  retryAfter(key: string, perMinute: number, nowMs: number): number;
  /**
   * Counts a failure of `key`; the `after`-th in a row locks it until `nowMs + lockMs`. Returns
   * the end of the lock it starts, or null.
   */
  fail(key: string, nowMs: number, after: number, lockMs: number): number | null;
  /** Whether `key` is locked at `nowMs`. */
  locked(key: string, nowMs: number): boolean;
  /** Forgets `key`'s failures (a success). */
  succeed(key: string): void;
}

interface Failures {
  count: number;
  lockedUntil: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_KEYS = 50_000;

/** A new, empty set of buckets. */
export function createRateLimiter(): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const failures = new Map<string, Failures>();
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
    fail(key, nowMs, after, lockMs) {
      let f = failures.get(key);
      if (f === undefined || (f.lockedUntil !== 0 && nowMs >= f.lockedUntil)) {
        // A lock that has run out starts the count again.
        if (failures.size >= MAX_KEYS) pruneFailures(failures, nowMs);
        f = { count: 0, lockedUntil: 0 };
        failures.set(key, f);
      }
      f.count += 1;
      if (f.lockedUntil === 0 && f.count >= after) {
        f.lockedUntil = nowMs + lockMs;
        return f.lockedUntil;
      }
      return null;
    },
    locked(key, nowMs) {
      const f = failures.get(key);
      return f !== undefined && f.lockedUntil !== 0 && nowMs < f.lockedUntil;
    },
    succeed(key) {
      failures.delete(key);
    },
  };
}

/**
 * Makes room among the failure counts: drops those whose lock has run out, then, if still full,
 * the older half of those without a lock (an address dropped so starts its count again — the
 * price of a bounded map). Addresses still locked out are always kept, even past MAX_KEYS:
 * forgetting one would lift its lock early, and each took `after` failures to earn.
 */
function pruneFailures(failures: Map<string, Failures>, nowMs: number): void {
  let unlocked = 0;
  for (const [key, f] of failures) {
    if (f.lockedUntil === 0) unlocked++;
    else if (nowMs >= f.lockedUntil) failures.delete(key);
  }
  if (failures.size < MAX_KEYS) return;
  let n = Math.ceil(unlocked / 2);
  for (const [key, f] of failures) {
    if (n <= 0) break;
    if (f.lockedUntil !== 0) continue;
    failures.delete(key);
    n--;
  }
}

/** Drops buckets that have refilled completely (they hold no state worth keeping). */
function prune(buckets: Map<string, Bucket>, perMinute: number, nowMs: number): void {
  for (const [key, b] of buckets) {
    if (b.tokens + ((nowMs - b.at) / 60_000) * perMinute >= perMinute) buckets.delete(key);
  }
}
