/**
 * Family access: one-time access codes that staff give to an adult named on a referral, and the
 * short sessions a code opens. Codes arrive as their SHA-256 and session tokens as theirs, so the
 * database never holds a secret that would let someone in. A code is used at most once: redeeming
 * it is one conditional UPDATE, so two people typing it at once cannot both succeed. Rows are
 * never deleted; a code that is used, revoked or expired stays as the record of what was given.
 */
import type { Sql } from './sql.js';

/** A family access code as stored (never the code itself). */
export interface FamilyCodeRow {
  readonly code_hash: string;
  readonly person_id: string;
  readonly referral_id: string;
  readonly issued_by: string;
  readonly issued_ms: number;
  readonly expires_ms: number;
  readonly used_ms: number | null;
  readonly revoked_ms: number | null;
}

const CODE_COLUMNS =
  'code_hash, person_id, referral_id, issued_by, issued_ms, expires_ms, used_ms, revoked_ms';

/** Records a new code. */
export async function insertFamilyCode(
  sql: Sql,
  c: Omit<FamilyCodeRow, 'used_ms' | 'revoked_ms'>,
): Promise<void> {
  await sql.run(
    'INSERT INTO family_codes (code_hash, person_id, referral_id, issued_by, issued_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)',
    [c.code_hash, c.person_id, c.referral_id, c.issued_by, c.issued_ms, c.expires_ms],
  );
}

/** The code with this hash, or undefined. */
export async function familyCodeByHash(
  sql: Sql,
  codeHash: string,
): Promise<FamilyCodeRow | undefined> {
  return sql.get<FamilyCodeRow>(`SELECT ${CODE_COLUMNS} FROM family_codes WHERE code_hash = ?`, [
    codeHash,
  ]);
}

/** Every code issued on a referral, oldest first. */
export async function familyCodesOf(sql: Sql, referralId: string): Promise<FamilyCodeRow[]> {
  return sql.all<FamilyCodeRow>(
    `SELECT ${CODE_COLUMNS} FROM family_codes WHERE referral_id = ? ORDER BY issued_ms, code_hash`,
    [referralId],
  );
}

/**
 * Marks a code used at `nowMs` if it is still usable (not used, not revoked, not expired);
 * returns whether it was. The one way a code is redeemed.
 */
export async function redeemFamilyCode(
  sql: Sql,
  codeHash: string,
  nowMs: number,
): Promise<boolean> {
  const r = await sql.run(
    'UPDATE family_codes SET used_ms = ? WHERE code_hash = ? AND used_ms IS NULL AND revoked_ms IS NULL AND expires_ms > ?',
    [nowMs, codeHash, nowMs],
  );
  return r.changes === 1;
}

/** Revokes the usable codes of one person on one referral; returns how many. */
export async function revokeFamilyCodes(
  sql: Sql,
  referralId: string,
  personId: string,
  nowMs: number,
): Promise<number> {
  const r = await sql.run(
    'UPDATE family_codes SET revoked_ms = ? WHERE referral_id = ? AND person_id = ? AND used_ms IS NULL AND revoked_ms IS NULL AND expires_ms > ?',
    [nowMs, referralId, personId, nowMs],
  );
  return r.changes;
}

/** A family session that has not ended. */
export interface FamilySessionRow {
  readonly token_hash: string;
  readonly person_id: string;
  readonly referral_id: string;
  readonly csrf_token: string;
  readonly created_ms: number;
  readonly seen_ms: number;
  readonly expires_ms: number;
}

/** Starts a family session. */
export async function insertFamilySession(
  sql: Sql,
  s: {
    tokenHash: string;
    personId: string;
    referralId: string;
    csrf: string;
    nowMs: number;
    expiresMs: number;
  },
): Promise<void> {
  await sql.run(
    'INSERT INTO family_sessions (token_hash, person_id, referral_id, csrf_token, created_ms, seen_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [s.tokenHash, s.personId, s.referralId, s.csrf, s.nowMs, s.nowMs, s.expiresMs],
  );
}

/** The family session with this token hash that has not ended, or undefined. */
export async function familySessionByHash(
  sql: Sql,
  tokenHash: string,
): Promise<FamilySessionRow | undefined> {
  return sql.get<FamilySessionRow>(
    `SELECT token_hash, person_id, referral_id, csrf_token, created_ms, seen_ms, expires_ms
       FROM family_sessions WHERE token_hash = ? AND ended_ms IS NULL`,
    [tokenHash],
  );
}

/** Marks a family session as used at `nowMs`. */
export async function touchFamilySession(
  sql: Sql,
  tokenHash: string,
  nowMs: number,
): Promise<void> {
  await sql.run('UPDATE family_sessions SET seen_ms = ? WHERE token_hash = ?', [nowMs, tokenHash]);
}

/** Ends a family session (sign-out or expiry). */
export async function endFamilySession(sql: Sql, tokenHash: string, nowMs: number): Promise<void> {
  await sql.run(
    'UPDATE family_sessions SET ended_ms = ? WHERE token_hash = ? AND ended_ms IS NULL',
    [nowMs, tokenHash],
  );
}

/** Ends every live family session of one person on one referral; returns how many. */
export async function endFamilySessionsOf(
  sql: Sql,
  referralId: string,
  personId: string,
  nowMs: number,
): Promise<number> {
  const r = await sql.run(
    'UPDATE family_sessions SET ended_ms = ? WHERE referral_id = ? AND person_id = ? AND ended_ms IS NULL',
    [nowMs, referralId, personId],
  );
  return r.changes;
}
