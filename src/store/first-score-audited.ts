/**
 * A call's first score, its move and the audit entry of its showing, written as one step.
 *
 * On PostgreSQL this is one statement outside any explicit transaction (a statement commits
 * atomically on its own): the call's move, the score and the audit entry in one round trip, where
 * a transaction takes four (BEGIN, the score, the entry, COMMIT), each waking the server's backend
 * on a loaded machine. The entry's hash must still be auditHash's, and its details name the score's
 * id, which the statement draws. So the JSON text auditHash hashes is built here, with JSON.stringify,
 * around three holes — the entry's sequence number, the score's id and the previous hash — which
 * PostgreSQL fills with an integer's decimal digits and a hex hash, text that JSON writes as is.
 * Nothing is escaped by SQL. A text whose holes cannot be found unambiguously (a detail holding the
 * stand-in number) is not written this way: the caller's transaction path does it instead.
 *
 * On SQLite (transactions are serialised in the process, statements cost no round trip) it is the
 * transaction: storeFirstScore, then appendAudit.
 */
import { SightlineError, stableStringify } from '../core/index.js';
import { appendAudit, auditHash, type AuditInput } from './audit-log.js';
import { scoreValues, type ScoreValues } from './calls.js';
import { MOVE_CALL, STORE_SCORE, storeFirstScore } from './first-score.js';
import type { Db } from './sql.js';

/** The audit entry of a first score; its details are made once the score's id is known. */
export interface ScoreShownEntry extends Omit<AuditInput, 'details'> {
  readonly at: string;
  readonly details: (scoreId: number) => Readonly<Record<string, unknown>>;
}

/** A stand-in score id, found again in the entry's text (never a real id: far above 2^51). */
const HOLE = 4_503_599_627_370_497;

/** `text` split around the one occurrence of `hole`, or null when it is not there exactly once. */
function around(text: string, hole: string): [string, string] | null {
  const at = text.indexOf(hole);
  if (at < 0 || text.indexOf(hole, at + 1) >= 0) return null;
  return [text.slice(0, at), text.slice(at + hole.length)];
}

/**
 * The entry as text with holes: the details column and the hashed JSON array, each split around
 * the score's id; the array without its first element (the sequence number) and last (the
 * previous hash). Null when the stand-in id is not found exactly once.
 */
export function entryTemplate(
  e: ScoreShownEntry,
): { details: [string, string]; hashed: [string, string] } | null {
  const details = around(stableStringify(e.details(HOLE)), String(HOLE));
  if (details === null) return null;
  const array = JSON.stringify([0, e.at, e.actor, e.action, e.subject, details.join(String(HOLE))]);
  // '[0' … ']' → the elements after the sequence number, ending before the previous hash's comma.
  const hashed = around(array.slice(2, -1), String(HOLE));
  return hashed === null ? null : { details, hashed };
}

/** Nothing moves unless the audit log's head exists (its entry is written with the move). */
const HEAD_EXISTS = ' AND EXISTS (SELECT 1 FROM audit_head WHERE id = 1)';

const STATEMENT = (own: boolean) => `WITH c AS (${MOVE_CALL(own, HEAD_EXISTS)}),
s AS (${STORE_SCORE}),
h AS (
  SELECT a.seq + 1 AS seq, a.hash AS prev, c.score_id FROM audit_head a, c WHERE a.id = 1
  FOR UPDATE OF a
),
e AS (
  INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash)
  SELECT h.seq, ?::text, ?::text, ?::text, ?::text, ?::text || h.score_id::text || ?::text, h.prev,
    encode(sha256(convert_to('[' || h.seq::text || ?::text || h.score_id::text || ?::text
      || ',"' || h.prev || '"]', 'UTF8')), 'hex')
  FROM h
  RETURNING seq, details, prev_hash, hash
)
UPDATE audit_head SET seq = e.seq, hash = e.hash FROM e, s WHERE audit_head.id = 1
RETURNING e.seq, e.details, e.prev_hash, e.hash, s.score_id`;

/**
 * Stores a call's first score, moves the call to awaiting_recommendation and appends the audit
 * entry of its showing, all or nothing. Returns the score's id, or null with nothing written when
 * the call is not awaiting its reveal (or, given `screenerId`, is not that screener's) — or, on
 * PostgreSQL, when the entry cannot be written in one statement (see above); the caller then
 * takes its transaction path, which reads the call again.
 * @throws SightlineError E_STORE_AUDIT when PostgreSQL's entry does not hash as auditHash says.
 */
export async function storeFirstScoreAudited(
  db: Db,
  call: { referralId: string; screenerId: string | null; revealedMs: number },
  s: ScoreValues,
  entry: ScoreShownEntry,
): Promise<number | null> {
  if (db.dialect !== 'postgres') {
    return db.tx(async (sql) => {
      const scoreId = await storeFirstScore(sql, call, s);
      if (scoreId === null) return null;
      await appendAudit(sql, entry.at, [{ ...entry, details: entry.details(scoreId) }]);
      return scoreId;
    });
  }
  const t = entryTemplate(entry);
  if (t === null) return null;
  const own = call.screenerId !== null;
  const r = await db.get<{
    seq: number;
    details: string;
    prev_hash: string;
    hash: string;
    score_id: number;
  }>(STATEMENT(own), [
    call.revealedMs,
    call.referralId,
    ...(own ? [call.screenerId] : []),
    ...scoreValues(s),
    entry.at,
    entry.actor,
    entry.action,
    entry.subject,
    ...t.details,
    ...t.hashed,
  ]);
  if (r === undefined) return null;
  const row = { ...entry, seq: r.seq, details: r.details, prev_hash: r.prev_hash };
  if (r.details !== stableStringify(entry.details(r.score_id)) || auditHash(row) !== r.hash) {
    // Committed already (one statement): said plainly, so that the chain's check is run.
    throw new SightlineError(
      'E_STORE_AUDIT',
      `audit entry ${r.seq} was recorded with details or a hash that auditHash does not give. Fix: report this, and run sightline audit-log verify (it will name the entry).`,
      { seq: r.seq },
    );
  }
  return r.score_id;
}
