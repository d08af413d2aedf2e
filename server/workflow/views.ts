/**
 * What each role sees of a call. Screeners see their own calls, and the score only once it has
 * been shown to them; supervisors see every call and its score once shown (each view that
 * carries a score is audited); investigators see screened-in calls without any score, protocol,
 * rating or override — so they cannot confirm themselves — and nothing else exists for them.
 */
import { ageInYears, dayOf, formatDateTime } from '../../src/core/index.js';
import {
  appendAudit,
  callById,
  listCalls,
  membersOf,
  scoreById,
  type CallRow,
  type CallStatus,
} from '../../src/store/index.js';
import type { Deps, Staff } from '../context.js';
import { fail } from '../errors.js';
import type { CallScore } from '../score/score-call.js';
import { ownCall } from './steps.js';
import { shownDetails } from './reveal.js';

/** A person on a call as staff see them. */
export interface PersonView {
  readonly personId: string;
  readonly roles: readonly string[];
  readonly age: number;
  readonly sex: string;
}

/** A call as a screener or supervisor sees it. */
export interface CallView {
  readonly referralId: string;
  readonly receivedAt: string;
  readonly allegation: string;
  readonly channel: string | null;
  readonly status: CallStatus;
  readonly lawRequired: boolean;
  readonly people: readonly PersonView[];
  readonly ratings: { readonly risk: number; readonly safety: number } | null;
  readonly recommendation: { readonly value: string; readonly note: string | null } | null;
  readonly decision: {
    readonly value: string;
    readonly override: boolean;
    readonly reason: string | null;
    readonly decidedAt: string;
  } | null;
  /** Present only once the score has been shown to the screener. */
  readonly score: CallScore | null;
}

/** A screened-in call as an investigator sees it: no score, protocol, ratings or override. */
export interface CaseView {
  readonly referralId: string;
  readonly receivedAt: string;
  readonly allegation: string;
  readonly people: readonly PersonView[];
  readonly decision: 'in';
  readonly decidedAt: string;
}

async function peopleOf(deps: Deps, call: CallRow): Promise<PersonView[]> {
  const rows = await membersOf(deps.db, call.referral_id);
  const day = dayOf(call.received_ms);
  const out = new Map<string, PersonView & { roles: string[] }>();
  for (const r of rows) {
    const p = out.get(r.person_id);
    if (p !== undefined) p.roles.push(r.role);
    else
      out.set(r.person_id, {
        personId: r.person_id,
        roles: [r.role],
        age: ageInYears(r.birth_day, day),
        sex: r.sex,
      });
  }
  return [...out.values()];
}

/** Builds a call's view; `withScore` includes the stored score (already shown). */
async function callView(deps: Deps, call: CallRow, withScore: boolean): Promise<CallView> {
  const stored =
    withScore && call.score_id !== null ? await scoreById(deps.db, call.score_id) : undefined;
  return {
    referralId: call.referral_id,
    receivedAt: formatDateTime(call.received_ms),
    allegation: call.allegation,
    channel: call.channel,
    status: call.status,
    lawRequired: call.law_required === 1,
    people: await peopleOf(deps, call),
    ratings:
      call.risk !== null && call.safety !== null ? { risk: call.risk, safety: call.safety } : null,
    recommendation:
      call.recommendation !== null
        ? { value: call.recommendation, note: call.recommendation_note }
        : null,
    decision:
      call.decision !== null
        ? {
            value: call.decision,
            override: call.override === 1,
            reason: call.override_reason,
            decidedAt: formatDateTime(call.decided_ms!),
          }
        : null,
    score: stored !== undefined ? (JSON.parse(stored.result_json) as CallScore) : null,
  };
}

/** Records that scores were shown to `staff` (one entry per call). */
async function auditShown(deps: Deps, staff: Staff, views: readonly CallView[]): Promise<void> {
  const shown = views.filter((v) => v.score !== null);
  if (shown.length === 0) return;
  const at = new Date(deps.clock()).toISOString();
  await deps.db.tx(async (sql) => {
    const calls = await Promise.all(shown.map((v) => callById(sql, v.referralId)));
    await appendAudit(
      sql,
      at,
      shown.map((v, i) => ({
        actor: staff.userId,
        action: 'score_shown' as const,
        subject: `referral:${v.referralId}`,
        details: shownDetails(v.score!, calls[i]!.score_id!, 'page'),
      })),
    );
  });
}

/** One call for a screener (their own) or a supervisor (any), with the score once shown. */
export async function viewCall(deps: Deps, staff: Staff, id: string): Promise<CallView> {
  const call = await ownCall(deps.db, staff, id);
  const view = await callView(deps, call, call.revealed_ms !== null);
  await auditShown(deps, staff, [view]);
  return view;
}

/** A screener's open calls (most recent 100), without scores. */
export async function myCalls(deps: Deps, staff: Staff): Promise<CallView[]> {
  const open: CallStatus[] = [
    'awaiting_ratings',
    'awaiting_reveal',
    'awaiting_recommendation',
    'awaiting_decision',
  ];
  const rows = await listCalls(deps.db, { statuses: open, screenerId: staff.userId, limit: 100 });
  return Promise.all(rows.map((c) => callView(deps, c, false)));
}

/** The supervisor's queue: calls awaiting a decision, oldest first, with their scores. */
export async function queue(deps: Deps, staff: Staff): Promise<CallView[]> {
  const rows = await listCalls(deps.db, { statuses: ['awaiting_decision'], limit: 200 });
  const views = await Promise.all(rows.map((c) => callView(deps, c, true)));
  await auditShown(deps, staff, views);
  return views;
}

function caseOf(v: CallView): CaseView {
  return {
    referralId: v.referralId,
    receivedAt: v.receivedAt,
    allegation: v.allegation,
    people: v.people,
    decision: 'in',
    decidedAt: v.decision!.decidedAt,
  };
}

/** Screened-in calls for investigators (the oldest 200), without scores. */
export async function cases(deps: Deps): Promise<CaseView[]> {
  const rows = await listCalls(deps.db, { statuses: ['decided'], decision: 'in', limit: 200 });
  return Promise.all(rows.map(async (c) => caseOf(await callView(deps, c, false))));
}

/** One screened-in call for an investigator; any other id is not found. */
export async function viewCase(deps: Deps, id: string): Promise<CaseView> {
  const call = await callById(deps.db, id);
  if (call === undefined || call.decision !== 'in')
    fail('E_NOT_FOUND', `no screened-in case ${id}`);
  return caseOf(await callView(deps, call, false));
}
