/**
 * Household aggregation: the score a screener sees for a child, and the protocol of a referral,
 * depend on the other children on the referral. These policies are design decisions (Gerchick et
 * al. 2023 showed household maxima widen racial gaps), so each one is named and replayable.
 *
 * Records are child-referral rows; `household[i]` is the dense index (0..H−1) of record i's
 * referral. NaN scores are ignored within a household.
 */
import { check } from '../core/index.js';
import { applyProtocol, type Protocol, type ProtocolRules } from './protocol.js';

/** How a record's shown score is formed from the scores on its referral. */
export type Aggregation = 'individual' | 'household_max' | 'alleged_victim_max';
export const AGGREGATIONS: readonly Aggregation[] = [
  'individual',
  'household_max',
  'alleged_victim_max',
];

function householdCount(household: Uint32Array): number {
  let h = 0;
  for (let i = 0; i < household.length; i++) if (household[i]! + 1 > h) h = household[i]! + 1;
  return h;
}

function maxBy(
  scores: Float64Array,
  household: Uint32Array,
  include: (i: number) => boolean,
): Float64Array {
  const max = new Float64Array(householdCount(household)).fill(NaN);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s) || !include(i)) continue;
    const h = household[i]!;
    if (Number.isNaN(max[h]!) || s > max[h]!) max[h] = s;
  }
  return max;
}

/**
 * The score each record carries under an aggregation policy.
 * - `individual`: the child's own score.
 * - `household_max`: the maximum over the children on the referral (Allegheny's display).
 * - `alleged_victim_max`: the maximum over the referral's alleged victims; a referral that names
 *   no scored alleged victim falls back to its household maximum (stated in reports).
 */
export function aggregateScores(
  scores: Float64Array,
  household: Uint32Array,
  policy: Aggregation,
  isAllegedVictim?: Uint8Array,
): Float64Array {
  check(
    scores.length === household.length,
    `scores has ${scores.length} rows, household has ${household.length}`,
  );
  if (policy === 'individual') return Float64Array.from(scores);
  const all = maxBy(scores, household, () => true);
  let use = all;
  if (policy === 'alleged_victim_max') {
    check(
      isAllegedVictim !== undefined && isAllegedVictim.length === scores.length,
      'alleged_victim_max needs isAllegedVictim for every record',
    );
    const victims = maxBy(scores, household, (i) => isAllegedVictim[i] === 1);
    use = victims.map((v, h) => (Number.isNaN(v) ? all[h]! : v));
  }
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = use[household[i]!]!;
  return out;
}

/** The protocol of every record's household, from the children's scores and ages. */
export function householdProtocols(
  rules: ProtocolRules,
  scores: Float64Array,
  ages: Float64Array,
  household: Uint32Array,
): Protocol[] {
  check(
    scores.length === household.length && ages.length === household.length,
    'scores, ages and household must have one value per record',
  );
  const nh = householdCount(household);
  const members: number[][] = Array.from({ length: nh }, () => []);
  for (let i = 0; i < household.length; i++) members[household[i]!]!.push(i);
  const byHousehold = members.map((m) =>
    applyProtocol(
      rules,
      m.map((i) => ages[i]!),
      m.map((i) => scores[i]!),
    ),
  );
  return Array.from(household, (h) => byHousehold[h]!);
}
