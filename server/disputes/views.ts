/**
 * What a records reviewer sees of disputes: the queue of open ones (oldest first) and those
 * decided lately; one dispute with its record as it stood, the grounds, the note, who raised it
 * and when, every record of the person (superseded ones marked, with what replaced them), and,
 * once decided, the reason and the before and after of every call re-scored. Showing re-scored
 * numbers is audited like any score shown. A screener sees the disputes raised on their call.
 */
import { formatDate, formatDateTime } from '../../src/core/index.js';
import {
  appendAudit,
  disputeById,
  eventById,
  linksOf,
  listDisputes,
  personRecords,
  userById,
  type DisputeRow,
  type DisputeStatus,
  type EventRow,
  type LinkRow,
  type Sql,
} from '../../src/store/index.js';
import type { Deps, Staff } from '../context.js';
import { fail } from '../errors.js';
import type { RecordCorrection } from '../schemas.js';
import type { RescoredCall } from './rescore.js';

/** A record as the reviewer sees it. */
export interface RecordView {
  /** `event:N` or `referral:ID`. */
  readonly recordId: string;
  /** The source system, or `referrals` for an earlier referral. */
  readonly source: string;
  /** The kind of event, or the person's roles on the referral. */
  readonly kind: string;
  readonly startDate: string;
  readonly endDate: string | null;
  /** `load`, `call`, or `dispute:<id>` for a correction. */
  readonly origin: string;
  readonly current: boolean;
  readonly supersededAt: string | null;
  readonly replacedBy: string | null;
  readonly byDispute: number | null;
}

/** A dispute in a list. */
export interface DisputeSummary {
  readonly disputeId: number;
  readonly status: DisputeStatus;
  readonly grounds: DisputeRow['grounds'];
  readonly raisedBy: 'staff' | 'family';
  /** The person id of the family member who raised it (null when staff did). */
  readonly raiserPersonId: string | null;
  readonly raisedAt: string;
  readonly referralId: string;
  readonly personId: string;
  readonly recordId: string;
  readonly reviewedAt: string | null;
}

/** One dispute, whole. */
export interface DisputeView extends DisputeSummary {
  readonly note: string | null;
  readonly proposed: RecordCorrection | null;
  /** Who raised it, in words: a staff member's name, or "a family member (person P)". */
  readonly raisedByWho: string;
  /** The record as it stood when disputed. */
  readonly record: RecordView | null;
  /** The record that replaced it (a correction), if any. */
  readonly replacement: RecordView | null;
  readonly review: {
    readonly reviewer: string;
    readonly reason: string;
    readonly reviewedAt: string;
    readonly correction: Readonly<Record<string, unknown>> | null;
  } | null;
  /** Calls re-scored on acceptance, with their before and after. */
  readonly rescored: readonly RescoredCall[] | null;
  /** Every record of the person, superseded ones included (empty in lists). */
  readonly personRecords: readonly RecordView[];
}

function eventView(e: EventRow): RecordView {
  return {
    recordId: `event:${e.event_id}`,
    source: e.source,
    kind: e.kind,
    startDate: formatDate(e.start_day),
    endDate: e.end_day === null ? null : formatDate(e.end_day),
    origin: e.origin,
    current: e.superseded_at === null,
    supersededAt: e.superseded_at,
    replacedBy: e.superseded_by === null ? null : `event:${e.superseded_by}`,
    byDispute: e.superseded_by_dispute,
  };
}

/** A person's link to a referral (its role rows together). */
function linkView(rows: readonly LinkRow[]): RecordView {
  const r = rows[0]!;
  const superseded = rows.find((x) => x.superseded_at !== null);
  return {
    recordId: `referral:${r.referral_id}`,
    source: 'referrals',
    kind: rows.map((x) => x.role).join(', '),
    startDate: formatDate(Math.floor(r.received_ms / 86_400_000)),
    endDate: null,
    origin: 'referral',
    current: rows.some((x) => x.superseded_at === null),
    supersededAt: superseded?.superseded_at ?? null,
    replacedBy: null,
    byDispute: superseded?.superseded_by_dispute ?? null,
  };
}

function summaryOf(d: DisputeRow): DisputeSummary {
  return {
    disputeId: d.dispute_id,
    status: d.status,
    grounds: d.grounds,
    raisedBy: d.raised_by_kind,
    raiserPersonId: d.raised_by_kind === 'family' ? d.raised_by : null,
    raisedAt: formatDateTime(d.raised_ms),
    referralId: d.referral_id,
    personId: d.person_id,
    recordId: d.event_id !== null ? `event:${d.event_id}` : `referral:${d.link_referral_id}`,
    reviewedAt: d.reviewed_ms === null ? null : formatDateTime(d.reviewed_ms),
  };
}

/**
 * A dispute id from a path.
 * @throws SightlineError E_NOT_FOUND when it is not a positive whole number.
 */
export function parseDisputeId(text: string): number {
  if (!/^[1-9][0-9]{0,14}$/.test(text)) fail('E_NOT_FOUND', `no dispute ${text}`);
  return Number(text);
}

/**
 * The reviewer's queue: open disputes oldest first (200 at most), and the 20 decided last, each
 * with its record (not the person's other records).
 */
export async function disputeQueue(
  deps: Deps,
): Promise<{ open: DisputeView[]; decided: DisputeView[] }> {
  const [open, decided] = await Promise.all([
    listDisputes(deps.db, { statuses: ['open'], limit: 200 }),
    listDisputes(deps.db, { statuses: ['accepted', 'rejected'], limit: 20, newest: true }),
  ]);
  const withRecord = (d: DisputeRow) => fullView(deps.db, d, false);
  return {
    open: await Promise.all(open.map(withRecord)),
    decided: await Promise.all(decided.map(withRecord)),
  };
}

/** The disputes raised on one referral, oldest first (for the screener's call page). */
export async function disputesOnReferral(deps: Deps, referralId: string): Promise<DisputeView[]> {
  const rows = await listDisputes(deps.db, {
    statuses: ['open', 'accepted', 'rejected'],
    referralId,
    limit: 100,
  });
  return Promise.all(rows.map((d) => fullView(deps.db, d, false)));
}

async function displayName(sql: Sql, userId: string | null): Promise<string> {
  if (userId === null) return '';
  return (await userById(sql, userId))?.display_name ?? 'former staff';
}

async function fullView(sql: Sql, d: DisputeRow, withRecords: boolean): Promise<DisputeView> {
  const record =
    d.event_id !== null
      ? await eventById(sql, d.event_id)
      : await linksOf(sql, d.link_referral_id!, d.person_id);
  const replacement = d.new_event_id !== null ? await eventById(sql, d.new_event_id) : undefined;
  const all = withRecords ? await personRecords(sql, d.person_id) : { events: [], links: [] };
  const byReferral = new Map<string, LinkRow[]>();
  for (const l of all.links)
    byReferral.set(l.referral_id, [...(byReferral.get(l.referral_id) ?? []), l]);
  return {
    ...summaryOf(d),
    note: d.note,
    proposed: d.proposed_json !== null ? (JSON.parse(d.proposed_json) as RecordCorrection) : null,
    raisedByWho:
      d.raised_by_kind === 'staff'
        ? await displayName(sql, d.raised_by)
        : `a family member (person ${d.raised_by})`,
    record: Array.isArray(record)
      ? record.length > 0
        ? linkView(record)
        : null
      : record !== undefined
        ? eventView(record)
        : null,
    replacement: replacement !== undefined ? eventView(replacement) : null,
    review:
      d.reviewed_ms === null
        ? null
        : {
            reviewer: await displayName(sql, d.reviewer_id),
            reason: d.review_reason ?? '',
            reviewedAt: formatDateTime(d.reviewed_ms),
            correction:
              d.correction_json !== null
                ? (JSON.parse(d.correction_json) as Record<string, unknown>)
                : null,
          },
    rescored: d.rescoring_json !== null ? (JSON.parse(d.rescoring_json) as RescoredCall[]) : null,
    personRecords: [...all.events.map(eventView), ...[...byReferral.values()].map(linkView)],
  };
}

/** One dispute for a reviewer; showing re-scored numbers is audited. */
export async function viewDispute(deps: Deps, staff: Staff, id: number): Promise<DisputeView> {
  const d = await disputeById(deps.db, id);
  if (d === undefined) fail('E_NOT_FOUND', `no dispute ${id}`);
  const view = await fullView(deps.db, d, true);
  if (view.rescored !== null && view.rescored.length > 0) {
    await deps.db.tx((sql) =>
      appendAudit(
        sql,
        new Date(deps.clock()).toISOString(),
        view.rescored!.map((r) => ({
          actor: staff.userId,
          action: 'score_shown' as const,
          subject: `referral:${r.referralId}`,
          details: { disputeId: id, beforeScoreId: r.beforeScoreId, afterScoreId: r.afterScoreId },
        })),
      ),
    );
  }
  return view;
}
