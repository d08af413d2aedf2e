/**
 * `cvLasso`: K-fold cross-validation of the LASSO path as cv.glmnet does it. The full-data path
 * fixes the λ sequence; each fold fits a path on its training rows (its own automatic sequence,
 * or the full-data λs with `foldLambdas: 'full'`) and scores its test rows at every full-data λ;
 * cvm/cvsd/λ_min/λ_1se follow DOMAIN.md §5 (see cv-stats.ts). The returned model is
 * the full-data path (fitted on every CV row, warm-started along λ exactly as glmnet's
 * `coef(cvfit, s = ...)`) taken at the λ the rule picks.
 */
import { SightlineError, issue } from '../core/index.js';
import type { Issue, Matrix } from '../core/index.js';
import { gatherColumns } from './columns.js';
import { foldAssignment, foldRowsOf } from './cv-folds.js';
import type { Fold, FoldAssignment } from './cv-folds.js';
import { chooseLambda, cvStats, foldAuc, foldDeviance, lambdaInterp } from './cv-stats.js';
import { linearPredictor } from './kernels.js';
import { parseLassoModel } from './lasso-model.js';
import type { LassoModel } from './lasso-model.js';
import { CvLassoParams } from './lasso-params.js';
import type { CvLassoParamsInput } from './lasso-params.js';
import { fitPath } from './lasso-path.js';
import type { FitOptions, LassoPath } from './lasso-path.js';
import { aucFallbackIssue, paramsError } from './messages.js';

/** The cross-validation curve and the chosen λs. */
export interface CvCurve {
  /** The loss actually used ('auc' falls back to 'deviance' with < 10 rows per fold). */
  readonly typeMeasure: 'deviance' | 'auc';
  readonly folds: number;
  readonly lambdas: Float64Array;
  readonly cvm: Float64Array;
  readonly cvsd: Float64Array;
  /** Non-zero coefficients of the full-data fit at each λ. */
  readonly nonzero: Int32Array;
  /** foldLoss[k][m]: loss of fold k at λ index m; and each fold's weight W_k. */
  readonly foldLoss: readonly Float64Array[];
  readonly foldWeight: Float64Array;
  readonly indexMin: number;
  readonly indexOneSe: number;
  readonly lambdaMin: number;
  readonly lambdaOneSe: number;
}

/** What cvLasso returns: the model at the chosen λ, the full-data path and the CV curve. */
export interface CvLassoResult {
  readonly model: LassoModel;
  readonly path: LassoPath;
  readonly cv: CvCurve;
  readonly issues: readonly Issue[];
}

function inFold<T>(f: number, fit: () => T): T {
  try {
    return fit();
  } catch (e) {
    if (!(e instanceof SightlineError)) throw e;
    throw new SightlineError(e.code, `fold ${f} training rows: ${e.message}`, {
      ...e.details,
      fold: f,
    });
  }
}

/**
 * The loss of one fold's test rows at each full-data λ: the fold's coefficients at that λ come
 * from its own path through glmnet's lambda.interp (exact when the fold was fitted at that λ).
 */
function foldLosses(
  X: Matrix,
  y: Uint8Array,
  weights: Float64Array | undefined,
  test: Uint32Array,
  fit: LassoPath,
  measure: 'deviance' | 'auc',
  lambdas: Float64Array,
): Float64Array {
  const cols = gatherColumns(X, test, false);
  const yt = Float64Array.from(test, (r) => y[r]!);
  const wt = Float64Array.from(test, (r) => (weights === undefined ? 1 : weights[r]!));
  const eta = new Float64Array(test.length);
  const beta = new Float64Array(cols.p);
  const out = new Float64Array(lambdas.length);
  for (let m = 0; m < lambdas.length; m++) {
    const { left, right, frac } = lambdaInterp(fit.lambdas, lambdas[m]!);
    const bl = fit.coefficients[left]!;
    const br = fit.coefficients[right]!;
    for (let j = 0; j < beta.length; j++) beta[j] = frac * bl[j]! + (1 - frac) * br[j]!;
    const a0 = frac * fit.intercepts[left]! + (1 - frac) * fit.intercepts[right]!;
    linearPredictor(cols, a0, beta, eta);
    out[m] = measure === 'auc' ? foldAuc(eta, yt, wt) : foldDeviance(eta, yt, wt);
  }
  return out;
}

const clean = (v: number): number => (v === 0 ? 0 : v);

function buildModel(p: CvLassoParams, path: LassoPath, cv: CvCurve): LassoModel {
  const at = p.rule === 'min' ? cv.indexMin : cv.indexOneSe;
  return parseLassoModel({
    kind: 'lasso',
    schemaVersion: 1,
    link: 'logit',
    features: [...path.features],
    intercept: clean(path.intercepts[at]!),
    coefficients: Array.from(path.coefficients[at]!, clean),
    lambda: path.lambdas[at]!,
    lambdaMin: cv.lambdaMin,
    lambdaOneSe: cv.lambdaOneSe,
    rule: p.rule,
    cv: {
      typeMeasure: cv.typeMeasure,
      folds: cv.folds,
      lambda: Array.from(cv.lambdas),
      cvm: Array.from(cv.cvm),
      cvsd: Array.from(cv.cvsd),
      nonzero: Array.from(cv.nonzero),
    },
    params: p,
    source: { kind: 'cv-lasso', rows: path.nRows, weightSum: path.weightSum },
  });
}

/** A checked CV problem: parsed parameters, the fold assignment and the case weights. */
export interface CvSetup {
  readonly p: CvLassoParams;
  readonly a: FoldAssignment;
  readonly weights: Float64Array | undefined;
}

/**
 * Parses the CV parameters and normalises the folds (see cvLasso for the arguments).
 * @throws SightlineError E_MODEL_PARAMS, E_MODEL_FOLDS.
 */
export function setupCv(
  nRows: number,
  params: CvLassoParamsInput,
  folds: Int32Array | readonly Fold[],
  options: FitOptions,
): CvSetup {
  const parsed = CvLassoParams.safeParse(params);
  if (!parsed.success) throw paramsError(parsed.error.issues);
  return {
    p: parsed.data,
    a: foldAssignment(nRows, folds, options.rows),
    weights: options.weights,
  };
}

function withRows(s: CvSetup, rows: Uint32Array): FitOptions {
  return s.weights === undefined ? { rows } : { rows, weights: s.weights };
}

/** The full-data path on every CV row (it fixes the λ sequence and gives the model). */
export function fitFullPath(X: Matrix, y: Uint8Array, s: CvSetup): LassoPath {
  return fitPath(X, y, s.p, withRows(s, s.a.rows), null);
}

/**
 * The path of fold f on its training rows: its own λ sequence, or `foldLambdas` (the full-data
 * λs with `foldLambdas: 'full'`). A SightlineError is re-thrown naming the fold.
 */
export function fitFold(
  X: Matrix,
  y: Uint8Array,
  s: CvSetup,
  f: number,
  foldLambdas: Float64Array | null,
): LassoPath {
  const { train } = foldRowsOf(s.a, f);
  return inFold(f, () => fitPath(X, y, s.p, withRows(s, train), foldLambdas));
}

/**
 * The CV curve and the model from the full-data path and the K fold paths (in fold order): each
 * fold's test rows scored at every full-data λ, then cvm/cvsd and the λ rule.
 */
export function combineCv(
  X: Matrix,
  y: Uint8Array,
  s: CvSetup,
  path: LassoPath,
  fits: readonly LassoPath[],
): CvLassoResult {
  const { p, a, weights: w } = s;
  const issues: Issue[] = [...path.issues];
  let measure = p.typeMeasure;
  if (measure === 'auc' && a.rows.length / a.k < 10) {
    measure = 'deviance';
    issues.push(aucFallbackIssue(a.rows.length, a.k));
  }
  const foldLoss: Float64Array[] = [];
  const foldWeight = new Float64Array(a.k);
  for (let f = 0; f < a.k; f++) {
    const { test } = foldRowsOf(a, f);
    const fit = fits[f]!;
    for (const i of fit.issues) {
      if (i.severity === 'warning')
        issues.push(issue(i.code, 'warning', `fold ${f}: ${i.message}`));
    }
    foldLoss.push(foldLosses(X, y, w, test, fit, measure, path.lambdas));
    for (const r of test) foldWeight[f]! += w === undefined ? 1 : w[r]!;
  }
  const { cvm, cvsd } = cvStats(foldLoss, foldWeight);
  const choice = chooseLambda(cvm, cvsd, measure === 'auc');
  const cv: CvCurve = {
    typeMeasure: measure,
    folds: a.k,
    lambdas: path.lambdas,
    cvm,
    cvsd,
    nonzero: path.df,
    foldLoss,
    foldWeight,
    ...choice,
    lambdaMin: path.lambdas[choice.indexMin]!,
    lambdaOneSe: path.lambdas[choice.indexOneSe]!,
  };
  return { model: buildModel(p, path, cv), path, cv, issues };
}

/**
 * Cross-validates the LASSO path over caller-made folds (cv.glmnet with `foldid`) and returns
 * the model at λ_1se (or λ_min with `rule: 'min'`), the full-data path and the CV curve. On one
 * thread; `cvLassoParallel` gives the identical result on several.
 * @param folds fold numbers 0..K−1 aligned with `options.rows` (as `groupKFold` returns), or K
 *   train/test pairs; K ≥ 3.
 * @param options `rows`: the CV rows (default every row); `weights`: case weights by matrix row.
 * @throws SightlineError E_MODEL_FOLDS and every error of fitLassoPath (a fold's error names it).
 * @example const { model } = cvLasso(X, y, {}, groupKFold(keys, train, 5, seed), { rows: train });
 */
export function cvLasso(
  X: Matrix,
  y: Uint8Array,
  params: CvLassoParamsInput,
  folds: Int32Array | readonly Fold[],
  options: FitOptions = {},
): CvLassoResult {
  return runCv(X, y, setupCv(X.nRows, params, folds, options));
}

/** cvLasso after setupCv: the full-data path, then each fold in order, then combineCv. */
export function runCv(X: Matrix, y: Uint8Array, s: CvSetup): CvLassoResult {
  const path = fitFullPath(X, y, s);
  const foldLambdas = s.p.foldLambdas === 'full' ? path.lambdas : null;
  const fits = Array.from({ length: s.a.k }, (_, f) => fitFold(X, y, s, f, foldLambdas));
  return combineCv(X, y, s, path, fits);
}
