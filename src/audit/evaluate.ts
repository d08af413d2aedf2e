/**
 * The first evaluation of a trained model on its held-out rows, as the Allegheny developers
 * reported it (DOMAIN.md §2): AUC with a cluster-bootstrap interval (referrals resampled, not
 * rows), TPR/FPR and the other rates at the top-25% cut, the score distribution and protocol
 * rates, each overall and by household race. Every rate comes with its counts.
 */
import { auc } from '../metrics/index.js';
import { HOUSEHOLD_RACE, type RecordTable } from '../features/index.js';
import type { Protocol } from '../scoring/index.js';
import { clusterBootstrap, percentileInterval } from './bootstrap.js';
import { auditByGroup, type MetricRow } from './group-core.js';

/** An AUC with its 95% cluster-bootstrap interval. */
export interface AucEstimate {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly n: number;
  readonly replicates: number;
}

/**
 * AUC of `score` on `rows` with a percentile interval over `replicates` cluster-bootstrap draws.
 * @example aucWithInterval(y, p, test, household, 500, 1)
 */
export function aucWithInterval(
  y: Uint8Array,
  score: Float64Array,
  rows: Uint32Array,
  cluster: Uint32Array,
  replicates: number,
  seed: number,
): AucEstimate {
  const reps = new Float64Array(replicates);
  clusterBootstrap(rows, cluster, replicates, seed, (b, w) => (reps[b] = auc(y, score, rows, w)));
  const [lo, hi] = replicates > 0 ? percentileInterval(reps, 0.95) : [NaN, NaN];
  return { value: auc(y, score, rows), lo, hi, n: rows.length, replicates };
}

/** Share of records per score value (1..maxScore) in each household-race group and overall. */
export function scoreDistribution(
  score: Float64Array,
  rows: Uint32Array,
  records: RecordTable,
  maxScore: number,
): { group: string; score: number; n: number; share: number }[] {
  const groups = [...HOUSEHOLD_RACE, 'all'];
  const counts = groups.map(() => new Float64Array(maxScore + 1));
  for (const r of rows) {
    const s = score[r]!;
    if (!(s >= 1 && s <= maxScore)) continue;
    counts[records.householdRace[r]!]![s]!++;
    counts[groups.length - 1]![s]!++;
  }
  return groups.flatMap((group, g) => {
    const total = counts[g]!.reduce((a, b) => a + b, 0);
    return Array.from({ length: maxScore }, (_, k) => ({
      group,
      score: k + 1,
      n: counts[g]![k + 1]!,
      share: counts[g]![k + 1]! / total,
    }));
  });
}

/** Share of households (referrals) under each protocol, by household race and overall. */
export function protocolRates(
  protocol: readonly Protocol[],
  rows: Uint32Array,
  records: RecordTable,
): { group: string; protocol: Protocol; households: number; share: number }[] {
  const seen = new Set<number>();
  const groups = [...HOUSEHOLD_RACE, 'all'];
  const names: Protocol[] = ['high', 'low', 'none'];
  const counts = groups.map(() => [0, 0, 0]);
  for (const r of rows) {
    const h = records.household[r]!;
    if (seen.has(h)) continue;
    seen.add(h);
    const k = names.indexOf(protocol[r]!);
    counts[records.householdRace[r]!]![k]!++;
    counts[groups.length - 1]![k]!++;
  }
  return groups.flatMap((group, g) => {
    const total = counts[g]!.reduce((a, b) => a + b, 0);
    return names.map((p, k) => ({
      group,
      protocol: p,
      households: counts[g]![k]!,
      share: counts[g]![k]! / total,
    }));
  });
}

/**
 * Rates at "score ≥ cut" by household race (with Wilson intervals and counts), from the per-group
 * core, plus AUC of the score itself by group.
 */
export function ratesAtCut(
  y: Uint8Array,
  score: Float64Array,
  rows: Uint32Array,
  records: RecordTable,
  cut: number,
  seed: number,
): MetricRow[] {
  const selected = Uint8Array.from(score, (s) => (s >= cut ? 1 : 0));
  return auditByGroup(
    { y, score, rows, cluster: records.household },
    {
      name: 'household_race',
      labels: HOUSEHOLD_RACE,
      code: Int32Array.from(records.householdRace),
    },
    [{ label: `score>=${cut}`, selected }],
    { replicates: 200, seed },
  );
}
