/**
 * Logging in and out. A login is rate-limited per client address; a wrong password counts against
 * the account, and the fifth in a row (option) locks it for 15 minutes (option) — an administrator
 * can unlock it sooner. The answer to a failed login never says whether the account exists or is
 * locked; the audit log does (by user id, never the typed username).
 */
import type { Context } from 'hono';
import {
  appendAudit,
  clearLoginFailures,
  endSession,
  recordLoginFailure,
  userByName,
  type AuditInput,
  type UserRow,
} from '../../src/store/index.js';
import type { AppEnv, Deps, Staff } from '../context.js';
import { fail } from '../errors.js';
import { dummyHash, verifyPassword } from './password.js';
import { clearSessionCookie, startSession } from './session.js';
import { clientKey } from './client.js';

const FAILED =
  'login failed: wrong username or password, or the account is locked after repeated failures (an administrator can unlock it)';

/** Checks a username and password; starts a session or throws E_AUTH_FAILED / E_RATE_LIMITED. */
export async function login(
  c: Context<AppEnv>,
  deps: Deps,
  username: string,
  password: string,
): Promise<Staff> {
  const nowMs = deps.clock();
  const key = `login:${clientKey(c, deps.options.trustProxy)}`;
  if (!deps.limiter.take(key, deps.options.loginPerMinute, nowMs)) {
    c.header(
      'Retry-After',
      String(deps.limiter.retryAfter(key, deps.options.loginPerMinute, nowMs)),
    );
    fail(
      'E_RATE_LIMITED',
      'too many login attempts from this address; wait a minute and try again',
    );
  }
  const at = new Date(nowMs).toISOString();
  const user = await userByName(deps.db, username);
  if (user === undefined) {
    await verifyPassword(password, dummyHash(deps.options.scryptLogN));
    await deps.db.tx((sql) =>
      appendAudit(sql, at, [
        {
          actor: 'anonymous',
          action: 'login_failed',
          subject: 'user:unknown',
          details: { reason: 'unknown username' },
        },
      ]),
    );
    fail('E_AUTH_FAILED', FAILED);
  }
  const locked = user.locked_until_ms !== null && nowMs < user.locked_until_ms;
  const ok = !locked && user.active === 1 && (await verifyPassword(password, user.password_hash));
  if (!ok) {
    await recordFailure(deps, user, locked, nowMs, at);
    fail('E_AUTH_FAILED', FAILED);
  }
  return deps.db.tx(async (sql) => {
    await clearLoginFailures(sql, user.user_id);
    const staff = await startSession(c, sql, deps, user);
    await appendAudit(sql, at, [
      {
        actor: user.user_id,
        action: 'login',
        subject: `user:${user.user_id}`,
        details: { role: user.role },
      },
    ]);
    return staff;
  });
}

/** Counts a failed login (and locks the account at the limit), with its audit entries. */
async function recordFailure(
  deps: Deps,
  user: UserRow,
  locked: boolean,
  nowMs: number,
  at: string,
): Promise<void> {
  const subject = `user:${user.user_id}`;
  await deps.db.tx(async (sql) => {
    if (locked || user.active !== 1) {
      const reason = locked ? 'account locked' : 'account deactivated';
      await appendAudit(sql, at, [
        { actor: 'anonymous', action: 'login_failed', subject, details: { reason } },
      ]);
      return;
    }
    const fresh = await sql.get<{ failed_logins: number; locked_until_ms: number | null }>(
      'SELECT failed_logins, locked_until_ms FROM users WHERE user_id = ?',
      [user.user_id],
    );
    // A lock that has run out starts the count again.
    const before = fresh!.locked_until_ms !== null ? 0 : fresh!.failed_logins;
    const failures = before + 1;
    const lock = failures >= deps.options.lockoutAfter ? nowMs + deps.options.lockoutMs : null;
    await recordLoginFailure(sql, user.user_id, lock === null ? failures : 0, lock);
    const entries: AuditInput[] = [
      {
        actor: 'anonymous',
        action: 'login_failed',
        subject,
        details: { reason: 'wrong password', failures },
      },
    ];
    if (lock !== null) {
      entries.push({
        actor: 'system',
        action: 'lockout',
        subject,
        details: {
          reason: `${failures} failed logins in a row`,
          until: new Date(lock).toISOString(),
        },
      });
    }
    await appendAudit(sql, at, entries);
  });
}

/** Ends the request's session and clears its cookie. */
export async function logout(c: Context<AppEnv>, deps: Deps, staff: Staff): Promise<void> {
  const nowMs = deps.clock();
  await deps.db.tx(async (sql) => {
    await endSession(sql, staff.tokenHash, nowMs);
    await appendAudit(sql, new Date(nowMs).toISOString(), [
      { actor: staff.userId, action: 'logout', subject: `user:${staff.userId}`, details: {} },
    ]);
  });
  clearSessionCookie(c);
}
