/**
 * Logging in and out. A login is rate-limited per client address; a wrong password counts against
 * the account, and the fifth in a row (option) locks it for 15 minutes (option) — an administrator
 * can unlock it sooner. The count and the lock are written in one statement when a login's result
 * is recorded, so that parallel logins can neither lose a failure nor undo a lock. The answer to a
 * failed login never says whether the account exists or is locked, in its words or in its time;
 * the audit log does (by user id, never the typed username).
 */
import type { Context } from 'hono';
import {
  appendAudit,
  endSession,
  recordLoginFailure,
  recordLoginSuccess,
  userById,
  userByName,
  type AuditInput,
  type Sql,
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
  // Every login hashes once, refused or not: against the account's hash (even when it is locked
  // or deactivated) or a dummy's for an unknown username, so that its time tells nothing.
  const hash = user?.password_hash ?? dummyHash(deps.options.scryptLogN);
  const matches = await verifyPassword(password, hash);
  if (user === undefined) {
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
  // The account's state is decided when the result is written, not when it was read before the
  // hash: parallel logins may have locked (or an administrator deactivated) it meanwhile.
  const staff = await deps.db.tx((sql) =>
    matches
      ? admit(c, sql, deps, user, nowMs, at)
      : recordFailure(sql, deps, user, nowMs, at).then(() => null),
  );
  if (staff === null) fail('E_AUTH_FAILED', FAILED);
  return staff;
}

/** Starts the session of a right password, unless the account is locked or deactivated by now. */
async function admit(
  c: Context<AppEnv>,
  sql: Sql,
  deps: Deps,
  user: UserRow,
  nowMs: number,
  at: string,
): Promise<Staff | null> {
  if (!(await recordLoginSuccess(sql, user.user_id, nowMs))) {
    await auditRefusal(sql, user.user_id, nowMs, at);
    return null;
  }
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
}

/** Counts a wrong password (and locks the account at the limit), with its audit entries. */
async function recordFailure(
  sql: Sql,
  deps: Deps,
  user: UserRow,
  nowMs: number,
  at: string,
): Promise<void> {
  const { lockoutAfter, lockoutMs } = deps.options;
  const counted = await recordLoginFailure(sql, user.user_id, nowMs, lockoutAfter, lockoutMs);
  if (counted === undefined) return auditRefusal(sql, user.user_id, nowMs, at);
  const { failures, lockedUntilMs } = counted;
  const subject = `user:${user.user_id}`;
  const entries: AuditInput[] = [
    {
      actor: 'anonymous',
      action: 'login_failed',
      subject,
      details: { reason: 'wrong password', failures },
    },
  ];
  if (lockedUntilMs !== null) {
    entries.push({
      actor: 'system',
      action: 'lockout',
      subject,
      details: {
        reason: `${failures} failed logins in a row`,
        until: new Date(lockedUntilMs).toISOString(),
      },
    });
  }
  await appendAudit(sql, at, entries);
}

/** The audit entry of a login refused whatever the password: the account is locked or inactive. */
async function auditRefusal(sql: Sql, userId: string, nowMs: number, at: string): Promise<void> {
  const u = await userById(sql, userId);
  const locked = u !== undefined && u.locked_until_ms !== null && nowMs < u.locked_until_ms;
  const reason = locked ? 'account locked' : 'account deactivated';
  await appendAudit(sql, at, [
    { actor: 'anonymous', action: 'login_failed', subject: `user:${userId}`, details: { reason } },
  ]);
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
