/**
 * Re-scoring after a correction: every stored call whose score could have read the corrected
 * record (a call naming the person, received after the record began, with a score) is scored
 * again from the records as they now stand, by the same code path as at call time (scoreCall).
 * The new score is a new row (reason `correction:dispute:<id>`) that supersedes the previous one;
 * the call's own row — the score that was shown and the decision made on it — is not rewritten.
 */
import {
  insertScore,
  scoredCallsNaming,
  supersedeScore,
  type AuditInput,
  type Sql,
} from '../../src/store/index.js';
import type { CallScorer } from '../score/scorer.js';
import { scoreCall, type CallScore } from '../score/score-call.js';
import { fail } from '../errors.js';

/** The numbers of a score people compare: household score, protocol, each child's scores. */
export interface ScoreSummary {
  readonly householdScore: number | null;
  readonly protocol: string | null;
  readonly children: readonly {
    readonly personId: string;
    /** The model's predicted probability (what a score's integer can hide). */
    readonly probability: number;
    readonly score: number;
    readonly shownScore: number;
  }[];
}

/** One call scored again: its score before and after the correction. */
export interface RescoredCall {
  readonly referralId: string;
  readonly beforeScoreId: number;
  readonly afterScoreId: number;
  readonly modelHashBefore: string;
  readonly modelHashAfter: string;
  readonly before: ScoreSummary;
  readonly after: ScoreSummary;
}

/** The numbers of a stored or fresh score. */
export function summaryOf(s: CallScore): ScoreSummary {
  if (!s.scored) return { householdScore: null, protocol: null, children: [] };
  return {
    householdScore: s.householdScore,
    protocol: s.protocol,
    children: s.children.map((c) => ({
      personId: c.personId,
      probability: c.probability,
      score: c.score,
      shownScore: c.shownScore,
    })),
  };
}

/** Whether a correction changed a call's numbers. */
export function changed(r: RescoredCall): boolean {
  return JSON.stringify(r.before) !== JSON.stringify(r.after);
}

/**
 * Re-scores, inside the caller's transaction, the calls naming `personId` received at or after
 * `fromMs`; returns each call's before and after and the audit entries that record them.
 */
export async function rescoreCalls(
  sql: Sql,
  scorer: CallScorer,
  o: { personId: string; fromMs: number; disputeId: number; nowMs: number; actor: string },
): Promise<{ calls: RescoredCall[]; audit: AuditInput[] }> {
  const calls: RescoredCall[] = [];
  const audit: AuditInput[] = [];
  for (const prev of await scoredCallsNaming(sql, o.personId, o.fromMs)) {
    const fresh = await scoreCall(sql, scorer, prev.referral_id);
    const afterScoreId = await insertScore(sql, {
      referral_id: prev.referral_id,
      model_hash: fresh.modelHash,
      computed_ms: o.nowMs,
      household_score: fresh.scored ? fresh.householdScore : null,
      protocol: fresh.scored ? fresh.protocol : null,
      result_json: JSON.stringify(fresh),
      reason: `correction:dispute:${o.disputeId}`,
    });
    if (!(await supersedeScore(sql, prev.score_id, afterScoreId))) {
      fail('E_WORKFLOW_CONFLICT', `the score of ${prev.referral_id} changed meanwhile; try again`);
    }
    const r: RescoredCall = {
      referralId: prev.referral_id,
      beforeScoreId: prev.score_id,
      afterScoreId,
      modelHashBefore: prev.model_hash,
      modelHashAfter: fresh.modelHash,
      before: summaryOf(JSON.parse(prev.result_json) as CallScore),
      after: summaryOf(fresh),
    };
    calls.push(r);
    audit.push({
      actor: o.actor,
      action: 'score_recomputed',
      subject: `referral:${r.referralId}`,
      details: {
        disputeId: o.disputeId,
        beforeScoreId: r.beforeScoreId,
        afterScoreId: r.afterScoreId,
        before: r.before,
        after: r.after,
        modelHash: r.modelHashAfter,
        sameModel: r.modelHashBefore === r.modelHashAfter,
      },
    });
  }
  return { calls, audit };
}
