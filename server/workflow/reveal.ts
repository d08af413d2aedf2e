/**
 * Step 2 of the workflow (see steps.ts): the screener asks to see the score — refused until the
 * ratings are in — and the score is computed from the records as they stand, stored, and shown;
 * every showing is audited in the same commit as what it shows.
 */
import {
  appendAudit,
  callWithHistory,
  scoreById,
  storeFirstScore,
  storeFirstScoreAudited,
  type ScoreValues,
} from '../../src/store/index.js';
import type { Deps, Staff } from '../context.js';
import { scoreHistory, type CallScore } from '../score/score-call.js';
import { mayActOn, order, ownCall } from './steps.js';

/**
 * What a showing of a score records in the audit log. `via`: `reveal` when the score is released
 * to the screener (the request to see it), `page` when a page displays it again.
 */
export function shownDetails(
  s: CallScore,
  scoreId: number,
  via: 'reveal' | 'page',
): Record<string, unknown> {
  if (!s.scored) return { scoreId, via, scored: false };
  return {
    scoreId,
    via,
    scored: true,
    householdScore: s.householdScore,
    protocol: s.protocol,
    children: s.children.map((c) => ({
      personId: c.personId,
      score: c.score,
      shown: c.shownScore,
    })),
    modelHash: s.modelHash,
  };
}

/** A shown score and its JSON text (as stored; JSON.stringify of `score`). */
export interface Revealed {
  readonly score: CallScore;
  readonly json: string;
}

/**
 * Computes (first time) or reads the stored score and records that it was shown, always in the
 * commit that stores it and moves the call: the request to see the score is when it is released
 * to the screener, whether the answer carries it (the API) or a redirect to the page that shows
 * it follows (the web form). That page, like every view carrying the score, records its own
 * display (views.ts), so a web reveal leaves two `score_shown` entries: the release, and the
 * display — and the release is audited even if the browser never follows the redirect.
 * @throws E_WORKFLOW_ORDER before the ratings are in.
 */
export async function revealScore(deps: Deps, staff: Staff, id: string): Promise<CallScore> {
  return (await reveal(deps, staff, id)).score;
}

/** revealScore, with the score's JSON text (so that an answer does not serialise it again). */
export async function reveal(deps: Deps, staff: Staff, id: string): Promise<Revealed> {
  // The history is read together with the call (one statement on PostgreSQL) and used only if
  // the call may be scored now. Latest (not waiting for other requests' flushes): whatever this
  // read sees is either refused or stored and acknowledged after a later flush, which covers it.
  const read = await callWithHistory(deps.db.latest, id);
  const first = mayActOn(read.call, staff, id);
  if (first.status === 'awaiting_ratings') {
    order(first, 'show the score of', 'enter your risk and safety ratings first');
  }
  const nowMs = deps.clock();
  const at = new Date(nowMs).toISOString();
  const entry = {
    at,
    actor: staff.userId,
    action: 'score_shown',
    subject: `referral:${id}`,
  } as const;
  const call = {
    referralId: id,
    screenerId: staff.role === 'screener' ? staff.userId : null,
    revealedMs: nowMs,
  };
  // A fresh score and its stored row, when the call awaits its reveal.
  let fresh: (Revealed & { row: ScoreValues }) | null = null;
  if (first.status === 'awaiting_reveal') {
    const score = scoreHistory(deps.scorer, id, await read.history());
    const json = JSON.stringify(score);
    const row = {
      model_hash: score.modelHash,
      computed_ms: nowMs,
      household_score: score.scored ? score.householdScore : null,
      protocol: score.scored ? score.protocol : null,
      result_json: json,
      reason: 'call',
    };
    fresh = { score, json, row };
    // The usual case, in one step: the call still awaits its reveal, so the score is stored, the
    // call moved and the showing audited (nothing is written otherwise; see below).
    const scoreId = await storeFirstScoreAudited(deps.db, call, row, {
      ...entry,
      details: (n) => shownDetails(score, n, 'reveal'),
    });
    if (scoreId !== null) return { score, json };
  }
  // The call had moved (another reveal of it won), or its entry could not be written in one
  // statement: the stored score is shown and audited (the fresh one, stored now if still due).
  return deps.db.tx(async (sql) => {
    const audit = async (r: Revealed, scoreId: number): Promise<Revealed> => {
      await appendAudit(sql, at, [{ ...entry, details: shownDetails(r.score, scoreId, 'reveal') }]);
      return r;
    };
    if (fresh !== null) {
      const scoreId = await storeFirstScore(sql, call, fresh.row);
      if (scoreId !== null) return audit({ score: fresh.score, json: fresh.json }, scoreId);
    }
    const now = await ownCall(sql, staff, id);
    if (now.score_id === null) return order(now, 'show the score of', 'reload the call');
    const json = (await scoreById(sql, now.score_id))!.result_json;
    return audit({ score: JSON.parse(json) as CallScore, json }, now.score_id);
  });
}
