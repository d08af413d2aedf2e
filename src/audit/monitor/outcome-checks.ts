/**
 * Monthly checks of decisions and outcomes:
 * - a rate (screen-in, override) against its reference rate: size |p − p_ref| (absolute), test a
 *   two-sample z with each rate's cluster-robust variance Σ_c (k_c − p·m_c)² / n² over families c
 *   (a family called twice in a month is decided twice, by the same facts); Wilson 95% interval
 *   for the period's rate;
 * - discrimination once outcome windows close: the period's AUC against the reference AUC, size
 *   the drop (ref − AUC, rises only), test z = (AUC − ref)/√(se² + se_ref²) with Hanley–McNeil
 *   standard errors inflated by √(records / referrals), the design effect of children of one call
 *   sharing outcomes, computed over families (Kish's (Σ m_c)²/Σ m_c²);
 * - calibration in the large: observed over expected outcomes O/E (E = Σ predicted probability),
 *   size |ln(O/E)| against ln(1 + tolerance), test z = (O − E)/√Σ_c (O_c − E_c)², the
 *   cluster-robust variance over referrals c; interval exp(ln(O/E) ± 1.96·√Σ_c (O_c − E_c)² / O).
 * Outcomes are labels of screened-in records only (the others are not observed), so these
 * describe the model on the screened-in population, as it was trained.
 */
import { auc, wilson } from '../../metrics/index.js';
import { aucStandardError, twoSidedP } from '../process/index.js';
import { classify, type CheckStatus } from './checks.js';

const Z95 = 1.959963984540054;

/** A rate check's numbers. */
export interface RateCheck {
  readonly k: number;
  readonly n: number;
  readonly rate: number;
  readonly lo: number;
  readonly hi: number;
  readonly p: number;
  readonly status: CheckStatus;
}

/**
 * Checks k of n against a reference rate from refK of refN. `variance` gives each rate's variance
 * (e.g. cluster-robust); by default the binomial p(1 − p)/n.
 * @example rateCheck(60, 100, 500, 1000, { warn: 0.05, alert: 0.1, alpha: 0.001, minRecords: 50 })
 */
export function rateCheck(
  k: number,
  n: number,
  refK: number,
  refN: number,
  t: { warn: number; alert: number; alpha: number; minRecords: number },
  variance?: { readonly current: number; readonly reference: number },
): RateCheck {
  const rate = n > 0 ? k / n : NaN;
  const ref = refN > 0 ? refK / refN : NaN;
  const { lo, hi } = wilson(k, n);
  const v = variance?.current ?? (rate * (1 - rate)) / n;
  const vRef = variance?.reference ?? (ref * (1 - ref)) / refN;
  const se = Math.sqrt(v + vRef);
  const p = se > 0 ? twoSidedP((rate - ref) / se) : rate === ref ? 1 : 0;
  return {
    k,
    n,
    rate,
    lo,
    hi,
    p: n > 0 && refN > 0 ? p : NaN,
    status: classify(Math.abs(rate - ref), t.warn, t.alert, p, t.alpha, n >= t.minRecords),
  };
}

/** Discrimination and calibration of one period. */
export interface PerformanceCheck {
  readonly n: number;
  readonly positives: number;
  readonly auc: number;
  readonly aucLo: number;
  readonly aucHi: number;
  readonly aucP: number;
  readonly aucStatus: CheckStatus;
  readonly oe: number;
  readonly oeLo: number;
  readonly oeHi: number;
  readonly oeP: number;
  readonly oeStatus: CheckStatus;
}

/** Thresholds of the performance checks. */
export interface PerformanceThresholds {
  readonly aucWarn: number;
  readonly aucAlert: number;
  readonly oeWarn: number;
  readonly oeAlert: number;
  readonly alpha: number;
  readonly minRecords: number;
}

/** Kish's effective size (Σ m_c)² / Σ m_c² of rows grouped by cluster. */
export function kishSize(cluster: Uint32Array, rows: Uint32Array): number {
  const m = new Map<number, number>();
  for (const i of rows) m.set(cluster[i]!, (m.get(cluster[i]!) ?? 0) + 1);
  let q = 0;
  for (const v of m.values()) q += v * v;
  return q > 0 ? (rows.length * rows.length) / q : 0;
}

/**
 * AUC over rows (labels 0/1) and its Hanley–McNeil standard error inflated by the design effect
 * √(rows / effective size) of the clusters (families).
 */
export function aucWithSe(
  y: Uint8Array,
  score: Float64Array,
  rows: Uint32Array,
  cluster: Uint32Array,
): { auc: number; se: number; positives: number } {
  let positives = 0;
  for (const i of rows) positives += y[i]!;
  const value = auc(y, score, rows);
  const deff = rows.length > 0 ? rows.length / kishSize(cluster, rows) : 1;
  const se = aucStandardError(value, positives, rows.length - positives) * Math.sqrt(deff);
  return { auc: value, se, positives };
}

/** Σ over clusters of (O_c − E_c)²: the cluster-robust variance of O − E. */
function robustVariance(
  y: Uint8Array,
  probability: Float64Array,
  cluster: Uint32Array,
  rows: Uint32Array,
): number {
  const by = new Map<number, number>();
  for (const i of rows) by.set(cluster[i]!, (by.get(cluster[i]!) ?? 0) + y[i]! - probability[i]!);
  let v = 0;
  for (const r of by.values()) v += r * r;
  return v;
}

/**
 * Checks `rows` (screened-in, matured) against the reference AUC.
 * @example performanceCheck(y, score, probability, household, rows, { auc: 0.74, se: 0.01 }, thresholds)
 */
export function performanceCheck(
  y: Uint8Array,
  score: Float64Array,
  probability: Float64Array,
  cluster: Uint32Array,
  rows: Uint32Array,
  ref: { readonly auc: number; readonly se: number },
  t: PerformanceThresholds,
): PerformanceCheck {
  const a = aucWithSe(y, score, rows, cluster);
  let e = 0;
  for (const i of rows) e += probability[i]!;
  const v = robustVariance(y, probability, cluster, rows);
  const o = a.positives;
  const oe = o / e;
  const enough = rows.length >= t.minRecords && o >= 5 && rows.length - o >= 5;
  const aucP = twoSidedP((a.auc - ref.auc) / Math.sqrt(a.se * a.se + ref.se * ref.se));
  const oeP = v > 0 ? twoSidedP((o - e) / Math.sqrt(v)) : NaN;
  return {
    n: rows.length,
    positives: o,
    auc: a.auc,
    aucLo: Math.max(0, a.auc - Z95 * a.se),
    aucHi: Math.min(1, a.auc + Z95 * a.se),
    aucP,
    aucStatus: classify(Math.max(0, ref.auc - a.auc), t.aucWarn, t.aucAlert, aucP, t.alpha, enough),
    oe,
    oeLo: o > 0 ? oe * Math.exp((-Z95 * Math.sqrt(v)) / o) : NaN,
    oeHi: o > 0 ? oe * Math.exp((Z95 * Math.sqrt(v)) / o) : NaN,
    oeP,
    oeStatus: classify(
      Math.abs(Math.log(oe)),
      Math.log(1 + t.oeWarn),
      Math.log(1 + t.oeAlert),
      oeP,
      t.alpha,
      enough,
    ),
  };
}
