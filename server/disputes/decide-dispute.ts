/**
 * A reviewer decides a dispute, always with a written reason. Rejecting changes no record.
 * Accepting does, in one transaction with its audit entries: the disputed event is superseded by
 * its correction (a new event whose origin is `dispute:<id>`) or, when it is not the person's, by
 * nothing; a disputed link to an earlier referral is superseded (the referral stays for its other
 * people); nothing is deleted or overwritten. Then every stored call whose score could have read
 * the record is re-scored, and the before and after are kept with the dispute.
 */
import { MS_PER_DAY, dayOf, formatDate, sha256 } from '../../src/core/index.js';
import {
  appendAudit,
  disputeById,
  eventById,
  insertEvent,
  linksOf,
  recordDisputeDecision,
  supersedeEvent,
  supersedeLink,
  type AuditInput,
  type DisputeRow,
  type Sql,
} from '../../src/store/index.js';
import type { Deps, Staff } from '../context.js';
import { fail } from '../errors.js';
import type { DisputeDecision } from '../schemas.js';
import { correctedEvent } from './correction.js';
import { rescoreCalls, type RescoredCall } from './rescore.js';

/** What accepting a dispute changed in the records. */
interface Applied {
  readonly correction: Record<string, unknown> | null;
  readonly newEventId: number | null;
  /** Calls received from this instant on may have read the record. */
  readonly fromMs: number;
  readonly audit: AuditInput;
}

async function applyToEvent(
  sql: Sql,
  d: DisputeRow,
  decision: DisputeDecision,
  actor: string,
  nowMs: number,
): Promise<Applied> {
  const ev = await eventById(sql, d.event_id!);
  if (ev === undefined) fail('E_NOT_FOUND', `event ${d.event_id} is not in the store`);
  const fixed = correctedEvent(d.grounds, ev, decision.correction, dayOf(nowMs));
  const at = new Date(nowMs).toISOString();
  const newEventId =
    fixed === null
      ? null
      : await insertEvent(sql, {
          person_id: ev.person_id,
          source: ev.source,
          ...fixed,
          origin: `dispute:${d.dispute_id}`,
          recorded_at: at,
        });
  if (!(await supersedeEvent(sql, ev.event_id, { by: newEventId, disputeId: d.dispute_id, at }))) {
    fail('E_STORE_CONFLICT', `event ${ev.event_id} has already been superseded`);
  }
  const dates = (e: { start_day: number; end_day: number | null }) => ({
    startDate: formatDate(e.start_day),
    endDate: e.end_day === null ? null : formatDate(e.end_day),
  });
  const correction =
    fixed === null
      ? null
      : { kind: fixed.kind, ...dates(fixed), was: { kind: ev.kind, ...dates(ev) } };
  const firstDay = Math.min(ev.start_day, fixed?.start_day ?? ev.start_day);
  return {
    correction,
    newEventId,
    fromMs: (firstDay + 1) * MS_PER_DAY,
    audit: {
      actor,
      action: 'data_change',
      subject: `person:${ev.person_id}`,
      details: {
        change: fixed === null ? 'record removed from person' : 'record corrected',
        disputeId: d.dispute_id,
        supersededEventId: ev.event_id,
        newEventId,
      },
    },
  };
}

async function applyToLink(
  sql: Sql,
  d: DisputeRow,
  decision: DisputeDecision,
  actor: string,
  nowMs: number,
): Promise<Applied> {
  if (decision.correction !== undefined && Object.keys(decision.correction).length > 0) {
    fail('E_INPUT', 'invalid correction: must be empty for an earlier referral', {
      issues: [{ field: 'correction', message: 'must be empty for an earlier referral' }],
    });
  }
  const links = await linksOf(sql, d.link_referral_id!, d.person_id);
  const at = new Date(nowMs).toISOString();
  const n = await supersedeLink(sql, d.link_referral_id!, d.person_id, {
    disputeId: d.dispute_id,
    at,
  });
  if (n === 0) fail('E_STORE_CONFLICT', `the link has already been superseded`);
  return {
    correction: null,
    newEventId: null,
    fromMs: links[0]!.received_ms + 1,
    audit: {
      actor,
      action: 'data_change',
      subject: `person:${d.person_id}`,
      details: {
        change: 'referral link removed from person',
        disputeId: d.dispute_id,
        referralId: d.link_referral_id,
        rows: n,
      },
    },
  };
}

/** The outcome of a decision. */
export interface DecidedDispute {
  readonly disputeId: number;
  readonly status: 'accepted' | 'rejected';
  readonly newEventId: number | null;
  readonly rescored: readonly RescoredCall[];
}

/**
 * Decides an open dispute (reviewers only).
 * @throws SightlineError E_AUTH_FORBIDDEN (not a reviewer), E_NOT_FOUND, E_WORKFLOW_CONFLICT (it
 *   has been decided), E_INPUT (a correction that breaks the contract or changes nothing).
 */
export async function decideDispute(
  deps: Deps,
  staff: Staff,
  disputeId: number,
  decision: DisputeDecision,
): Promise<DecidedDispute> {
  if (staff.role !== 'reviewer')
    fail('E_AUTH_FORBIDDEN', 'only a records reviewer decides disputes');
  const nowMs = deps.clock();
  return deps.db.tx(async (sql) => {
    const d = await disputeById(sql, disputeId);
    if (d === undefined) fail('E_NOT_FOUND', `no dispute ${disputeId}`);
    if (d.status !== 'open') {
      fail('E_WORKFLOW_CONFLICT', `dispute ${disputeId} has already been ${d.status}`, {
        status: d.status,
      });
    }
    const reasonSha256 = sha256(decision.reason);
    const subject = `dispute:${disputeId}`;
    let applied: Applied | null = null;
    let rescored: { calls: RescoredCall[]; audit: AuditInput[] } = { calls: [], audit: [] };
    if (decision.outcome === 'accept') {
      applied =
        d.target_kind === 'event'
          ? await applyToEvent(sql, d, decision, staff.userId, nowMs)
          : await applyToLink(sql, d, decision, staff.userId, nowMs);
      rescored = await rescoreCalls(sql, deps.scorer, {
        personId: d.person_id,
        fromMs: applied.fromMs,
        disputeId,
        nowMs,
        actor: staff.userId,
      });
    } else if (decision.correction !== undefined && Object.keys(decision.correction).length > 0) {
      fail('E_INPUT', 'invalid decision: correction: must be empty when rejecting', {
        issues: [{ field: 'correction', message: 'must be empty when rejecting' }],
      });
    }
    const status = decision.outcome === 'accept' ? 'accepted' : 'rejected';
    const ok = await recordDisputeDecision(sql, disputeId, {
      status,
      reviewerId: staff.userId,
      reason: decision.reason,
      reviewedMs: nowMs,
      correctionJson: applied?.correction != null ? JSON.stringify(applied.correction) : null,
      newEventId: applied?.newEventId ?? null,
      rescoringJson: applied !== null ? JSON.stringify(rescored.calls) : null,
    });
    if (!ok) fail('E_WORKFLOW_CONFLICT', `dispute ${disputeId} was decided meanwhile; reload it`);
    await appendAudit(sql, new Date(nowMs).toISOString(), [
      {
        actor: staff.userId,
        action: status === 'accepted' ? 'dispute_accepted' : 'dispute_rejected',
        subject,
        details: {
          grounds: d.grounds,
          personId: d.person_id,
          reasonSha256,
          ...(applied !== null ? { rescored: rescored.calls.length } : {}),
        },
      },
      ...(applied !== null ? [applied.audit] : []),
      ...rescored.audit,
    ]);
    return { disputeId, status, newEventId: applied?.newEventId ?? null, rescored: rescored.calls };
  });
}
