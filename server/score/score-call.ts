/**
 * Scoring at call time: the referral's history is read from the store as a small extract
 * (referralHistory), the batch feature builder builds it (only the call's records and the columns
 * the model reads), and the batch scorer scores it — one code path with `sightline score`, so both
 * give identical numbers. Allegations the law requires to be investigated are not scored, and the
 * result says why.
 */
import { ageInYears, dayOf, formatDateTime } from '../../src/core/index.js';
import { ALLEGATION, ROLE, type Extract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { scoreRecords, type Protocol } from '../../src/scoring/index.js';
import { referralHistory, type ReferralHistory, type Sql } from '../../src/store/index.js';
import type { CallScorer } from './scorer.js';
import { recordsRead, type RecordRead } from './records-read.js';
import { explainChildren, type ChildExplanation } from './explain-call.js';

/** Allegations the law requires to be investigated: the tool never scores them. */
export const LAW_REQUIRED = new Set(['abuse', 'severe_neglect']);

/** One child's score on a call. */
export interface ChildScore {
  readonly personId: string;
  readonly roles: readonly string[];
  /** Completed years at the call. */
  readonly age: number;
  readonly probability: number;
  /** The child's own score on the model's scale (1–20 for ventiles). */
  readonly score: number;
  /** The score shown for the child under the model's aggregation policy. */
  readonly shownScore: number;
  /** What moved the child's score, by feature group. */
  readonly explanation: ChildExplanation;
}

/** A scored call, or the reason it is not scored. */
export type CallScore =
  | {
      readonly scored: true;
      readonly referralId: string;
      readonly asOf: string;
      readonly modelHash: string;
      readonly aggregation: string;
      readonly protocolRules: { readonly name: string; readonly version: string };
      readonly children: readonly ChildScore[];
      readonly householdScore: number;
      readonly protocol: Protocol;
      readonly records: readonly RecordRead[];
    }
  | {
      readonly scored: false;
      readonly referralId: string;
      readonly asOf: string;
      readonly modelHash: string;
      readonly reason: string;
    };

/** Why a referral naming no child has no score. */
export const NO_CHILD =
  'The referral names no child (alleged victim or other child), so there is no child-referral record to score.';

/** Why a law-required allegation has no score. */
export function lawReason(allegation: string): string {
  const what = allegation === 'abuse' ? 'abuse' : 'severe neglect';
  return `Allegations of ${what} must be investigated by law. The screening tool does not score them; the supervisor's decision does not depend on a score.`;
}

/**
 * Scores a stored referral as of its call.
 * @throws SightlineError E_STORE_NOT_FOUND when the referral is not stored.
 */
export async function scoreCall(
  sql: Sql,
  scorer: CallScorer,
  referralId: string,
): Promise<CallScore> {
  return scoreHistory(scorer, referralId, await referralHistory(sql, referralId));
}

/** Scores a referral from its history extract (read with referralHistory). */
export function scoreHistory(
  scorer: CallScorer,
  referralId: string,
  history: ReferralHistory,
): CallScore {
  const { extract, receivedMs } = history;
  const asOf = formatDateTime(receivedMs);
  const row = extract.referrals.referral_id.indexOf(referralId);
  const allegation = ALLEGATION[extract.referrals.allegation[row]!]!;
  if (LAW_REQUIRED.has(allegation)) {
    return {
      scored: false,
      referralId,
      asOf,
      modelHash: scorer.modelHash,
      reason: lawReason(allegation),
    };
  }
  // The call's records only (earlier referrals are its history), the model's columns only.
  const fs = buildFeatures(extract, scorer.catalog, { referrals: new Set([referralId]) });
  // The builder makes one record per child; a referral naming no child has nothing to score.
  const s = scoreRecords(scorer.file, fs);
  const r = fs.records;
  const rows: number[] = [];
  for (let i = 0; i < r.n; i++) if (r.referralId[i] === referralId) rows.push(i);
  if (rows.length === 0) {
    return { scored: false, referralId, asOf, modelHash: scorer.modelHash, reason: NO_CHILD };
  }
  const roles = rolesOf(extract, referralId);
  const callDay = dayOf(receivedMs);
  const records = recordsRead(extract, history.eventIds, referralId, scorer.catalog);
  const explained = explainChildren(scorer.explainFile, fs, rows, records);
  const children = rows.map((i, k): ChildScore => ({
    personId: r.personId[i]!,
    roles: roles.get(r.personId[i]!) ?? [],
    age: ageInYears(extract.persons.birth_date[r.child[i]!]!, callDay),
    probability: s.probability[i]!,
    score: s.score[i]!,
    shownScore: s.householdScore[i]!,
    explanation: explained[k]!,
  }));
  return {
    scored: true,
    referralId,
    asOf,
    modelHash: scorer.modelHash,
    aggregation: scorer.file.aggregation,
    protocolRules: { name: scorer.file.protocol.name, version: scorer.file.protocol.version },
    children,
    householdScore: Math.max(...children.map((c) => c.score)),
    protocol: s.protocol[rows[0]!]!,
    records,
  };
}

/** The roles of each person on the referral. */
function rolesOf(extract: Extract, referralId: string): Map<string, string[]> {
  const rp = extract.referral_persons;
  const out = new Map<string, string[]>();
  for (let i = 0; i < rp.n; i++) {
    if (rp.referral_id[i] !== referralId) continue;
    const p = rp.person_id[i]!;
    out.set(p, [...(out.get(p) ?? []), ROLE[rp.role[i]!]!]);
  }
  return out;
}
