/**
 * Staff accounts and sessions. Passwords arrive already hashed (the server hashes them with a
 * memory-hard function); session tokens arrive as their SHA-256, so the database never holds a
 * secret that would let someone log in.
 */
import type { Sql } from './sql.js';

/** The staff roles, each with its own view of the service. */
export const STAFF_ROLES = [
  'screener',
  'supervisor',
  'investigator',
  'analyst',
  'administrator',
  /** Records reviewer: decides disputes of a family's records, and nothing else. */
  'reviewer',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A staff account as stored. */
export interface UserRow {
  readonly user_id: string;
  readonly username: string;
  readonly display_name: string;
  readonly role: StaffRole;
  readonly password_hash: string;
  readonly failed_logins: number;
  readonly locked_until_ms: number | null;
  readonly active: number;
  readonly created_ms: number;
}

const USER_COLUMNS =
  'user_id, username, display_name, role, password_hash, failed_logins, locked_until_ms, active, created_ms';

/** Adds an account. */
export async function insertUser(
  sql: Sql,
  u: Pick<
    UserRow,
    'user_id' | 'username' | 'display_name' | 'role' | 'password_hash' | 'created_ms'
  >,
): Promise<void> {
  await sql.run(
    'INSERT INTO users (user_id, username, display_name, role, password_hash, created_ms) VALUES (?, ?, ?, ?, ?, ?)',
    [u.user_id, u.username, u.display_name, u.role, u.password_hash, u.created_ms],
  );
}

/** The account with a username, or undefined. */
export async function userByName(sql: Sql, username: string): Promise<UserRow | undefined> {
  return sql.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = ?`, [username]);
}

/** The account with an id, or undefined. */
export async function userById(sql: Sql, userId: string): Promise<UserRow | undefined> {
  return sql.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE user_id = ?`, [userId]);
}

/** Every account, by username. */
export async function listUsers(sql: Sql): Promise<UserRow[]> {
  return sql.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`);
}

/** An account that may log in at the time bound to `?`: active, and not locked then. */
const MAY_LOG_IN = 'active = 1 AND (locked_until_ms IS NULL OR locked_until_ms <= ?)';

/** A failed login as counted: failures in a row, and the end of the lock it started (or null). */
export interface LoginFailure {
  readonly failures: number;
  readonly lockedUntilMs: number | null;
}

/**
 * Counts a failed login of an account that is active and not locked at `nowMs`, in one statement
 * computed from the stored count, so that parallel failures can neither overwrite each other's
 * count nor clear a lock that one of them set: a lock that has run out starts the count again at
 * 1; the `after`-th failure in a row locks the account until `nowMs + lockMs` (the count stays,
 * for the administrators' list). Returns undefined, writing nothing, for an account that is
 * locked, deactivated or gone.
 */
export async function recordLoginFailure(
  sql: Sql,
  userId: string,
  nowMs: number,
  after: number,
  lockMs: number,
): Promise<LoginFailure | undefined> {
  // Only rows without an active lock match, so a non-null lock here is one that has run out.
  // (The cast tells PostgreSQL the parameter's type, which a CASE with NULL does not.)
  const failures = 'CASE WHEN locked_until_ms IS NULL THEN failed_logins + 1 ELSE 1 END';
  const row = await sql.get<{ failed_logins: number; locked_until_ms: number | null }>(
    `UPDATE users SET failed_logins = ${failures},
       locked_until_ms = CASE WHEN ${failures} >= ? THEN CAST(? AS BIGINT) ELSE NULL END
     WHERE user_id = ? AND ${MAY_LOG_IN}
     RETURNING failed_logins, locked_until_ms`,
    [after, nowMs + lockMs, userId, nowMs],
  );
  return row && { failures: row.failed_logins, lockedUntilMs: row.locked_until_ms };
}

/**
 * A successful login's write: clears the failed logins of an account that is active and not
 * locked at `nowMs`, checked and written in one statement, so that a lock set by parallel wrong
 * passwords while this login's password was being hashed still refuses it. Returns whether the
 * account may log in (false: nothing written).
 */
export async function recordLoginSuccess(
  sql: Sql,
  userId: string,
  nowMs: number,
): Promise<boolean> {
  const r = await sql.run(
    `UPDATE users SET failed_logins = 0, locked_until_ms = NULL WHERE user_id = ? AND ${MAY_LOG_IN}`,
    [userId, nowMs],
  );
  return r.changes === 1;
}

/** Clears failed logins and any lock (an administrator's unlock; a login uses recordLoginSuccess). */
export async function clearLoginFailures(sql: Sql, userId: string): Promise<void> {
  await sql.run('UPDATE users SET failed_logins = 0, locked_until_ms = NULL WHERE user_id = ?', [
    userId,
  ]);
}

/** Sets whether an account may sign in; returns whether it changed. */
export async function setUserActive(sql: Sql, userId: string, active: boolean): Promise<boolean> {
  const r = await sql.run('UPDATE users SET active = ? WHERE user_id = ? AND active <> ?', [
    active ? 1 : 0,
    userId,
    active ? 1 : 0,
  ]);
  return r.changes === 1;
}

/** Ends every session of an account that has not ended; returns how many it ended. */
export async function endUserSessions(sql: Sql, userId: string, nowMs: number): Promise<number> {
  const r = await sql.run(
    'UPDATE sessions SET ended_ms = ? WHERE user_id = ? AND ended_ms IS NULL',
    [nowMs, userId],
  );
  return r.changes;
}

/** A live session with its account. */
export interface SessionRow {
  readonly token_hash: string;
  readonly user_id: string;
  readonly csrf_token: string;
  readonly created_ms: number;
  readonly seen_ms: number;
  readonly expires_ms: number;
  readonly username: string;
  readonly display_name: string;
  readonly role: StaffRole;
  readonly active: number;
}

/** Starts a session. */
export async function insertSession(
  sql: Sql,
  s: { tokenHash: string; userId: string; csrf: string; nowMs: number; expiresMs: number },
): Promise<void> {
  await sql.run(
    'INSERT INTO sessions (token_hash, user_id, csrf_token, created_ms, seen_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)',
    [s.tokenHash, s.userId, s.csrf, s.nowMs, s.nowMs, s.expiresMs],
  );
}

/** The session with this token hash that has not ended, with its account, or undefined. */
export async function sessionByHash(sql: Sql, tokenHash: string): Promise<SessionRow | undefined> {
  return sql.get<SessionRow>(
    `SELECT s.token_hash, s.user_id, s.csrf_token, s.created_ms, s.seen_ms, s.expires_ms,
            u.username, u.display_name, u.role, u.active
       FROM sessions s JOIN users u ON u.user_id = s.user_id
      WHERE s.token_hash = ? AND s.ended_ms IS NULL`,
    [tokenHash],
  );
}

/** Marks a session as used at `nowMs`. */
export async function touchSession(sql: Sql, tokenHash: string, nowMs: number): Promise<void> {
  await sql.run('UPDATE sessions SET seen_ms = ? WHERE token_hash = ?', [nowMs, tokenHash]);
}

/** Ends a session (logout or expiry); it can never be used again. */
export async function endSession(sql: Sql, tokenHash: string, nowMs: number): Promise<void> {
  await sql.run('UPDATE sessions SET ended_ms = ? WHERE token_hash = ? AND ended_ms IS NULL', [
    nowMs,
    tokenHash,
  ]);
}
