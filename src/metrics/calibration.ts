/**
 * Calibration of predicted probabilities: the Brier score and the logistic recalibration fit
 * logit P(Y = 1) = intercept + slope · logit(p) (Cox 1958). A perfectly calibrated p has
 * intercept 0 and slope 1; slope < 1 means predictions are too extreme, intercept < 0 (with
 * slope 1) that they are too high. Rows with a NaN p or a label other than 0/1 are skipped;
 * p is clamped to [1e-12, 1 − 1e-12] before the logit so that 0 and 1 stay finite.
 */
import { check } from '../core/index.js';

const EPS = 1e-12;

/** logit(p) with p clamped to [1e-12, 1 − 1e-12]. */
export function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

/** The logistic function 1 / (1 + e^−x), stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

function usable(y: Uint8Array, p: Float64Array, i: number): boolean {
  return (y[i] === 0 || y[i] === 1) && !Number.isNaN(p[i]!);
}

/**
 * Brier score Σ w (p − y)² / Σ w over `rows`; NaN when no row is usable.
 * @example brier(Uint8Array.of(1, 0), Float64Array.of(0.8, 0.4)) // (0.04 + 0.16) / 2 = 0.1
 */
export function brier(
  y: Uint8Array,
  p: Float64Array,
  rows?: Uint32Array,
  weights?: Float64Array,
): number {
  check(y.length === p.length, `p has ${p.length} rows, y has ${y.length}`);
  let num = 0;
  let den = 0;
  const n = rows ? rows.length : y.length;
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    if (!usable(y, p, i)) continue;
    const w = weights ? weights[i]! : 1;
    const d = p[i]! - y[i]!;
    num += w * d * d;
    den += w;
  }
  return den === 0 ? NaN : num / den;
}

/** The recalibration fit and whether Newton's method converged. */
export interface CalibrationFit {
  readonly intercept: number;
  readonly slope: number;
  readonly converged: boolean;
  readonly iterations: number;
}

/**
 * One pass at (a, b): the weighted log-likelihood y·η − log(1 + e^η) (stable), the score vector
 * and the information matrix, into `out` = [ll, g0, g1, h00, h01, h11].
 */
function pass(
  y: Uint8Array,
  x: Float64Array,
  w: Float64Array,
  a: number,
  b: number,
  out: Float64Array,
): void {
  let ll = 0;
  let g0 = 0;
  let g1 = 0;
  let h00 = 0;
  let h01 = 0;
  let h11 = 0;
  for (let k = 0; k < x.length; k++) {
    const xk = x[k]!;
    const eta = a + b * xk;
    const e = Math.exp(-Math.abs(eta));
    const softplus = (eta > 0 ? eta : 0) + Math.log1p(e);
    const mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
    const wk = w[k]!;
    const yk = y[k]!;
    ll += wk * (yk * eta - softplus);
    const r = wk * (yk - mu);
    const v = wk * mu * (1 - mu);
    g0 += r;
    g1 += r * xk;
    h00 += v;
    h01 += v * xk;
    h11 += v * xk * xk;
  }
  out[0] = ll;
  out[1] = g0;
  out[2] = g1;
  out[3] = h00;
  out[4] = h01;
  out[5] = h11;
}

/**
 * Maximum-likelihood logistic recalibration of `p` against `y` (no penalty): Newton–Raphson from
 * (0, 1) with step halving, stopping when the step is below 1e-10. NaN intercept and slope (and
 * converged false) without both classes, when every logit(p) is equal, or when the outcomes are
 * perfectly separated (the estimates run off to infinity).
 * @example calibrationFit(y, p) // { intercept: -0.12, slope: 0.91, converged: true, iterations: 5 }
 */
export function calibrationFit(
  y: Uint8Array,
  p: Float64Array,
  rows?: Uint32Array,
  weights?: Float64Array,
): CalibrationFit {
  check(y.length === p.length, `p has ${p.length} rows, y has ${y.length}`);
  const n = rows ? rows.length : y.length;
  let m = 0;
  const yy = new Uint8Array(n);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    const wi = weights ? weights[i]! : 1;
    if (!usable(y, p, i) || !(wi > 0)) continue;
    yy[m] = y[i]!;
    x[m] = logit(p[i]!);
    w[m] = wi;
    m++;
  }
  return newton(yy.subarray(0, m), x.subarray(0, m), w.subarray(0, m));
}

/** Newton–Raphson with step halving for the two-parameter fit on x = logit(p). */
function newton(yy: Uint8Array, x: Float64Array, w: Float64Array): CalibrationFit {
  const failed = (iterations: number): CalibrationFit => ({
    intercept: NaN,
    slope: NaN,
    converged: false,
    iterations,
  });
  let a = 0;
  let b = 1;
  const at = new Float64Array(6);
  const trial = new Float64Array(6);
  pass(yy, x, w, a, b, at);
  for (let it = 1; it <= 100; it++) {
    const [ll, g0, g1, h00, h01, h11] = at;
    const det = h00! * h11! - h01! * h01!;
    if (!(det > 1e-12 * (h00! * h11! + 1e-300))) return failed(it);
    let da = (h11! * g0! - h01! * g1!) / det;
    let db = (h00! * g1! - h01! * g0!) / det;
    pass(yy, x, w, a + da, b + db, trial);
    // Step halving: never accept a step that lowers the likelihood.
    for (let half = 0; half < 30 && !(trial[0]! >= ll! - 1e-12 * Math.abs(ll!)); half++) {
      da /= 2;
      db /= 2;
      pass(yy, x, w, a + da, b + db, trial);
    }
    a += da;
    b += db;
    at.set(trial);
    if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a) + Math.abs(b) > 1e6) {
      return failed(it);
    }
    if (Math.abs(da) + Math.abs(db) < 1e-10 * (1 + Math.abs(a) + Math.abs(b))) {
      return { intercept: a, slope: b, converged: true, iterations: it };
    }
  }
  return failed(100);
}
