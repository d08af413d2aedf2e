/**
 * The per-group core: every fairness measure in Sightline is derived here. For any grouping it
 * gives each metric per group and overall, the difference and ratio to a reference group, 95%
 * intervals (Wilson for rates; a cluster bootstrap over referrals for AUC, xAUC, Brier and every
 * contrast), minimum-cell suppression, and a verdict on each contrast against a tolerance:
 * `within_tolerance` (the whole interval inside ±tolerance), `exceeds_tolerance` (wholly outside)
 * or `inconclusive` (the interval spans the tolerance).
 */
import { z } from 'zod';
import { wilson, sortByScore } from '../metrics/index.js';
import { clusterBootstrap, percentileInterval } from './bootstrap.js';
import {
  RATE_NAMES,
  brierByGroup,
  confusionByGroup,
  pairAucMatrix,
  rateCounts,
  ratesOf,
  type RateName,
} from './passes.js';
import { calibrationRows } from './calibration.js';

/** What is audited: labels, the score, optional probabilities, clusters, and the rows in scope. */
export interface AuditInput {
  readonly y: Uint8Array;
  readonly score: Float64Array;
  readonly probability?: Float64Array;
  readonly cluster: Uint32Array;
  readonly rows: Uint32Array;
}

/** A grouping: a code per row (0..labels.length−1; −1 = in no group). */
export interface Grouping {
  readonly name: string;
  readonly labels: readonly string[];
  readonly code: Int32Array;
}

/** A decision rule: which rows it flags, and how reports name it (e.g. `score>=16`). */
export interface DecisionRule {
  readonly label: string;
  readonly selected: Uint8Array;
}

export const AuditOptions = z.object({
  reference: z.string().optional(),
  replicates: z.number().int().min(0).max(100_000).default(1000),
  seed: z.number().int().default(1),
  minCell: z.number().int().min(0).default(10),
  /** Tolerance on differences (absolute, e.g. 0.05 = 5 points). */
  tolerance: z.number().min(0).default(0.05),
  /** Tolerance on ratios: within 1 ± ratioTolerance (0.2 = the four-fifths rule). */
  ratioTolerance: z.number().min(0).default(0.2),
  confidence: z.number().gt(0).lt(1).default(0.95),
});
export type AuditOptions = z.input<typeof AuditOptions>;

export type RowState =
  'ok' | 'suppressed' | 'within_tolerance' | 'exceeds_tolerance' | 'inconclusive' | 'no_interval';

/** One number of a report (report.json `metrics`): NaN and suppressed values are null. */
export interface MetricRow {
  readonly metric: string;
  readonly grouping: string;
  readonly group: string;
  readonly versus?: string;
  readonly contrast?: 'difference' | 'ratio';
  readonly threshold?: string;
  readonly score?: number;
  readonly value: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly n: number;
  readonly state: RowState;
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Audits `input` by `grouping` at the decision `rules`. Groups are reported in label order, then
 * `all`. The reference defaults to the largest group.
 */
export function auditByGroup(
  input: AuditInput,
  grouping: Grouping,
  rules: readonly DecisionRule[],
  options: AuditOptions = {},
): MetricRow[] {
  const o = AuditOptions.parse(options);
  const G = grouping.labels.length;
  const { y, score, rows, probability } = input;
  const code = grouping.code;
  const order = sortByScore(score, y, rows);
  const evaluate = (w: Float64Array | null) => ({
    auc: pairAucMatrix(order, score, y, code, G, w),
    rates: (rules.length > 0 ? rules : [{ label: '', selected: null }]).map((r) =>
      confusionByGroup(rows, y, r.selected, code, G, w),
    ),
    brier: probability ? brierByGroup(rows, y, probability, code, G, w) : null,
  });
  const point = evaluate(null);
  const allCode = new Int32Array(code.length);
  const overall = {
    auc: pairAucMatrix(order, score, y, allCode, 1, null)[0]!,
    rates: point.rates.map((c) =>
      c.reduce((acc, v, k) => ((acc[k % 4]! += v), acc), new Float64Array(4)),
    ),
    brier: probability ? brierByGroup(rows, y, probability, allCode, 1, null)[0]! : NaN,
  };
  const counts = confusionByGroup(rows, y, null, code, G, null);
  const posOf = (g: number) => counts[4 * g + 2]!; // with no rule, every positive is a false negative
  const negOf = (g: number) => counts[4 * g + 3]!;
  const suppressedGroup = (g: number) => Math.min(posOf(g), negOf(g)) < o.minCell;
  const refLabel = o.reference ?? grouping.labels[largest(counts, G)]!;
  const ref = grouping.labels.indexOf(refLabel);
  if (ref < 0)
    throw new RangeError(`reference group ${refLabel} is not one of ${grouping.labels.join(', ')}`);

  // Bootstrap replicates of every bootstrapped quantity.
  const R = Math.max(rules.length, 1);
  const B = o.replicates;
  const repAuc = new Float64Array(B * G * G);
  const repRates = new Float64Array(B * R * G * RATE_NAMES.length);
  const repBrier = new Float64Array(B * G);
  const repAllAuc = new Float64Array(B);
  clusterBootstrap(rows, input.cluster, B, o.seed, (b, w) => {
    const e = evaluate(w);
    repAuc.set(e.auc, b * G * G);
    e.rates.forEach((c, r) => {
      for (let g = 0; g < G; g++) {
        const rates = ratesOf(c, g);
        RATE_NAMES.forEach(
          (m, k) => (repRates[((b * R + r) * G + g) * RATE_NAMES.length + k] = rates[m]),
        );
      }
    });
    if (e.brier) repBrier.set(e.brier, b * G);
    repAllAuc[b] = pairAucMatrix(order, score, y, allCode, 1, w)[0]!;
  });
  const series = (pick: (b: number) => number) =>
    Float64Array.from({ length: B }, (_, b) => pick(b));
  const interval = (pick: (b: number) => number) =>
    B === 0 ? [NaN, NaN] : percentileInterval(series(pick), o.confidence);

  const out: MetricRow[] = [];
  const base = (
    metric: string,
    group: string,
    n: number,
    value: number,
    lo: number,
    hi: number,
    extra: Partial<MetricRow> = {},
    suppressed = false,
  ): void => {
    out.push({
      metric,
      grouping: grouping.name,
      group,
      ...extra,
      value: suppressed ? null : num(value),
      lo: suppressed ? null : num(lo),
      hi: suppressed ? null : num(hi),
      n,
      state: suppressed ? 'suppressed' : 'ok',
    });
  };
  const contrast = (
    metric: string,
    g: number,
    pick: (b: number) => number,
    value: number,
    n: number,
    extra: Partial<MetricRow>,
    ratioPick: (b: number) => number,
    ratio: number,
    suppressed: boolean,
  ): void => {
    for (const [kind, p, v, tol, centre] of [
      ['difference', pick, value, o.tolerance, 0],
      ['ratio', ratioPick, ratio, o.ratioTolerance, 1],
    ] as const) {
      const [lo, hi] = interval(p);
      let state: RowState = B === 0 ? 'no_interval' : verdict(lo, hi, centre, tol);
      if (suppressed) state = 'suppressed';
      out.push({
        metric,
        grouping: grouping.name,
        group: grouping.labels[g]!,
        versus: refLabel,
        contrast: kind,
        ...extra,
        value: suppressed ? null : num(v),
        lo: suppressed ? null : num(lo),
        hi: suppressed ? null : num(hi),
        n,
        state,
      });
    }
  };

  for (let g = 0; g < G; g++) {
    const label = grouping.labels[g]!;
    const nG = posOf(g) + negOf(g);
    const [k, n] = rateCounts(counts, g, 'base_rate');
    const bw = wilson(k, n);
    base('base_rate', label, n, k / n, bw.lo, bw.hi, {}, n < o.minCell);
    const [alo, ahi] = interval((b) => repAuc[b * G * G + g * G + g]!);
    base('auc', label, nG, point.auc[g * G + g]!, alo, ahi, {}, suppressedGroup(g));
    if (g !== ref) {
      const sup = suppressedGroup(g) || suppressedGroup(ref);
      const d = (b: number) => repAuc[b * G * G + g * G + g]! - repAuc[b * G * G + ref * G + ref]!;
      const q = (b: number) => repAuc[b * G * G + g * G + g]! / repAuc[b * G * G + ref * G + ref]!;
      contrast(
        'auc',
        g,
        d,
        point.auc[g * G + g]! - point.auc[ref * G + ref]!,
        nG,
        {},
        q,
        point.auc[g * G + g]! / point.auc[ref * G + ref]!,
        sup,
      );
    }
    for (let h = 0; h < G; h++) {
      if (h === g) continue;
      const [lo, hi] = interval((b) => repAuc[b * G * G + g * G + h]!);
      const sup = posOf(g) < o.minCell || negOf(h) < o.minCell;
      base(
        'xauc',
        label,
        posOf(g) + negOf(h),
        point.auc[g * G + h]!,
        lo,
        hi,
        { versus: grouping.labels[h]! },
        sup,
      );
    }
    if (point.brier) {
      const [lo, hi] = interval((b) => repBrier[b * G + g]!);
      base('brier', label, nG, point.brier[g]!, lo, hi, {}, nG < o.minCell);
    }
  }
  rules.forEach((rule, r) => {
    for (let g = 0; g < G; g++) {
      const rates = ratesOf(point.rates[r]!, g);
      const refRates = ratesOf(point.rates[r]!, ref);
      RATE_NAMES.forEach((m, k) => {
        if (m === 'base_rate') return;
        const [x, n] = rateCounts(point.rates[r]!, g, m);
        const wi = wilson(x, n);
        base(
          m,
          grouping.labels[g]!,
          n,
          rates[m],
          wi.lo,
          wi.hi,
          { threshold: rule.label },
          n < o.minCell,
        );
        if (g === ref) return;
        const [, nRef] = rateCounts(point.rates[r]!, ref, m);
        const at = (b: number, gg: number) =>
          repRates[((b * R + r) * G + gg) * RATE_NAMES.length + k]!;
        contrast(
          m,
          g,
          (b) => at(b, g) - at(b, ref),
          rates[m] - refRates[m],
          n,
          { threshold: rule.label },
          (b) => at(b, g) / at(b, ref),
          rates[m] / refRates[m],
          n < o.minCell || nRef < o.minCell,
        );
      });
    }
  });
  // Overall rows.
  const allN = overall.rates[0]!;
  const ov = (m: RateName, c: Float64Array) => rateCounts(c, 0, m);
  const [bk, bn] = ov('base_rate', allN);
  const bw = wilson(bk, bn);
  base('base_rate', 'all', bn, bk / bn, bw.lo, bw.hi);
  const [oalo, oahi] = interval((b) => repAllAuc[b]!);
  base('auc', 'all', bn, overall.auc, oalo, oahi);
  if (probability) base('brier', 'all', bn, overall.brier, NaN, NaN);
  rules.forEach((rule, r) => {
    for (const m of RATE_NAMES) {
      if (m === 'base_rate') continue;
      const [x, n] = ov(m, overall.rates[r]!);
      const wi = wilson(x, n);
      base(m, 'all', n, x / n, wi.lo, wi.hi, { threshold: rule.label });
    }
  });
  out.push(...calibrationRows(input, grouping, o.minCell));
  return out;
}

function largest(counts: Float64Array, G: number): number {
  let best = 0;
  for (let g = 1; g < G; g++) {
    const n = (h: number) =>
      counts[4 * h]! + counts[4 * h + 1]! + counts[4 * h + 2]! + counts[4 * h + 3]!;
    if (n(g) > n(best)) best = g;
  }
  return best;
}

function verdict(lo: number, hi: number, centre: number, tol: number): RowState {
  if (Number.isNaN(lo) || Number.isNaN(hi)) return 'inconclusive';
  if (lo > centre - tol && hi < centre + tol) return 'within_tolerance';
  if (lo > centre + tol || hi < centre - tol) return 'exceeds_tolerance';
  return 'inconclusive';
}
