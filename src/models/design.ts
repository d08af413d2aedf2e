/**
 * The standardised design of one logistic fit, built as glmnet's lognet builds it: weights
 * normalised to sum 1; each column's weighted mean and population sd over the fitting rows; a
 * column constant over those rows is left out (its coefficient stays 0). Dense columns are
 * centred and scaled into a working copy; sparse columns are NOT densified: the kernel centres
 * them implicitly from their mean and sd (glmnet's sparse trick), so `cm`/`cs` carry the kernel's
 * centre and scale per column (0 and 1 for dense columns, already standardised).
 */
import { check } from '../core/index.js';
import type { Matrix } from '../core/index.js';
import { DENSE, gatherColumns } from './columns.js';
import type { RowColumns } from './columns.js';
import { labelError, oneClassError, weightsError } from './messages.js';

/** Working data of one fit. */
export interface Design {
  readonly cols: RowColumns;
  /** 1 when the column varies over the fitting rows (glmnet's `ju`). */
  readonly include: Uint8Array;
  /** Weighted mean and population sd of each column (sd 1 when `standardize` is false). */
  readonly mean: Float64Array;
  readonly sd: Float64Array;
  /** Kernel centre and scale (mean/sd for sparse columns; 0/1 for standardised dense copies). */
  readonly cm: Float64Array;
  readonly cs: Float64Array;
  /** Weights normalised to sum 1, and labels, at positions 0..n-1. */
  readonly w: Float64Array;
  readonly y: Float64Array;
  /** Σ of the caller's weights over the rows. */
  readonly weightSum: number;
}

function labelsAndWeights(y: Uint8Array, rows: Uint32Array, nRows: number, weights?: Float64Array) {
  check(y.length === nRows, `y has ${y.length} labels, the matrix has ${nRows} rows`);
  if (weights !== undefined && weights.length !== nRows) {
    throw weightsError(`weights has ${weights.length} entries, the matrix has ${nRows} rows`);
  }
  const n = rows.length;
  const yy = new Float64Array(n);
  const w = new Float64Array(n);
  let sum = 0;
  let n0 = 0;
  let n1 = 0;
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    const label = y[r]!;
    if (label !== 0 && label !== 1) throw labelError(r, label);
    const wk = weights === undefined ? 1 : weights[r]!;
    if (!(wk >= 0) || !Number.isFinite(wk)) throw weightsError(`weight at row ${r} is ${wk}`);
    yy[k] = label;
    w[k] = wk;
    sum += wk;
    if (wk > 0) {
      if (label === 1) n1++;
      else n0++;
    }
  }
  if (n0 < 2 || n1 < 2) throw oneClassError(n0, n1);
  for (let k = 0; k < n; k++) w[k] = w[k]! / sum;
  return { y: yy, w, sum };
}

/** True when every value of column j over the rows is the same (glmnet's chkvars). */
function isConstant(cols: RowColumns, j: number): boolean {
  const d = cols.dense[j];
  if (d) {
    for (let k = 1; k < d.length; k++) if (d[k] !== d[0]) return false;
    return true;
  }
  const a = cols.ptr[j]!;
  const b = cols.ptr[j + 1]!;
  if (b - a < cols.n) {
    for (let k = a; k < b; k++) if (cols.val[k] !== 0) return false;
    return true;
  }
  for (let k = a + 1; k < b; k++) if (cols.val[k] !== cols.val[a]) return false;
  return true;
}

/**
 * Builds the design of a fit on `rows` of `X` (see Design).
 * @throws SightlineError E_MODEL_LABEL, E_MODEL_ONE_CLASS, E_MODEL_WEIGHTS, E_MODEL_ROWS,
 * E_MODEL_NONFINITE.
 */
export function buildDesign(
  X: Matrix,
  y: Uint8Array,
  rows: Uint32Array,
  standardize: boolean,
  weights?: Float64Array,
): Design {
  const cols0 = gatherColumns(X, rows, true);
  const lw = labelsAndWeights(y, rows, X.nRows, weights);
  const { p, n } = cols0;
  const w = lw.w;
  const include = new Uint8Array(p);
  const mean = new Float64Array(p);
  const sd = new Float64Array(p).fill(1);
  const cm = new Float64Array(p);
  const cs = new Float64Array(p).fill(1);
  const dense: (Float64Array | null)[] = [];
  for (let j = 0; j < p; j++) {
    const d = cols0.dense[j];
    if (isConstant(cols0, j)) {
      dense.push(d ? new Float64Array(0) : null);
      continue;
    }
    include[j] = 1;
    if (d && cols0.kind[j] === DENSE) {
      let m = 0;
      for (let k = 0; k < n; k++) m += w[k]! * d[k]!;
      const z = new Float64Array(n);
      let ss = 0;
      for (let k = 0; k < n; k++) {
        const c = d[k]! - m;
        z[k] = c;
        ss += w[k]! * c * c;
      }
      const s = standardize ? Math.sqrt(ss) : 1;
      if (!(s > 0)) include[j] = 0;
      else for (let k = 0; k < n; k++) z[k] = z[k]! / s;
      mean[j] = m;
      sd[j] = s;
      dense.push(z);
      continue;
    }
    dense.push(null);
    let m = 0;
    let m2 = 0;
    for (let k = cols0.ptr[j]!; k < cols0.ptr[j + 1]!; k++) {
      const v = cols0.val[k]!;
      const wk = w[cols0.idx[k]!]!;
      m += wk * v;
      m2 += wk * v * v;
    }
    const s = standardize ? Math.sqrt(m2 - m * m) : 1;
    if (!(s > 0)) include[j] = 0;
    mean[j] = m;
    sd[j] = s;
    cm[j] = m;
    cs[j] = s;
  }
  const cols: RowColumns = { ...cols0, dense };
  return { cols, include, mean, sd, cm, cs, w, y: lw.y, weightSum: lw.sum };
}
