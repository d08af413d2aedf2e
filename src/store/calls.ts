/**
 * The screening workflow's rows: a call is a referral received by the service, with its state
 * (ratings, the score shown, the recommendation, the decision). Each step writes the call's row
 * and, at the decision, the referral's contract columns (decision, ratings, shown score and
 * protocol, override), so that later calls count it as history. Scores are kept, never replaced:
 * a re-score adds a row and marks the old one superseded. The rules (what may happen when, by
 * whom) live in the server; this file only reads and writes.
 */
import type { Sql, SqlValue } from './sql.js';
import { rowsWithIds } from './in-list.js';

/** Where a call is in the workflow, in order. */
export const CALL_STATUSES = [
  'awaiting_ratings',
  'awaiting_reveal',
  'awaiting_recommendation',
  'awaiting_decision',
  'decided',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** A call with its referral's allegation, channel and time. */
export interface CallRow {
  readonly referral_id: string;
  readonly status: CallStatus;
  readonly screener_id: string;
  readonly law_required: number;
  readonly risk: number | null;
  readonly safety: number | null;
  readonly rated_ms: number | null;
  readonly score_id: number | null;
  readonly revealed_ms: number | null;
  readonly recommendation: 'in' | 'out' | null;
  readonly recommendation_note: string | null;
  readonly recommended_ms: number | null;
  readonly decision: 'in' | 'out' | null;
  readonly supervisor_id: string | null;
  readonly decided_ms: number | null;
  readonly override: number | null;
  readonly override_reason: string | null;
  readonly created_ms: number;
  readonly received_ms: number;
  readonly allegation: string;
  readonly channel: string | null;
}

/** A call's columns, from `calls c JOIN referrals r`. */
export const CALL_COLUMNS = `c.referral_id, c.status, c.screener_id, c.law_required, c.risk, c.safety,
  c.rated_ms, c.score_id, c.revealed_ms, c.recommendation, c.recommendation_note, c.recommended_ms,
  c.decision, c.supervisor_id, c.decided_ms, c.override, c.override_reason, c.created_ms,
  r.received_ms, r.allegation, r.channel`;

/** A call by its referral id (one `?`). */
export const CALL_SQL = `SELECT ${CALL_COLUMNS} FROM calls c JOIN referrals r ON r.referral_id = c.referral_id WHERE c.referral_id = ?`;

/** A person named on a call, with what the screener needs to see (no race). */
export interface MemberRow {
  readonly person_id: string;
  readonly role: string;
  readonly birth_day: number;
  readonly sex: string;
}

/** A new person recorded at a call (not yet known to the county's systems). */
export interface NewPersonRow {
  readonly person_id: string;
  readonly birth_day: number;
  readonly sex: string;
  readonly race: string;
  readonly hispanic: string;
}

/** The ids among `ids` that name stored persons. */
export async function storedPersonIds(sql: Sql, ids: readonly string[]): Promise<Set<string>> {
  const rows = await rowsWithIds<{ person_id: string }>(
    sql,
    { table: 'persons', key: 'person_id', columns: 'person_id' },
    ids,
  );
  return new Set(rows.map((r) => r.person_id));
}

/** Records a referral received by the service, its people and its call. */
export async function insertCall(
  sql: Sql,
  c: {
    referralId: string;
    receivedMs: number;
    allegation: string;
    channel: string | null;
    members: readonly { personId: string; role: string }[];
    newPersons: readonly NewPersonRow[];
    screenerId: string;
    lawRequired: boolean;
    nowMs: number;
    now: string;
  },
): Promise<void> {
  for (const p of c.newPersons) {
    await sql.run(
      "INSERT INTO persons (person_id, birth_day, sex, race, hispanic, origin, recorded_at) VALUES (?, ?, ?, ?, ?, 'call', ?)",
      [p.person_id, p.birth_day, p.sex, p.race, p.hispanic, c.now],
    );
  }
  await sql.run(
    "INSERT INTO referrals (referral_id, received_ms, allegation, channel, origin, recorded_at) VALUES (?, ?, ?, ?, 'call', ?)",
    [c.referralId, c.receivedMs, c.allegation, c.channel, c.now],
  );
  for (const m of c.members) {
    await sql.run('INSERT INTO referral_persons (referral_id, person_id, role) VALUES (?, ?, ?)', [
      c.referralId,
      m.personId,
      m.role,
    ]);
  }
  await sql.run(
    "INSERT INTO calls (referral_id, status, screener_id, law_required, created_ms) VALUES (?, 'awaiting_ratings', ?, ?, ?)",
    [c.referralId, c.screenerId, c.lawRequired ? 1 : 0, c.nowMs],
  );
}

/** Whether a referral id is taken (by a loaded referral or a call). */
export async function referralExists(sql: Sql, referralId: string): Promise<boolean> {
  const r = await sql.get('SELECT referral_id FROM referrals WHERE referral_id = ?', [referralId]);
  return r !== undefined;
}

/** A call by its referral id, or undefined. */
export async function callById(sql: Sql, referralId: string): Promise<CallRow | undefined> {
  return sql.get<CallRow>(CALL_SQL, [referralId]);
}

/** The people named on a referral, one row per role, by person id. */
export async function membersOf(sql: Sql, referralId: string): Promise<MemberRow[]> {
  return sql.all<MemberRow>(
    `SELECT rp.person_id, rp.role, p.birth_day, p.sex FROM referral_persons rp
       JOIN persons p ON p.person_id = rp.person_id
      WHERE rp.referral_id = ? ORDER BY rp.person_id, rp.role`,
    [referralId],
  );
}

/** Calls in some statuses (optionally of one screener), oldest first, at most `limit`. */
export async function listCalls(
  sql: Sql,
  o: {
    statuses: readonly CallStatus[];
    screenerId?: string;
    decision?: 'in' | 'out';
    limit: number;
  },
): Promise<CallRow[]> {
  const where = [`c.status IN (${o.statuses.map(() => '?').join(', ')})`];
  const params: SqlValue[] = [...o.statuses];
  if (o.screenerId !== undefined) {
    where.push('c.screener_id = ?');
    params.push(o.screenerId);
  }
  if (o.decision !== undefined) {
    where.push('c.decision = ?');
    params.push(o.decision);
  }
  params.push(o.limit);
  return sql.all<CallRow>(
    `SELECT ${CALL_COLUMNS} FROM calls c JOIN referrals r ON r.referral_id = c.referral_id
      WHERE ${where.join(' AND ')} ORDER BY c.created_ms, c.referral_id LIMIT ?`,
    params,
  );
}

/** Columns a workflow step may set on a call. */
export type CallUpdate = Partial<
  Pick<
    CallRow,
    | 'status'
    | 'risk'
    | 'safety'
    | 'rated_ms'
    | 'score_id'
    | 'revealed_ms'
    | 'recommendation'
    | 'recommendation_note'
    | 'recommended_ms'
    | 'decision'
    | 'supervisor_id'
    | 'decided_ms'
    | 'override'
    | 'override_reason'
  >
>;

/**
 * Updates a call only if it is still in status `from` (so two people acting at once cannot both
 * succeed); returns whether it was.
 */
export async function updateCall(
  sql: Sql,
  referralId: string,
  from: CallStatus,
  set: CallUpdate,
): Promise<boolean> {
  const keys = Object.keys(set) as (keyof CallUpdate)[];
  const r = await sql.run(
    `UPDATE calls SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE referral_id = ? AND status = ?`,
    [...keys.map((k) => set[k] as SqlValue), referralId, from],
  );
  return r.changes === 1;
}

/** A stored score of a call. */
export interface ScoreRow {
  readonly score_id: number;
  readonly referral_id: string;
  readonly model_hash: string;
  readonly computed_ms: number;
  readonly household_score: number | null;
  readonly protocol: string | null;
  readonly result_json: string;
  readonly reason: string;
  readonly superseded_by: number | null;
}

/** A score's values before it is stored for a referral (its id and referral given then). */
export type ScoreValues = Omit<ScoreRow, 'score_id' | 'superseded_by' | 'referral_id'>;

/** Stores a score (the whole response as JSON); returns its id. */
export async function insertScore(
  sql: Sql,
  s: Omit<ScoreRow, 'score_id' | 'superseded_by'>,
): Promise<number> {
  const row = await sql.get<{ score_id: number }>(
    'INSERT INTO call_scores (referral_id, model_hash, computed_ms, household_score, protocol, result_json, reason) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING score_id',
    [s.referral_id, ...scoreValues(s)],
  );
  return row!.score_id;
}

/** A score's stored values after its referral, in call_scores' column order. */
export function scoreValues(s: ScoreValues): SqlValue[] {
  return [s.model_hash, s.computed_ms, s.household_score, s.protocol, s.result_json, s.reason];
}

/** A stored score by id, or undefined. */
export async function scoreById(sql: Sql, scoreId: number): Promise<ScoreRow | undefined> {
  return sql.get<ScoreRow>(
    'SELECT score_id, referral_id, model_hash, computed_ms, household_score, protocol, result_json, reason, superseded_by FROM call_scores WHERE score_id = ?',
    [scoreId],
  );
}

/** Writes a decided call's process data into its referral's contract columns. */
export async function recordReferralDecision(
  sql: Sql,
  d: {
    referralId: string;
    decision: 'in' | 'out';
    decidedMs: number;
    screenerId: string;
    supervisorId: string;
    risk: number | null;
    safety: number | null;
    shownScore: number | null;
    shownProtocol: string | null;
    override: boolean;
    overrideReason: string | null;
  },
): Promise<void> {
  await sql.run(
    `UPDATE referrals SET screening_decision = ?, decided_ms = ?, screener_id = ?, supervisor_id = ?,
       screener_risk = ?, screener_safety = ?, shown_score = ?, shown_protocol = ?, override = ?,
       override_reason = ? WHERE referral_id = ?`,
    [
      d.decision,
      d.decidedMs,
      d.screenerId,
      d.supervisorId,
      d.risk,
      d.safety,
      d.shownScore,
      d.shownProtocol,
      d.override ? 1 : 0,
      d.overrideReason,
      d.referralId,
    ],
  );
}
