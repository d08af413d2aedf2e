/**
 * The screening workflow after a call is recorded, in the order the law and practice require:
 * 1. the screener enters risk and safety ratings (and may change them until the score is shown);
 * 2. the screener asks to see the score — refused until the ratings are in — and the score is
 *    computed from the records as they stand, stored, and shown (every showing is audited);
 * 3. the screener recommends screen-in or screen-out;
 * 4. a supervisor decides. Going against the protocol is an override and needs a written reason:
 *    screening out a mandatory screen-in (the protocol's `high`, or an allegation the law
 *    requires to be investigated), or screening in a `low` household (the protocol recommends
 *    screening it out).
 * Each step checks the call's status inside its transaction, so two people acting at once cannot
 * both succeed; each step appends to the audit log in the same transaction.
 */
import {
  appendAudit,
  callById,
  recordReferralDecision,
  scoreById,
  updateCall,
  type CallRow,
  type CallStatus,
  type Sql,
} from '../../src/store/index.js';
import type { Deps, Staff } from '../context.js';
import { fail } from '../errors.js';

/** The shortest written reason accepted for an override (a decision against the protocol). */
export const MIN_REASON = 20;

/** The call, if it exists and `staff` may act on it as a screener (their own call). */
export async function ownCall(sql: Sql, staff: Staff, referralId: string): Promise<CallRow> {
  return mayActOn(await callById(sql, referralId), staff, referralId);
}

/** The call read, if it exists and `staff` may act on it as a screener (their own call). */
export function mayActOn(call: CallRow | undefined, staff: Staff, referralId: string): CallRow {
  if (call === undefined) fail('E_NOT_FOUND', `no call ${referralId}`);
  if (staff.role === 'screener' && call.screener_id !== staff.userId) {
    fail('E_AUTH_FORBIDDEN', `call ${referralId} belongs to another screener`);
  }
  return call;
}

export function order(call: CallRow, what: string, expected: string): never {
  return fail(
    'E_WORKFLOW_ORDER',
    `cannot ${what} call ${call.referral_id}: it is ${call.status.replace(/_/g, ' ')}; ${expected}`,
    {
      status: call.status,
    },
  );
}

async function move(
  sql: Sql,
  call: CallRow,
  from: CallStatus,
  set: Parameters<typeof updateCall>[3],
): Promise<void> {
  if (!(await updateCall(sql, call.referral_id, from, set))) {
    fail(
      'E_WORKFLOW_CONFLICT',
      `call ${call.referral_id} changed while you were working on it; reload it`,
    );
  }
}

/** Step 1: the screener's risk (1–3) and safety (1–3) ratings. */
export async function recordRatings(
  deps: Deps,
  staff: Staff,
  id: string,
  risk: number,
  safety: number,
): Promise<void> {
  const nowMs = deps.clock();
  await deps.db.tx(async (sql) => {
    const call = await ownCall(sql, staff, id);
    if (call.status !== 'awaiting_ratings' && call.status !== 'awaiting_reveal') {
      order(call, 'rate', 'ratings are fixed once the score has been shown');
    }
    await move(sql, call, call.status, {
      risk,
      safety,
      rated_ms: nowMs,
      status: 'awaiting_reveal',
    });
    await appendAudit(sql, new Date(nowMs).toISOString(), [
      {
        actor: staff.userId,
        action: 'ratings',
        subject: `referral:${id}`,
        details: { risk, safety },
      },
    ]);
  });
}

/** Step 3: the screener's recommendation. */
export async function recommend(
  deps: Deps,
  staff: Staff,
  id: string,
  recommendation: 'in' | 'out',
  note: string | null,
): Promise<void> {
  const nowMs = deps.clock();
  await deps.db.tx(async (sql) => {
    const call = await ownCall(sql, staff, id);
    if (call.status !== 'awaiting_recommendation') {
      order(
        call,
        'recommend on',
        call.status === 'awaiting_reveal' || call.status === 'awaiting_ratings'
          ? 'enter ratings and see the score first'
          : 'it has already been recommended',
      );
    }
    await move(sql, call, 'awaiting_recommendation', {
      recommendation,
      recommendation_note: note,
      recommended_ms: nowMs,
      status: 'awaiting_decision',
    });
    await appendAudit(sql, new Date(nowMs).toISOString(), [
      {
        actor: staff.userId,
        action: 'recommendation',
        subject: `referral:${id}`,
        details: { recommendation, note: note !== null },
      },
    ]);
  });
}

/** The protocol shown on a call (null when it was not scored). */
async function shownProtocol(
  sql: Sql,
  call: CallRow,
): Promise<{ protocol: string | null; score: number | null }> {
  if (call.score_id === null) return { protocol: null, score: null };
  const s = await scoreById(sql, call.score_id);
  return { protocol: s?.protocol ?? null, score: s?.household_score ?? null };
}

/**
 * The decision that goes against the protocol — an override, which needs a written reason — or
 * null when neither does: `out` for a mandatory screen-in (an allegation the law requires to be
 * investigated, or the protocol's `high`), `in` for a household the protocol rates `low` (it
 * recommends screening out). The call page asks for the reason by the same rule.
 */
export function decisionAgainst(
  lawRequired: boolean,
  protocol: string | null,
): 'in' | 'out' | null {
  if (lawRequired || protocol === 'high') return 'out';
  return protocol === 'low' ? 'in' : null;
}

/** An override in the words of its error: the whole decision, and what the reason overrides. */
const OVERRIDE_WORDS = {
  out: { invalid: 'screening out a mandatory screen-in', field: 'a mandatory screen-in' },
  in: {
    invalid: "screening in against the low-risk protocol's screen-out recommendation",
    field: "the low-risk protocol's screen-out recommendation",
  },
} as const;

/**
 * Step 4: the supervisor's decision. Every override (see decisionAgainst) needs a written reason.
 * @throws E_INPUT for an override without a reason of MIN_REASON (20) or more characters.
 */
export async function decide(
  deps: Deps,
  staff: Staff,
  id: string,
  decision: 'in' | 'out',
  reason: string | null,
): Promise<{ override: boolean }> {
  const nowMs = deps.clock();
  const at = new Date(nowMs).toISOString();
  return deps.db.tx(async (sql) => {
    const call = await callById(sql, id);
    if (call === undefined) fail('E_NOT_FOUND', `no call ${id}`);
    if (call.status !== 'awaiting_decision')
      order(
        call,
        'decide',
        call.status === 'decided' ? 'it has been decided' : 'the screener has not recommended yet',
      );
    const shown = await shownProtocol(sql, call);
    const against = decisionAgainst(call.law_required === 1, shown.protocol);
    const mandatory = against === 'out';
    const override = against === decision;
    if (override && (reason === null || reason.length < MIN_REASON)) {
      const words = OVERRIDE_WORDS[decision];
      fail(
        'E_INPUT',
        `invalid decision: ${words.invalid} needs a written reason of at least ${MIN_REASON} characters`,
        {
          issues: [
            {
              field: 'reason',
              message: `is required (at least ${MIN_REASON} characters) to override ${words.field}`,
            },
          ],
        },
      );
    }
    await move(sql, call, 'awaiting_decision', {
      decision,
      supervisor_id: staff.userId,
      decided_ms: nowMs,
      override: override ? 1 : 0,
      override_reason: override ? reason : null,
      status: 'decided',
    });
    await recordReferralDecision(sql, {
      referralId: id,
      decision,
      decidedMs: nowMs,
      screenerId: call.screener_id,
      supervisorId: staff.userId,
      risk: call.risk,
      safety: call.safety,
      shownScore: shown.score,
      shownProtocol: shown.protocol,
      override,
      overrideReason: override ? reason : null,
    });
    const subject = `referral:${id}`;
    const details = {
      decision,
      recommendation: call.recommendation,
      protocol: shown.protocol,
      lawRequired: call.law_required === 1,
      override,
      reason,
    };
    await appendAudit(sql, at, [
      { actor: staff.userId, action: 'decision', subject, details },
      ...(override
        ? [
            {
              actor: staff.userId,
              action: 'override' as const,
              subject,
              details: { decision, protocol: shown.protocol, mandatory, reason },
            },
          ]
        : []),
    ]);
    return { override };
  });
}
