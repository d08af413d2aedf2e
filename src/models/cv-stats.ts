/**
 * The arithmetic of cross-validation, as cv.glmnet does it (DOMAIN.md §5): the loss of one fold
 * at one λ, the weighted mean and standard error over folds, and the choice of λ_min and λ_1se.
 * Pure functions over typed arrays, so each can be checked by hand.
 */

/** glmnet's probability clamp for the CV deviance (cv.lognet's prob_min). */
export const CV_PROB_MIN = 1e-5;

/** Logistic function, evaluated without overflow for either sign of η. */
export function logistic(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/**
 * Weighted mean binomial deviance of one fold: Σ wᵢ·−2[yᵢ log pᵢ + (1−yᵢ) log(1−pᵢ)] / Σ wᵢ with
 * pᵢ = logistic(ηᵢ) clamped to [1e-5, 1 − 1e-5], as cv.glmnet. NaN when Σ wᵢ = 0.
 * @param eta linear predictors of the fold's rows (positions 0..n−1)
 */
export function foldDeviance(eta: Float64Array, y: Float64Array, w: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < eta.length; i++) {
    const p = Math.min(Math.max(logistic(eta[i]!), CV_PROB_MIN), 1 - CV_PROB_MIN);
    const ll = y[i] === 1 ? Math.log(p) : Math.log(1 - p);
    s += w[i]! * -2 * ll;
    sw += w[i]!;
  }
  return s / sw;
}

/**
 * Weighted AUC of one fold: P(score of a positive > score of a negative) with pairs weighted by
 * wᵢ·wⱼ and ties counted ½ (survival::concordance, which cv.glmnet uses). NaN when the fold lacks
 * a class of positive weight.
 */
export function foldAuc(score: Float64Array, y: Float64Array, w: Float64Array): number {
  const order = Uint32Array.from({ length: score.length }, (_, i) => i).sort(
    (a, b) => score[a]! - score[b]!,
  );
  let negBelow = 0;
  let num = 0;
  let wPos = 0;
  for (let g = 0; g < order.length;) {
    let end = g;
    let pos = 0;
    let neg = 0;
    while (end < order.length && score[order[end]!] === score[order[g]!]) {
      const i = order[end++]!;
      if (y[i] === 1) pos += w[i]!;
      else neg += w[i]!;
    }
    num += pos * (negBelow + 0.5 * neg);
    negBelow += neg;
    wPos += pos;
    g = end;
  }
  return num / (wPos * negBelow);
}

/** Mean and standard error of the CV loss per λ. */
export interface CvStats {
  readonly cvm: Float64Array;
  readonly cvsd: Float64Array;
}

/**
 * cvm(λ) = Σ_k W_k cv_k / Σ_k W_k and cvsd(λ) = sqrt(Σ_k W_k (cv_k − cvm)² / Σ_k W_k / (K − 1)),
 * W_k the weight of fold k; a fold whose loss is NaN is left out of both sums (R's na.rm) but
 * still counts in K, as cv.glmnet.
 * @param foldLoss foldLoss[k][m]: loss of fold k at λ index m
 * @param foldWeight W_k
 */
export function cvStats(foldLoss: readonly Float64Array[], foldWeight: Float64Array): CvStats {
  const K = foldLoss.length;
  const L = K === 0 ? 0 : foldLoss[0]!.length;
  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  for (let m = 0; m < L; m++) {
    let s = 0;
    let sw = 0;
    for (let k = 0; k < K; k++) {
      const v = foldLoss[k]![m]!;
      if (Number.isNaN(v)) continue;
      s += foldWeight[k]! * v;
      sw += foldWeight[k]!;
    }
    const mean = s / sw;
    let ss = 0;
    for (let k = 0; k < K; k++) {
      const v = foldLoss[k]![m]!;
      if (!Number.isNaN(v)) ss += foldWeight[k]! * (v - mean) * (v - mean);
    }
    cvm[m] = mean;
    cvsd[m] = Math.sqrt(ss / sw / (K - 1));
  }
  return { cvm, cvsd };
}

/** The chosen λ indices (into a decreasing λ sequence). */
export interface LambdaChoice {
  readonly indexMin: number;
  readonly indexOneSe: number;
}

/**
 * λ_min and λ_1se as cv.glmnet's getOptcv: λ_min is the largest λ whose cvm is minimal (maximal
 * when `maximize`, as for AUC); λ_1se is the largest λ with cvm ≤ cvm(λ_min) + cvsd(λ_min)
 * (≥ cvm(λ_min) − cvsd(λ_min) when maximising). λs must decrease, so "largest" is "first";
 * NaN losses are never chosen.
 * @throws RangeError when every cvm is NaN.
 */
export function chooseLambda(
  cvm: Float64Array,
  cvsd: Float64Array,
  maximize: boolean,
): LambdaChoice {
  const sign = maximize ? -1 : 1;
  let best = Infinity;
  for (let m = 0; m < cvm.length; m++) if (sign * cvm[m]! < best) best = sign * cvm[m]!;
  const indexMin = cvm.findIndex((v) => sign * v <= best);
  if (indexMin < 0) throw new RangeError('every cross-validated loss is NaN');
  const bound = sign * cvm[indexMin]! + cvsd[indexMin]!;
  const indexOneSe = cvm.findIndex((v) => sign * v <= bound);
  return { indexMin, indexOneSe };
}

/** Where a λ falls on a fitted path: coef = frac·coef[left] + (1 − frac)·coef[right]. */
export interface LambdaPosition {
  readonly left: number;
  readonly right: number;
  readonly frac: number;
}

/**
 * glmnet's lambda.interp: the position of λ `s` on a fitted decreasing sequence `lambdas`, linear
 * in λ between neighbouring fits, clamped to the first fit above the sequence and the last fit
 * below it. Reproduces R's arithmetic (normalised λ, `approx`, floor/ceiling) step by step.
 * @example lambdaInterp(Float64Array.of(4, 2, 1), 3) → { left: 0, right: 1, frac: 0.5 }
 */
export function lambdaInterp(lambdas: Float64Array, s: number): LambdaPosition {
  const k = lambdas.length;
  if (k === 1) return { left: 0, right: 0, frac: 1 };
  const first = lambdas[0]!;
  const span = first - lambdas[k - 1]!;
  const x = lambdas.map((l) => (first - l) / span);
  const v = Math.min(Math.max((first - s) / span, x[0]!), x[k - 1]!);
  let i = 0;
  let j = k - 1;
  while (i < j - 1) {
    const ij = (i + j) >> 1;
    if (v < x[ij]!) j = ij;
    else i = ij;
  }
  const coord = v === x[j] ? j : v === x[i] ? i : i + (v - x[i]!) / (x[j]! - x[i]!);
  const left = Math.floor(coord);
  const right = Math.ceil(coord);
  let frac = (v - x[right]!) / (x[left]! - x[right]!);
  if (left === right || Math.abs(x[left]! - x[right]!) < Number.EPSILON) frac = 1;
  return { left, right, frac };
}
