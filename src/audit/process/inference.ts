/**
 * Small inference helpers shared by the process, selective-labels and monitoring analyses:
 * normal and χ² tail probabilities (from the regularized incomplete gamma function, accurate to
 * about 1e-12), the normal quantile (Acklam's rational approximation, relative error < 1.2e-9),
 * the Hanley–McNeil standard error of an AUC, and the Mantel–Haenszel common odds ratio over
 * strata with the Robins–Breslow–Greenland variance of its logarithm. Undefined results are NaN.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a); NaN for a ≤ 0 or x < 0. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    // Series for P(a, x).
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - front * sum);
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return front * h;
}

/**
 * P(χ²_df ≥ x): the p-value of a χ² statistic. NaN for df ≤ 0; 1 for x ≤ 0.
 * @example chiSquareSurvival(3.841458820694124, 1) // 0.05
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return gammaQ(df / 2, x / 2);
}

/**
 * Two-sided normal p-value P(|Z| ≥ |z|).
 * @example twoSidedP(1.959963984540054) // 0.05
 */
export function twoSidedP(z: number): number {
  return Number.isNaN(z) ? NaN : chiSquareSurvival(z * z, 1);
}

/**
 * The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (Acklam); ±Infinity at 0 and 1, NaN outside.
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269];
  const a5 = [-30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972];
  const b5 = -13.28068155288572;
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734];
  const c5 = [4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c5[0]!) * q + c5[1]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a5[0]!) * r + a5[1]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b5) * r + 1)
  );
}

/**
 * Hanley & McNeil (1982) standard error of an AUC from `positives` and `negatives` counts.
 * NaN when either count is 0 or the AUC is NaN.
 * @example aucStandardError(0.8, 50, 150) // 0.0401
 */
export function aucStandardError(auc: number, positives: number, negatives: number): number {
  if (Number.isNaN(auc) || positives <= 0 || negatives <= 0) return NaN;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const v =
    (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) /
    (positives * negatives);
  return Math.sqrt(Math.max(0, v));
}

/** One stratum of a 2×2×K table: exposed/unexposed × event/no event. */
export interface Stratum2x2 {
  /** Exposed with the event. */
  readonly a: number;
  /** Exposed without the event. */
  readonly b: number;
  /** Unexposed with the event. */
  readonly c: number;
  /** Unexposed without the event. */
  readonly d: number;
}

/** A common odds ratio with its 95% (or other) interval and what it rests on. */
export interface OddsRatioEstimate {
  readonly oddsRatio: number;
  readonly logOddsRatio: number;
  /** Standard error of the log odds ratio (Robins–Breslow–Greenland). */
  readonly se: number;
  readonly lo: number;
  readonly hi: number;
  /** Strata that hold both exposed and unexposed records (the others carry no information). */
  readonly informativeStrata: number;
  /** Records in the informative strata. */
  readonly n: number;
}

/**
 * Mantel–Haenszel common odds ratio Σ(ad/n) / Σ(bc/n) over strata, with the Robins–Breslow–
 * Greenland variance of its log and a Wald interval on the log scale (`z` = 1.96 for 95%).
 * Strata without both exposed and unexposed records add nothing. NaN when Σ(ad/n) or Σ(bc/n) is 0.
 * @example mantelHaenszel([{ a: 10, b: 20, c: 15, d: 30 }]).oddsRatio // 1
 */
export function mantelHaenszel(
  strata: readonly Stratum2x2[],
  z = 1.959963984540054,
): OddsRatioEstimate {
  let sr = 0;
  let ss = 0;
  let pr = 0;
  let psqr = 0;
  let qs = 0;
  let informative = 0;
  let n = 0;
  for (const { a, b, c, d } of strata) {
    const t = a + b + c + d;
    if (a + b === 0 || c + d === 0) continue;
    informative++;
    n += t;
    const p = (a + d) / t;
    const q = (b + c) / t;
    const r = (a * d) / t;
    const s = (b * c) / t;
    sr += r;
    ss += s;
    pr += p * r;
    psqr += p * s + q * r;
    qs += q * s;
  }
  const log = Math.log(sr / ss);
  const ok = sr > 0 && ss > 0;
  const se = ok ? Math.sqrt(pr / (2 * sr * sr) + psqr / (2 * sr * ss) + qs / (2 * ss * ss)) : NaN;
  return {
    oddsRatio: ok ? sr / ss : NaN,
    logOddsRatio: ok ? log : NaN,
    se,
    lo: ok ? Math.exp(log - z * se) : NaN,
    hi: ok ? Math.exp(log + z * se) : NaN,
    informativeStrata: informative,
    n,
  };
}
