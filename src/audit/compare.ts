/**
 * Models compared on the same held-out rows, as the Allegheny developers' Table 1 (DOMAIN.md §2):
 * each model's AUC and its difference from a baseline model with a paired cluster-bootstrap
 * interval (the same resampled referrals score both models in every replicate, so the interval
 * is of the difference itself, far narrower than two separate intervals), and TPR/FPR when each
 * model flags its own top share of the rows.
 */
import { atLeast, auc, thresholdMetrics, topShareThreshold } from '../metrics/index.js';
import { clusterBootstrap, percentileInterval } from './bootstrap.js';
import type { AucEstimate } from './evaluate.js';

/** One model of a comparison: a name and its predicted probability for every matrix row. */
export interface ComparedModel {
  readonly name: string;
  readonly probability: Float64Array;
}

/** One row of the comparison table. */
export interface ComparisonRow {
  readonly model: string;
  readonly auc: AucEstimate;
  /** AUC minus the baseline's (the first model), with its paired 95% interval. */
  readonly difference: { readonly value: number; readonly lo: number; readonly hi: number };
  /** The probability at and above which the top `topShare` of rows is flagged. */
  readonly threshold: number;
  readonly tpr: number;
  readonly fpr: number;
  readonly flagged: number;
}

/**
 * Compares models on `rows` (the first model is the baseline). Replicates resample `cluster`
 * (e.g. households) with one seeded stream shared by every model.
 * @throws RangeError when no model is given or a probability array is shorter than y.
 * @example compareModels(y, [{ name: 'LASSO', probability: p1 }, { name: 'GBT', probability: p2 }], test, household, { replicates: 500, seed: 1, topShare: 0.25 })
 */
export function compareModels(
  y: Uint8Array,
  models: readonly ComparedModel[],
  rows: Uint32Array,
  cluster: Uint32Array,
  o: { readonly replicates: number; readonly seed: number; readonly topShare: number },
): ComparisonRow[] {
  if (models.length === 0) throw new RangeError('compareModels: give at least one model');
  for (const m of models) {
    if (m.probability.length !== y.length) {
      throw new RangeError(
        `compareModels: ${m.name} has ${m.probability.length} probabilities, y has ${y.length}`,
      );
    }
  }
  const k = models.length;
  const reps = models.map(() => new Float64Array(o.replicates));
  const diffs = models.map(() => new Float64Array(o.replicates));
  clusterBootstrap(rows, cluster, o.replicates, o.seed, (b, w) => {
    for (let m = 0; m < k; m++) reps[m]![b] = auc(y, models[m]!.probability, rows, w);
    for (let m = 0; m < k; m++) diffs[m]![b] = reps[m]![b]! - reps[0]![b]!;
  });
  const base = auc(y, models[0]!.probability, rows);
  return models.map((m, i) => {
    const value = auc(y, m.probability, rows);
    const [lo, hi] = o.replicates > 0 ? percentileInterval(reps[i]!, 0.95) : [NaN, NaN];
    const [dlo, dhi] = o.replicates > 0 ? percentileInterval(diffs[i]!, 0.95) : [NaN, NaN];
    const threshold = topShareThreshold(m.probability, o.topShare, rows);
    const t = thresholdMetrics(y, atLeast(m.probability, threshold), rows);
    return {
      model: m.name,
      auc: { value, lo, hi, n: rows.length, replicates: o.replicates },
      difference: { value: value - base, lo: dlo, hi: dhi },
      threshold,
      tpr: t.tpr,
      fpr: t.fpr,
      flagged: t.tp + t.fp,
    };
  });
}
