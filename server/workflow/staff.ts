/**
 * Administrators' work on staff accounts: creating one (the password hashed with scrypt) and
 * unlocking one after a lockout. Every change is audited; passwords and their hashes never are.
 * (An account's `active` flag ends its sessions at their next request; no route sets it yet.)
 */
import { randomUUID } from 'node:crypto';
import {
  appendAudit,
  clearLoginFailures,
  insertUser,
  listUsers,
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
