/**
 * `fitLassoPath`: the binomial LASSO (elastic-net) path of glmnet, on the original feature scale.
 * Rows with weight 0 are dropped before fitting, as glmnet does; columns constant over the
 * remaining rows get coefficient 0. The automatic λ sequence is glmnet's (λ_max from the data,
 * `nlambda` values down to λ_max·lambdaMinRatio, early stop when the deviance ratio stalls), with
 * its first value reported as λ_max the way glmnet reports it (exp(2·log λ₂ − log λ₃)).
 */
import type { Issue, Matrix } from '../core/index.js';
import { buildDesign } from './design.js';
import type { Design } from './design.js';
import { lassoKernel } from './lasso-kernel.js';
import type { KernelOptions, KernelPath } from './lasso-kernel.js';
import { LassoParams } from './lasso-params.js';
import type { LassoParamsInput } from './lasso-params.js';
import {
  constantColumnsIssue,
  maxPassesIssue,
  paramsError,
  saturatedIssue,
  separableIssue,
  weightsError,
} from './messages.js';

/** Which rows to fit and their case weights (indexed by matrix row). */
export interface FitOptions {
  /** Case weights ≥ 0, one per matrix row (default all 1). */
  readonly weights?: Float64Array;
  /** The fitting rows (default every row of X). */
  readonly rows?: Uint32Array;
}

/** A fitted path: entry k is the fit at `lambdas[k]` (decreasing). */
export interface LassoPath {
  readonly features: readonly string[];
  readonly lambdas: Float64Array;
  readonly intercepts: Float64Array;
  /** Coefficients on the original feature scale, one array of p per λ. */
  readonly coefficients: readonly Float64Array[];
  /** Fraction of the null deviance explained, per λ. */
  readonly devRatio: Float64Array;
  /** Binomial deviance −2·Σ wᵢ log-likelihood, per λ (glmnet's `deviance()`). */
  readonly deviance: Float64Array;
  readonly nullDeviance: number;
  /** Number of non-zero coefficients, per λ. */
  readonly df: Int32Array;
  /**
   * Why the path ended: 'complete' (every λ fitted), 'fdev' (the deviance ratio stopped growing),
   * 'devmax' (it passed devmax: near separation), 'saturated' (probabilities reached 0/1) or
   * 'maxPasses' (coordinate descent did not converge). glmnet's rules, as its `glmnet.control`.
   */
  readonly stop: 'complete' | 'fdev' | 'devmax' | 'saturated' | 'maxPasses';
  /** Coordinate-descent passes over the whole path. */
  readonly passes: number;
  /** Fitting rows with a positive weight, and the sum of their weights. */
  readonly nRows: number;
  readonly weightSum: number;
  readonly issues: readonly Issue[];
}

/** Parses path parameters, turning a schema failure into E_MODEL_PARAMS. */
export function parseLassoParams(params: LassoParamsInput): LassoParams {
  const parsed = LassoParams.safeParse(params);
  if (!parsed.success) throw paramsError(parsed.error.issues);
  return parsed.data;
}

/** The fitting rows with a positive weight (glmnet drops zero-weight rows). */
function positiveRows(nRows: number, rows?: Uint32Array, weights?: Float64Array): Uint32Array {
  const all = rows ?? Uint32Array.from({ length: nRows }, (_, i) => i);
  if (weights === undefined) return all;
  if (weights.length !== nRows) {
    throw weightsError(`weights has ${weights.length} entries, the matrix has ${nRows} rows`);
  }
  let kept = 0;
  for (let k = 0; k < all.length; k++) {
    const w = weights[all[k]!]!;
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw weightsError(`weight at row ${all[k]} is ${w}; weights must be finite and ≥ 0`);
    }
    if (w > 0) kept++;
  }
  if (kept === 0 && all.length > 0) throw weightsError('every fitting row has weight 0');
  return kept === all.length ? all : all.filter((r) => weights[r]! > 0);
}

function kernelOptions(
  p: LassoParams,
  nObs: number,
  nVars: number,
  ulam: Float64Array | null,
): KernelOptions {
  return {
    alpha: p.alpha,
    nlambda: p.nlambda,
    flmin: ulam !== null ? 1 : (p.lambdaMinRatio ?? (nObs < nVars ? 0.01 : 1e-4)),
    ulam,
    thresh: p.thresh,
    maxPasses: p.maxPasses,
    fdev: p.fdev,
    devmax: p.devmax,
    minLambdas: p.minLambdas,
  };
}

/** glmnet's fix.lam: the reported first λ of an automatic path. */
function firstLambda(k: KernelPath): number {
  const l = k.lambdas;
  if (l.length > 2 && l[1]! > 0 && l[2]! > 0) {
    return Math.exp(2 * Math.log(l[1]!) - Math.log(l[2]!));
  }
  return k.lambdaMax;
}

/** Kernel coefficients (standardised, non-zeros only) as dense original-scale coefficients. */
function originalScale(k: KernelPath, D: Design, nVars: number) {
  const nLam = k.lambdas.length;
  const intercepts = new Float64Array(nLam);
  const coefficients: Float64Array[] = [];
  const df = new Int32Array(nLam);
  for (let m = 0; m < nLam; m++) {
    const beta = new Float64Array(nVars);
    let a0 = k.intercepts[m]!;
    const idx = k.coefIndex[m]!;
    const val = k.coefValue[m]!;
    for (let l = 0; l < idx.length; l++) {
      const j = idx[l]!;
      beta[j] = val[l]! / D.sd[j]!;
      a0 -= beta[j]! * D.mean[j]!;
    }
    intercepts[m] = a0;
    coefficients.push(beta);
    df[m] = idx.length;
  }
  return { intercepts, coefficients, df };
}

/**
 * Fits the path on `rows` with the λ sequence `userLambdas` (decreasing; fitted in full) or, when
 * null, the parameters' sequence. Shared by `fitLassoPath` and the CV folds.
 */
export function fitPath(
  X: Matrix,
  y: Uint8Array,
  p: LassoParams,
  options: FitOptions,
  userLambdas: Float64Array | null,
): LassoPath {
  const nObs = options.rows?.length ?? X.nRows;
  const rows = positiveRows(X.nRows, options.rows, options.weights);
  const D = buildDesign(X, y, rows, p.standardize, options.weights);
  const ulam =
    userLambdas ?? (p.lambda === null ? null : Float64Array.from(p.lambda).sort().reverse());
  const k = lassoKernel(D, kernelOptions(p, nObs, X.columns.length, ulam));
  const nLam = k.lambdas.length;
  const lambdas = Float64Array.from(k.lambdas);
  if (ulam === null && nLam > 0) lambdas[0] = firstLambda(k);
  const { intercepts, coefficients, df } = originalScale(k, D, X.columns.length);
  const nullDeviance = 2 * D.weightSum * k.dev0;
  const devRatio = Float64Array.from(k.devRatio);
  const deviance = devRatio.map((r) => (1 - r) * nullDeviance);
  const issues: Issue[] = [];
  const constant = X.names.filter((_, j) => D.include[j] === 0);
  if (constant.length > 0) issues.push(constantColumnsIssue(constant));
  if (k.saturatedAt >= 0) issues.push(saturatedIssue(lambdas[k.saturatedAt]!));
  if (k.stop === 'devmax') {
    issues.push(separableIssue(lambdas[nLam - 1]!, devRatio[nLam - 1]!, p.devmax));
  }
  if (k.stop === 'maxPasses') issues.push(maxPassesIssue(k.maxPassesLambda, p.maxPasses, nLam));
  return {
    features: X.names,
    lambdas,
    intercepts,
    coefficients,
    devRatio,
    deviance,
    nullDeviance,
    df,
    stop: k.stop,
    passes: k.passes,
    nRows: rows.length,
    weightSum: D.weightSum,
    issues,
  };
}

/**
 * Fits glmnet's binomial LASSO path (`glmnet(x, y, family = "binomial", weights, ...)`) on the
 * rows of X; coefficients are returned on the original feature scale.
 * @param params LassoParams (every field optional; defaults are glmnet's).
 * @throws SightlineError E_MODEL_PARAMS, E_MODEL_LABEL, E_MODEL_ONE_CLASS, E_MODEL_WEIGHTS,
 * E_MODEL_ROWS, E_MODEL_NONFINITE.
 * @example const path = fitLassoPath(X, y, { nlambda: 50 }, { rows: split.train });
 */
export function fitLassoPath(
  X: Matrix,
  y: Uint8Array,
  params: LassoParamsInput = {},
  options: FitOptions = {},
): LassoPath {
  return fitPath(X, y, parseLassoParams(params), options, null);
}
