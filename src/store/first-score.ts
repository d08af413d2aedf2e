/**
 * A call's first score, stored with the call's move to awaiting_recommendation in one step (one
 * statement on PostgreSQL, where each statement costs a round trip and the server's per-message
 * work; see bench/README.md's service section).
 */
import type { Sql } from './sql.js';
import { insertScore, scoreValues, type ScoreValues } from './calls.js';

/**
 * PostgreSQL: the call's move from awaiting_reveal, drawing the score's id from its sequence
 * (binds revealed_ms, the referral and, with `own`, the screener; `extra` adds a condition), as
 * CTE `c` for STORE_SCORE.
 */
export const MOVE_CALL = (own: boolean, extra = '') => `
  UPDATE calls SET score_id = nextval(pg_get_serial_sequence('call_scores', 'score_id')),
    revealed_ms = ?, status = 'awaiting_recommendation'
  WHERE referral_id = ? AND status = 'awaiting_reveal'${own ? ' AND screener_id = ?' : ''}${extra}
  RETURNING referral_id, score_id`;

/** PostgreSQL: the score of the call moved by MOVE_CALL (binds scoreValues' six values). */
export const STORE_SCORE = `
  INSERT INTO call_scores (score_id, referral_id, model_hash, computed_ms, household_score, protocol, result_json, reason)
  SELECT c.score_id, c.referral_id, ?::text, ?::bigint, ?::integer, ?::text, ?::text, ?::text FROM c
  RETURNING score_id`;

/**
 * A call's first score: stores it and moves the call from awaiting_reveal to
 * awaiting_recommendation (score_id and revealed_ms set) as one step — one statement on PostgreSQL
 * (the score's id drawn from its sequence by the call's update, so that the score is written only
 * when the call moved). Returns the score's id, or null with nothing written when the call is not
 * awaiting its reveal (or, given `screenerId`, is not that screener's).
 */
export async function storeFirstScore(
  sql: Sql,
  call: { referralId: string; screenerId: string | null; revealedMs: number },
  s: ScoreValues,
): Promise<number | null> {
  const own = call.screenerId !== null ? ' AND screener_id = ?' : '';
  const where = [call.referralId, ...(call.screenerId !== null ? [call.screenerId] : [])];
  const score = scoreValues(s);
  if (sql.dialect === 'postgres') {
    const row = await sql.get<{ score_id: number }>(
      `WITH c AS (${MOVE_CALL(call.screenerId !== null)}) ${STORE_SCORE}`,
      [call.revealedMs, ...where, ...score],
    );
    return row?.score_id ?? null;
  }
  // SQLite: transactions are serialised, so the check and the two writes are one step.
  const moved = await sql.get(
    `SELECT referral_id FROM calls WHERE referral_id = ? AND status = 'awaiting_reveal'${own}`,
    where,
  );
  if (moved === undefined) return null;
  const scoreId = await insertScore(sql, { referral_id: call.referralId, ...s });
  await sql.run(
    "UPDATE calls SET score_id = ?, revealed_ms = ?, status = 'awaiting_recommendation' WHERE referral_id = ?",
    [scoreId, call.revealedMs, call.referralId],
  );
  return scoreId;
}
