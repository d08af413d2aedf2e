/**
 * Checks of a tree fit's inputs (rows, labels, weights) and the log-loss used for validation
 * curves. Labels and weights are read at the fitting rows and returned by position.
 */
import type { Matrix } from '../core/index.js';
import { rowPositions } from './binning.js';
import {
  treeLabelError,
  treeOneClassError,
  treeRowsError,
  treeWeightsError,
} from './tree-messages.js';

/** The checked inputs: rows, and labels and weights by position in `rows`. */
export interface FitInputs {
  readonly rows: Uint32Array;
  readonly y: Float64Array;
  readonly w: Float64Array;
  readonly weightSum: number;
  readonly positiveWeight: number;
}

/**
 * Checks rows (in range, unique, not empty), labels (0/1 at those rows) and weights (finite,
 * ≥ 0, one per matrix row) and, when `bothClasses`, that both classes have positive weight.
 * @throws SightlineError E_MODEL_ROWS, E_MODEL_LABEL, E_MODEL_WEIGHTS, E_MODEL_ONE_CLASS.
 */
export function checkFitInputs(
  X: Matrix,
  y: Uint8Array,
  opts: { readonly rows?: Uint32Array; readonly weights?: Float64Array },
  bothClasses = true,
): FitInputs {
  if (y.length !== X.nRows) {
    throw treeRowsError(`y has ${y.length} entries, the matrix has ${X.nRows} rows`);
  }
  const rows = opts.rows ?? Uint32Array.from({ length: X.nRows }, (_, i) => i);
  rowPositions(X.nRows, rows);
  const weights = opts.weights;
  if (weights !== undefined && weights.length !== X.nRows) {
    throw treeWeightsError(`weights has ${weights.length} entries, the matrix has ${X.nRows} rows`);
  }
  const yy = new Float64Array(rows.length);
  const w = new Float64Array(rows.length);
  let weightSum = 0;
  let positiveWeight = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const label = y[r]!;
    if (label !== 0 && label !== 1) throw treeLabelError(r, label);
    const wr = weights === undefined ? 1 : weights[r]!;
    if (!(wr >= 0) || !Number.isFinite(wr)) {
      throw treeWeightsError(`weight at row ${r} is ${wr}; weights must be finite and ≥ 0`);
    }
    yy[k] = label;
    w[k] = wr;
    weightSum += wr;
    positiveWeight += wr * label;
  }
  if (bothClasses && (positiveWeight <= 0 || positiveWeight >= weightSum)) {
    throw treeOneClassError(positiveWeight, weightSum - positiveWeight);
  }
  return { rows, y: yy, w, weightSum, positiveWeight };
}

/** log(1 + e^m) without overflow. */
export function softplus(m: number): number {
  return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
}

/** Weighted mean log-loss Σ w·(log(1 + e^m) − y·m) / Σ w of margins m (NaN when Σ w = 0). */
export function logLoss(margin: Float64Array, y: Float64Array, w: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < margin.length; i++) {
    s += w[i]! * (softplus(margin[i]!) - y[i]! * margin[i]!);
    sw += w[i]!;
  }
  return sw > 0 ? s / sw : NaN;
}
