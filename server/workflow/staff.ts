/**
 * Administrators' work on staff accounts: creating one (the password hashed with scrypt),
 * unlocking one after a lockout, and deactivating one (someone who left: every session ends at
 * once and the account can no longer sign in) or reactivating it. Every change is audited;
 * passwords and their hashes never are.
 */
import { randomUUID } from 'node:crypto';
import {
  appendAudit,
  clearLoginFailures,
  endUserSessions,
  insertUser,
  listUsers,
  setUserActive,
  userById,
  userByName,
  type Db,
  type StaffRole,
} from '../../src/store/index.js';
import { fail } from '../errors.js';
import { hashPassword } from '../auth/password.js';

/** An account as administrators see it (no password hash). */
export interface StaffView {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly active: boolean;
  readonly locked: boolean;
  readonly failedLogins: number;
}

/** Every account. */
export async function staffList(db: Db, nowMs: number): Promise<StaffView[]> {
  return (await listUsers(db)).map((u) => ({
    userId: u.user_id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    active: u.active === 1,
    locked: u.locked_until_ms !== null && nowMs < u.locked_until_ms,
    failedLogins: u.failed_logins,
  }));
}

/**
 * Creates an account; returns its id.
 * @throws E_STORE_CONFLICT for a taken username, E_AUTH_WEAK_PASSWORD for a short password.
 */
export async function createStaff(
  db: Db,
  actor: string,
  u: { username: string; displayName: string; role: StaffRole; password: string },
  nowMs: number,
  scryptLogN: number,
): Promise<string> {
  const hash = await hashPassword(u.password, scryptLogN);
  const userId = `u-${randomUUID()}`;
  await db.tx(async (sql) => {
    if ((await userByName(sql, u.username)) !== undefined) {
      fail('E_STORE_CONFLICT', `username ${u.username} is taken; choose another`);
    }
    await insertUser(sql, {
      user_id: userId,
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      password_hash: hash,
      created_ms: nowMs,
    });
    await appendAudit(sql, new Date(nowMs).toISOString(), [
      {
        actor,
        action: 'user_change',
        subject: `user:${userId}`,
        details: { change: 'created', role: u.role },
      },
    ]);
  });
  return userId;
}

/** Unlocks an account after a lockout. */
export async function unlockStaff(
  db: Db,
  actor: string,
  userId: string,
  nowMs: number,
): Promise<void> {
  await db.tx(async (sql) => {
    if ((await userById(sql, userId)) === undefined) fail('E_NOT_FOUND', `no account ${userId}`);
    await clearLoginFailures(sql, userId);
    await appendAudit(sql, new Date(nowMs).toISOString(), [
      { actor, action: 'user_change', subject: `user:${userId}`, details: { change: 'unlocked' } },
    ]);
  });
}

/**
 * Deactivates an account: it can no longer sign in, and every session it has ends now. An
 * administrator cannot deactivate their own account (so the last one cannot lock everyone out).
 * Deactivating an inactive account changes nothing and records nothing.
 * @throws E_NOT_FOUND for an unknown account, E_INPUT for one's own.
 */
export async function deactivateStaff(
  db: Db,
  actor: string,
  userId: string,
  nowMs: number,
): Promise<{ changed: boolean; sessionsEnded: number }> {
  if (userId === actor) {
    fail('E_INPUT', 'invalid account: you cannot deactivate your own account', {
      issues: [{ field: 'userId', message: 'is your own account; ask another administrator' }],
    });
  }
  return db.tx(async (sql) => {
    if ((await userById(sql, userId)) === undefined) fail('E_NOT_FOUND', `no account ${userId}`);
    const changed = await setUserActive(sql, userId, false);
    const sessionsEnded = await endUserSessions(sql, userId, nowMs);
    if (changed || sessionsEnded > 0) {
      await appendAudit(sql, new Date(nowMs).toISOString(), [
        {
          actor,
          action: 'user_change',
          subject: `user:${userId}`,
          details: { change: 'deactivated', sessionsEnded },
        },
      ]);
    }
    return { changed, sessionsEnded };
  });
}

/**
 * Reactivates a deactivated account (its old sessions stay ended: its owner signs in again).
 * Reactivating an active account changes nothing and records nothing.
 * @throws E_NOT_FOUND for an unknown account.
 */
export async function reactivateStaff(
  db: Db,
  actor: string,
  userId: string,
  nowMs: number,
): Promise<{ changed: boolean }> {
  return db.tx(async (sql) => {
    if ((await userById(sql, userId)) === undefined) fail('E_NOT_FOUND', `no account ${userId}`);
    const changed = await setUserActive(sql, userId, true);
    if (changed) {
      await appendAudit(sql, new Date(nowMs).toISOString(), [
        {
          actor,
          action: 'user_change',
          subject: `user:${userId}`,
          details: { change: 'reactivated' },
        },
      ]);
    }
    return { changed };
  });
}
