/**
 * Disputes of a family's records and the corrections they lead to. A dispute names one record —
 * an event, or a person's link to an earlier referral — the referral in whose context it was
 * raised, who raised it (staff or family) and on what grounds; a reviewer accepts or rejects it
 * with a reason. An accepted correction never erases or overwrites a record: the old event is
 * superseded (by its corrected replacement, or by nothing when it is not the person's), a link is
 * superseded, and triggers refuse any other change. The rules (who may raise or decide what)
 * live in the server; this file only reads and writes.
 */
import type { Sql, SqlValue } from './sql.js';
import type { ScoreRow } from './calls.js';

/** Why a record is disputed: it is wrong, it is not the person's, or it is out of date. */
export const DISPUTE_GROUNDS = ['wrong', 'not_theirs', 'out_of_date'] as const;
export type DisputeGrounds = (typeof DISPUTE_GROUNDS)[number];

/** Where a dispute is. */
export const DISPUTE_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** A dispute as stored (JSON columns as text). */
export interface DisputeRow {
  readonly dispute_id: number;
  readonly target_kind: 'event' | 'referral_link';
  /** The disputed event (target `event`). */
  readonly event_id: number | null;
  /** The earlier referral the person is linked to (target `referral_link`). */
  readonly link_referral_id: string | null;
  readonly person_id: string;
  /** The referral in whose context the dispute was raised. */
  readonly referral_id: string;
  readonly raised_by_kind: 'staff' | 'family';
  /** A user id (staff) or a person id (family). */
  readonly raised_by: string;
  readonly raised_ms: number;
  readonly grounds: DisputeGrounds;
  readonly note: string | null;
  readonly proposed_json: string | null;
  readonly status: DisputeStatus;
  readonly reviewer_id: string | null;
  readonly review_reason: string | null;
  readonly reviewed_ms: number | null;
  readonly correction_json: string | null;
  readonly new_event_id: number | null;
  readonly rescoring_json: string | null;
}

const DISPUTE_COLUMNS = `dispute_id, target_kind, event_id, link_referral_id, person_id, referral_id,
  raised_by_kind, raised_by, raised_ms, grounds, note, proposed_json, status, reviewer_id,
  review_reason, reviewed_ms, correction_json, new_event_id, rescoring_json`;

/** Records a new open dispute; returns its id. */
export async function insertDispute(
  sql: Sql,
  d: Pick<
    DisputeRow,
    | 'target_kind'
    | 'event_id'
    | 'link_referral_id'
    | 'person_id'
    | 'referral_id'
    | 'raised_by_kind'
    | 'raised_by'
    | 'raised_ms'
    | 'grounds'
    | 'note'
    | 'proposed_json'
  >,
): Promise<number> {
  const row = await sql.get<{ dispute_id: number }>(
    `INSERT INTO disputes (target_kind, event_id, link_referral_id, person_id, referral_id,
       raised_by_kind, raised_by, raised_ms, grounds, note, proposed_json, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') RETURNING dispute_id`,
    [
      d.target_kind,
      d.event_id,
      d.link_referral_id,
      d.person_id,
      d.referral_id,
      d.raised_by_kind,
      d.raised_by,
      d.raised_ms,
      d.grounds,
      d.note,
      d.proposed_json,
    ],
  );
  return row!.dispute_id;
}

/** A dispute by id, or undefined. */
export async function disputeById(sql: Sql, id: number): Promise<DisputeRow | undefined> {
  return sql.get<DisputeRow>(`SELECT ${DISPUTE_COLUMNS} FROM disputes WHERE dispute_id = ?`, [id]);
}

/** Disputes in some statuses (optionally raised on one referral), oldest first, at most `limit`. */
export async function listDisputes(
  sql: Sql,
  o: { statuses: readonly DisputeStatus[]; referralId?: string; limit: number; newest?: boolean },
): Promise<DisputeRow[]> {
  const params: SqlValue[] = [...o.statuses];
  let where = `status IN (${o.statuses.map(() => '?').join(', ')})`;
  if (o.referralId !== undefined) {
    where += ' AND referral_id = ?';
    params.push(o.referralId);
  }
  const order = o.newest === true ? 'COALESCE(reviewed_ms, raised_ms) DESC' : 'raised_ms';
  return sql.all<DisputeRow>(
    `SELECT ${DISPUTE_COLUMNS} FROM disputes WHERE ${where} ORDER BY ${order}, dispute_id LIMIT ?`,
    [...params, o.limit],
  );
}

/** The open dispute of a record, if any (an event, or a person's link to a referral). */
export async function openDisputeOf(
  sql: Sql,
  target: { eventId: number } | { linkReferralId: string; personId: string },
): Promise<DisputeRow | undefined> {
  return 'eventId' in target
    ? sql.get<DisputeRow>(
        `SELECT ${DISPUTE_COLUMNS} FROM disputes WHERE status = 'open' AND event_id = ?`,
        [target.eventId],
      )
    : sql.get<DisputeRow>(
        `SELECT ${DISPUTE_COLUMNS} FROM disputes
          WHERE status = 'open' AND link_referral_id = ? AND person_id = ?`,
        [target.linkReferralId, target.personId],
      );
}

/** A reviewer's decision as written to the dispute. */
export interface DisputeDecisionRow {
  readonly status: 'accepted' | 'rejected';
  readonly reviewerId: string;
  readonly reason: string;
  readonly reviewedMs: number;
  readonly correctionJson: string | null;
  readonly newEventId: number | null;
  readonly rescoringJson: string | null;
}

/** Decides a dispute only if it is still open; returns whether it was. */
export async function recordDisputeDecision(
  sql: Sql,
  id: number,
  d: DisputeDecisionRow,
): Promise<boolean> {
  const r = await sql.run(
    `UPDATE disputes SET status = ?, reviewer_id = ?, review_reason = ?, reviewed_ms = ?,
       correction_json = ?, new_event_id = ?, rescoring_json = ?
     WHERE dispute_id = ? AND status = 'open'`,
    [
      d.status,
      d.reviewerId,
      d.reason,
      d.reviewedMs,
      d.correctionJson,
      d.newEventId,
      d.rescoringJson,
      id,
    ],
  );
  return r.changes === 1;
}

/** An event as stored, with its supersession. */
export interface EventRow {
  readonly event_id: number;
  readonly person_id: string;
  readonly source: string;
  readonly kind: string;
  readonly start_day: number;
  readonly end_day: number | null;
  readonly origin: string;
  readonly recorded_at: string;
  readonly superseded_by: number | null;
  readonly superseded_at: string | null;
  readonly superseded_by_dispute: number | null;
}

const EVENT_COLUMNS = `event_id, person_id, source, kind, start_day, end_day, origin, recorded_at,
  superseded_by, superseded_at, superseded_by_dispute`;

/** An event by id, or undefined. */
export async function eventById(sql: Sql, id: number): Promise<EventRow | undefined> {
  return sql.get<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ?`, [id]);
}

/** Adds an event (a correction's replacement); returns its id. */
export async function insertEvent(
  sql: Sql,
  e: Pick<EventRow, 'person_id' | 'source' | 'kind' | 'start_day' | 'end_day' | 'origin'> & {
    readonly recorded_at: string;
  },
): Promise<number> {
  const row = await sql.get<{ event_id: number }>(
    `INSERT INTO events (person_id, source, kind, start_day, end_day, origin, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING event_id`,
    [e.person_id, e.source, e.kind, e.start_day, e.end_day, e.origin, e.recorded_at],
  );
  return row!.event_id;
}

/**
 * Marks a current event superseded by `by` (its replacement, or null when it is removed from the
 * person) because of a dispute; returns whether it was still current.
 */
export async function supersedeEvent(
  sql: Sql,
  eventId: number,
  s: { by: number | null; disputeId: number; at: string },
): Promise<boolean> {
  const r = await sql.run(
    `UPDATE events SET superseded_by = ?, superseded_at = ?, superseded_by_dispute = ?
      WHERE event_id = ? AND superseded_at IS NULL`,
    [s.by, s.at, s.disputeId, eventId],
  );
  return r.changes === 1;
}

/** A person's link to a referral (one row per role), with the referral's time. */
export interface LinkRow {
  readonly referral_id: string;
  readonly person_id: string;
  readonly role: string;
  readonly received_ms: number;
  readonly superseded_at: string | null;
  readonly superseded_by_dispute: number | null;
}

const LINK_SELECT = `SELECT rp.referral_id, rp.person_id, rp.role, r.received_ms, rp.superseded_at,
  rp.superseded_by_dispute FROM referral_persons rp JOIN referrals r ON r.referral_id = rp.referral_id`;

/** The rows linking a person to a referral (superseded ones too). */
export async function linksOf(sql: Sql, referralId: string, personId: string): Promise<LinkRow[]> {
  return sql.all<LinkRow>(
    `${LINK_SELECT} WHERE rp.referral_id = ? AND rp.person_id = ? ORDER BY rp.role`,
    [referralId, personId],
  );
}

/** Marks a person's current links to a referral superseded; returns how many rows changed. */
export async function supersedeLink(
  sql: Sql,
  referralId: string,
  personId: string,
  s: { disputeId: number; at: string },
): Promise<number> {
  const r = await sql.run(
    `UPDATE referral_persons SET superseded_at = ?, superseded_by_dispute = ?
      WHERE referral_id = ? AND person_id = ? AND superseded_at IS NULL`,
    [s.at, s.disputeId, referralId, personId],
  );
  return r.changes;
}

/** Every record of a person, superseded ones included: events by start, links by time. */
export async function personRecords(
  sql: Sql,
  personId: string,
): Promise<{ events: EventRow[]; links: LinkRow[] }> {
  const [events, links] = await Promise.all([
    sql.all<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE person_id = ? ORDER BY start_day, event_id`,
      [personId],
    ),
    sql.all<LinkRow>(
      `${LINK_SELECT} WHERE rp.person_id = ? ORDER BY r.received_ms, rp.referral_id, rp.role`,
      [personId],
    ),
  ]);
  return { events, links };
}

/**
 * Stored calls naming a person, received at or after `fromMs`, whose current score is a score
 * (not a law-required or childless call), oldest first, with that score.
 */
export async function scoredCallsNaming(
  sql: Sql,
  personId: string,
  fromMs: number,
): Promise<ScoreRow[]> {
  return sql.all<ScoreRow>(
    `SELECT s.score_id, s.referral_id, s.model_hash, s.computed_ms, s.household_score, s.protocol,
            s.result_json, s.reason, s.superseded_by
       FROM calls c JOIN referrals r ON r.referral_id = c.referral_id
       JOIN call_scores s ON s.referral_id = c.referral_id AND s.superseded_by IS NULL
      WHERE r.received_ms >= ? AND s.household_score IS NOT NULL
        AND EXISTS (SELECT 1 FROM referral_persons rp
                     WHERE rp.referral_id = c.referral_id AND rp.person_id = ?)
      ORDER BY r.received_ms, c.referral_id`,
    [fromMs, personId],
  );
}

/** Marks a score superseded by a newer one; returns whether it was current. */
export async function supersedeScore(sql: Sql, scoreId: number, by: number): Promise<boolean> {
  const r = await sql.run(
    'UPDATE call_scores SET superseded_by = ? WHERE score_id = ? AND superseded_by IS NULL',
    [by, scoreId],
  );
  return r.changes === 1;
}

/** The current (latest, not superseded) score of a referral, or undefined. */
export async function currentScore(sql: Sql, referralId: string): Promise<ScoreRow | undefined> {
  return sql.get<ScoreRow>(
    `SELECT score_id, referral_id, model_hash, computed_ms, household_score, protocol, result_json,
            reason, superseded_by
       FROM call_scores WHERE referral_id = ? AND superseded_by IS NULL
      ORDER BY score_id DESC LIMIT 1`,
    [referralId],
  );
}

/** One cell of the dispute counts. */
export interface DisputeTally {
  readonly household_race: 'black' | 'non_black';
  readonly raised_by_kind: 'staff' | 'family';
  readonly grounds: DisputeGrounds;
  readonly status: DisputeStatus;
  readonly n: number;
}

/**
 * Counts of disputes by the household race of the referral they were raised on (a "Black
 * household" has anyone on it recorded as black, as in callTallies), who raised them, the
 * grounds and the status. Only counts leave the database.
 */
export async function disputeTallies(sql: Sql): Promise<DisputeTally[]> {
  return sql.all<DisputeTally>(
    `SELECT CASE WHEN EXISTS (
              SELECT 1 FROM referral_persons rp JOIN persons p ON p.person_id = rp.person_id
               WHERE rp.referral_id = d.referral_id AND p.race = 'black')
            THEN 'black' ELSE 'non_black' END AS household_race,
            d.raised_by_kind, d.grounds, d.status, COUNT(*) AS n
       FROM disputes d
      GROUP BY 1, 2, 3, 4
      ORDER BY 1, 2, 3, 4`,
  );
}
