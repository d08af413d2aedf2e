/**
 * What every route of the service receives: the store, the model, the clock, the options, and,
 * once authenticated, the staff member and their session (or the family member and theirs). Tests build these with their own clock
 * and a private database; `sightline serve` builds them from its options.
 */
import type { Db, StaffRole } from '../src/store/index.js';
import type { CallScorer } from './score/scorer.js';
import type { RateLimiter } from './auth/rate-limit.js';

/** Limits and switches of the service (all have defaults; see serverOptions). */
export interface ServerOptions {
  /** Failed logins before an account is locked. */
  readonly lockoutAfter: number;
  /** How long a lock lasts, in ms. */
  readonly lockoutMs: number;
  /** A session ends after this long without a request, in ms. */
  readonly sessionIdleMs: number;
  /** A session ends this long after login, whatever happens, in ms. */
  readonly sessionMaxMs: number;
  /** Login attempts allowed per client address per minute. */
  readonly loginPerMinute: number;
  /** Requests allowed per session per minute. */
  readonly requestsPerMinute: number;
  /**
   * Trust X-Forwarded-For / X-Forwarded-Proto (only behind one proxy that sets them): the client
   * address is the last X-Forwarded-For entry, the one that proxy appended.
   */
  readonly trustProxy: boolean;
  /** Folder of the analysts' HTML reports (audit/, replay/, monitoring/), or null. */
  readonly reportsDir: string | null;
  /** Demo mode: sample households for new calls, demo users listed on the login page. */
  readonly demo: boolean;
  /** scrypt cost as log2(N) for new password hashes (15 = 32 MiB with r = 8). */
  readonly scryptLogN: number;
  /** A family access code can be used until this long after it is issued, in ms. */
  readonly familyCodeMs: number;
  /** A family session ends after this long without a request, in ms. */
  readonly familySessionIdleMs: number;
  /** A family session ends this long after sign-in, whatever happens, in ms. */
  readonly familySessionMaxMs: number;
  /** Wrong family codes in a row from one client address before it is locked out. */
  readonly familyLockoutAfter: number;
}

/**
 * The defaults: 5 failed logins lock for 15 minutes; 30-minute idle, 12-hour sessions. Family
 * codes last 7 days; family sessions 20 idle minutes, 2 hours at most; 5 wrong codes in a row
 * from one address lock it out for 15 minutes (lockoutMs).
 */
export const DEFAULT_OPTIONS: ServerOptions = Object.freeze({
  lockoutAfter: 5,
  lockoutMs: 15 * 60_000,
  sessionIdleMs: 30 * 60_000,
  sessionMaxMs: 12 * 3_600_000,
  loginPerMinute: 20,
  requestsPerMinute: 1200,
  trustProxy: false,
  reportsDir: null,
  demo: false,
  scryptLogN: 15,
  familyCodeMs: 7 * 24 * 3_600_000,
  familySessionIdleMs: 20 * 60_000,
  familySessionMaxMs: 2 * 3_600_000,
  familyLockoutAfter: 5,
});

/** A line the service logs: never a person's data, only what happened to which route. */
export type LogLine = Readonly<Record<string, string | number | boolean | null>>;

/** The service's dependencies. */
export interface Deps {
  readonly db: Db;
  readonly scorer: CallScorer;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
  readonly options: ServerOptions;
  readonly log: (line: LogLine) => void;
  readonly limiter: RateLimiter;
}

/** The authenticated staff member of a request. */
export interface Staff {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly csrf: string;
  readonly tokenHash: string;
}

/**
 * The family member of a request, signed in with a one-time code: an adult named on one
 * referral, who may see that referral's household and nothing else.
 */
export interface Family {
  readonly personId: string;
  readonly referralId: string;
  readonly csrf: string;
  readonly tokenHash: string;
  /** Epoch ms when the session ends at the latest. */
  readonly expiresMs: number;
}

/** Hono's environment of the service's routes. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    staff: Staff | null;
    family: Family | null;
    requestId: string;
  };
}
