/**
 * The append-only, hash-chained audit log: every score shown, decision, override, data change and
 * login is one entry whose hash covers its content and the previous entry's hash, so that an
 * edited or deleted entry breaks the chain. The head (last sequence number and hash) is kept in a
 * one-row table written in the same transaction, so deleting the newest entries is detected too;
 * printing the head and checking it later (`--anchor`) guards against someone who rewrites both.
 * Triggers refuse UPDATE and DELETE on the log; verification does not rely on them.
 *
 * Entries carry ids (referral, person, user) and numbers, never names or free text about a family
 * beyond what the workflow itself records (an override's written reason).
 */
import { SightlineError, sha256, stableStringify } from '../core/index.js';
import type { Sql } from './sql.js';

/** What an entry records. */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'lockout',
  'logout',
  'access_denied',
  'score_shown',
  'ratings',
  'recommendation',
  'decision',
  'override',
  'data_change',
  'user_change',
  /** `sightline serve --skip-gate`: a model served although the deployment gate refused it. */
  'gate_override',
  /** Staff gave an adult on a referral a one-time family access code (never the code itself). */
  'family_code_issued',
  /** Staff withdrew a person's unused family access codes (and ended their family sessions). */
  'family_code_revoked',
  'family_sign_in',
  'family_sign_in_failed',
  'family_sign_out',
  /** A family member opened their family page. */
  'family_view',
  /** A family member or screener disputed a record. */
  'dispute_opened',
  /** A reviewer accepted a dispute (its correction follows as `data_change`). */
  'dispute_accepted',
  'dispute_rejected',
  /** A stored call re-scored after a correction: its before and after numbers. */
  'score_recomputed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** An entry to append. `subject` names what it is about (`referral:R1`, `user:u2`, `store`). */
export interface AuditInput {
  readonly actor: string;
  readonly action: AuditAction;
  readonly subject: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** An entry as stored. */
export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hash of an entry: SHA-256 of the JSON array of its fields and the previous hash. */
export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  return sha256(
    JSON.stringify([
      row.seq,
      row.at,
      row.actor,
      row.action,
      row.subject,
      row.details,
      row.prev_hash,
    ]),
  );
}

const APPEND_ENTRY =
  'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
const MOVE_HEAD = 'UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1';

/** A text value as JSON.stringify writes it (PostgreSQL escapes the same characters the same way). */
const json = (v: string) => `to_json(${v})::text`;
/**
 * PostgreSQL: one statement, one round trip per entry — the head locked (`FOR UPDATE`), the entry
 * written with its hash computed as auditHash does (SHA-256 of the same JSON text), the head moved.
 * The caller recomputes the hash from what the statement returns and refuses a mismatch, so the
 * chain's hash stays defined by auditHash alone.
 */
const APPEND_POSTGRES = `WITH h AS (SELECT seq + 1 AS seq, hash AS prev FROM audit_head WHERE id = 1 FOR UPDATE),
v AS (SELECT ?::text AS at, ?::text AS actor, ?::text AS action, ?::text AS subject, ?::text AS details),
e AS (
  INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash)
  SELECT h.seq, v.at, v.actor, v.action, v.subject, v.details, h.prev,
    encode(sha256(convert_to('[' || h.seq::text || ',' || ${json('v.at')} || ',' || ${json('v.actor')}
      || ',' || ${json('v.action')} || ',' || ${json('v.subject')} || ',' || ${json('v.details')}
      || ',' || ${json('h.prev')} || ']', 'UTF8')), 'hex')
  FROM h, v
  RETURNING seq, prev_hash, hash
)
UPDATE audit_head SET seq = e.seq, hash = e.hash FROM e WHERE audit_head.id = 1
RETURNING e.seq, e.prev_hash, e.hash`;

function noHead(): never {
  throw new SightlineError(
    'E_STORE_AUDIT',
    'the audit log has no head row. Fix: run the migrations on a fresh database.',
  );
}

/**
 * Appends entries inside the caller's transaction (so they commit with the change they record).
 * The head row is locked first (PostgreSQL `FOR UPDATE`; SQLite transactions are serialised), so
 * concurrent writers form one chain.
 */
export async function appendAudit(
  sql: Sql,
  at: string,
  entries: readonly AuditInput[],
): Promise<{ seq: number; hash: string }> {
  if (sql.dialect === 'postgres') return appendPostgres(sql, at, entries);
  const head = await sql.get<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1',
  );
  if (head === undefined) noHead();
  let { seq, hash } = head;
  for (const e of entries) {
    const row = {
      seq: seq + 1,
      at,
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      details: stableStringify(e.details),
      prev_hash: hash,
    };
    const next = auditHash(row);
    const values = [row.seq, row.at, row.actor, row.action, row.subject, row.details];
    await sql.run(APPEND_ENTRY, [...values, row.prev_hash, next]);
    await sql.run(MOVE_HEAD, [row.seq, next]);
    seq = row.seq;
    hash = next;
  }
  return { seq, hash };
}

async function appendPostgres(
  sql: Sql,
  at: string,
  entries: readonly AuditInput[],
): Promise<{ seq: number; hash: string }> {
  let last: { seq: number; hash: string } | undefined;
  for (const e of entries) {
    const details = stableStringify(e.details);
    const r = await sql.get<{ seq: number; prev_hash: string; hash: string }>(APPEND_POSTGRES, [
      at,
      e.actor,
      e.action,
      e.subject,
      details,
    ]);
    if (r === undefined) noHead();
    const row = { seq: r.seq, at, actor: e.actor, action: e.action, subject: e.subject, details };
    if (auditHash({ ...row, prev_hash: r.prev_hash }) !== r.hash) {
      // Thrown inside the caller's transaction: the entry is rolled back with it.
      throw new SightlineError(
        'E_STORE_AUDIT',
        `the database computed audit entry ${r.seq}'s hash differently from auditHash; nothing was recorded. Fix: report this (the database's text encoding must be UTF8).`,
        { seq: r.seq },
      );
    }
    last = { seq: r.seq, hash: r.hash };
  }
  if (last !== undefined) return last;
  const head = await sql.get<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
  );
  return head ?? noHead();
}

/** One problem verification found. */
export interface AuditProblem {
  readonly seq: number;
  readonly problem: string;
}

/** The result of verifying the chain. */
export interface AuditVerification {
  readonly ok: boolean;
  readonly entries: number;
  readonly head: { readonly seq: number; readonly hash: string };
  readonly problems: readonly AuditProblem[];
}

const PAGE = 5000;

/**
 * Walks the whole chain in sequence order and checks every link: sequence numbers without gaps
 * from 1, each entry's prev_hash equal to the previous entry's hash, each hash recomputed from the
 * entry, the head row equal to the last entry, and (optionally) an anchor recorded earlier
 * (`{ seq, hash }`) still present. Lists at most 100 problems.
 */
export async function verifyAuditLog(
  sql: Sql,
  anchor?: { readonly seq: number; readonly hash: string },
): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const note = (seq: number, problem: string) => {
    if (problems.length < 100) problems.push({ seq, problem });
  };
  let expected = 1;
  let prev = GENESIS_HASH;
  let entries = 0;
  let anchorSeen = false;
  for (;;) {
    const rows = await sql.all<AuditRow>(
      'SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?',
      [expected, PAGE],
    );
    for (const r of rows) {
      entries++;
      if (r.seq !== expected) note(r.seq, `entries ${expected}–${r.seq - 1} are missing (deleted)`);
      if (r.prev_hash !== prev) note(r.seq, 'its prev_hash is not the hash of the entry before it');
      if (auditHash(r) !== r.hash) note(r.seq, 'its content does not match its hash (edited)');
      if (anchor !== undefined && r.seq === anchor.seq) {
        anchorSeen = true;
        if (r.hash !== anchor.hash) note(r.seq, 'it is not the entry the anchor recorded');
      }
      prev = r.hash;
      expected = r.seq + 1;
    }
    if (rows.length < PAGE) break;
  }
  const head = (await sql.get<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1',
  )) ?? { seq: -1, hash: '' };
  const lastSeq = expected - 1;
  if (head.seq !== lastSeq || head.hash !== prev) {
    note(
      head.seq,
      `the head records entry ${head.seq} but the log ends at entry ${lastSeq} (entries deleted or the head changed)`,
    );
  }
  if (anchor !== undefined && !anchorSeen) note(anchor.seq, 'the anchored entry is missing');
  return { ok: problems.length === 0, entries, head, problems };
}

/** The current head (last sequence number and hash), to record outside the database. */
export async function auditHead(sql: Sql): Promise<{ seq: number; hash: string }> {
  const head = await sql.get<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1',
  );
  return head ?? { seq: 0, hash: GENESIS_HASH };
}

/** Entries about one subject, oldest first (for a referral's history). */
export async function auditEntriesOf(sql: Sql, subject: string): Promise<AuditRow[]> {
  return sql.all<AuditRow>(
    'SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE subject = ? ORDER BY seq',
    [subject],
  );
}
