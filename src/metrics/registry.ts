/**
 * The metric registry (STYLE.md rule 13): every scalar metric of this layer in one table, with
 * what it needs and its range, so that one common test can check them all (row-order invariance,
 * unit weights equal no weights, integer weights equal repeated rows, values within range) and
 * the audit can check that its fused per-group kernel agrees with each metric's own function.
 */
import { auc, xauc, xaucBalanced } from './auc.js';
import { brier, calibrationFit } from './calibration.js';
import { thresholdMetrics, type ThresholdCounts } from './threshold.js';

/** The columns a metric may read; `group` codes are 0/1 for the two-group metrics. */
export interface MetricData {
  readonly y: Uint8Array;
  readonly score: Float64Array;
  readonly probability?: Float64Array;
  readonly group?: Int32Array;
  readonly selected?: Uint8Array;
}

/** One registered metric. */
export interface MetricSpec {
  readonly name: string;
  readonly summary: string;
  readonly needs: readonly ('score' | 'probability' | 'group' | 'selected')[];
  /** Closed range of the value, or null when unbounded. */
  readonly range: readonly [number, number] | null;
  compute(d: MetricData, rows?: Uint32Array, weights?: Float64Array): number;
}

const need = <T>(v: T | undefined, what: string, metric: string): T => {
  if (v === undefined) throw new RangeError(`metric ${metric} needs ${what}`);
  return v;
};

const rate = (name: string, summary: string, pick: (c: ThresholdCounts) => number): MetricSpec => ({
  name,
  summary,
  needs: ['selected'],
  range: [0, 1],
  compute: (d, rows, w) => pick(thresholdMetrics(d.y, need(d.selected, 'selected', name), rows, w)),
});

const fit = (name: 'intercept' | 'slope'): MetricSpec => ({
  name: `calibration_${name}`,
  summary: `${name} of the logistic recalibration logit P(y) = a + b·logit(p)`,
  needs: ['probability'],
  range: null,
  compute: (d, rows, w) =>
    calibrationFit(d.y, need(d.probability, 'probability', name), rows, w)[name],
});

const list: MetricSpec[] = [
  {
    name: 'auc',
    summary: 'P(score of a positive > score of a negative), ties ½',
    needs: ['score'],
    range: [0, 1],
    compute: (d, rows, w) => auc(d.y, d.score, rows, w),
  },
  {
    name: 'xauc',
    summary: 'xAUC(0, 1): a positive of group 0 outranks a negative of group 1',
    needs: ['score', 'group'],
    range: [0, 1],
    compute: (d, rows, w) => xauc(d.y, d.score, need(d.group, 'group', 'xauc'), 0, 1, rows, w),
  },
  {
    name: 'xauc_pos',
    summary: 'balanced xAUC: a positive of group 0 outranks a negative of any group',
    needs: ['score', 'group'],
    range: [0, 1],
    compute: (d, rows, w) =>
      xaucBalanced(d.y, d.score, need(d.group, 'group', 'xauc_pos'), 0, 'positives', rows, w),
  },
  {
    name: 'xauc_neg',
    summary: 'balanced xAUC: a positive of any group outranks a negative of group 0',
    needs: ['score', 'group'],
    range: [0, 1],
    compute: (d, rows, w) =>
      xaucBalanced(d.y, d.score, need(d.group, 'group', 'xauc_neg'), 0, 'negatives', rows, w),
  },
  {
    name: 'brier',
    summary: 'mean squared difference between probability and outcome',
    needs: ['probability'],
    range: [0, 1],
    compute: (d, rows, w) => brier(d.y, need(d.probability, 'probability', 'brier'), rows, w),
  },
  fit('intercept'),
  fit('slope'),
  rate('selection_rate', 'share of rows the rule flags', (c) => c.selectionRate),
  rate('base_rate', 'share of rows with the outcome', (c) => c.baseRate),
  rate('tpr', 'share of positives flagged', (c) => c.tpr),
  rate('fpr', 'share of negatives flagged', (c) => c.fpr),
  rate('fnr', 'share of positives not flagged', (c) => c.fnr),
  rate('ppv', 'share of flagged rows that are positive', (c) => c.ppv),
];

/** Every registered metric by name. */
export const METRICS: Readonly<Record<string, MetricSpec>> = Object.freeze(
  Object.fromEntries(list.map((m) => [m.name, Object.freeze(m)])),
);
