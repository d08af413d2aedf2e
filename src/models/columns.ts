/**
 * The working columns of a fit or a prediction: the matrix's columns restricted to a row subset,
 * in the subset's order, without densifying sparse columns. A sparse column becomes a run of
 * (position, value) pairs in one CSC-like buffer; a column whose stored values are all 1 is
 * flagged binary so kernels can skip the multiplication.
 */
import type { Matrix } from '../core/index.js';
import { nonFiniteError, rowsError } from './messages.js';

/** Column storage kinds in `RowColumns.kind`. */
export const DENSE = 0;
export const SPARSE = 1;
export const BINARY = 2;

/** Columns restricted to `n` rows; row k of the subset is position k. */
export interface RowColumns {
  readonly n: number;
  readonly p: number;
  /** DENSE, SPARSE or BINARY (sparse with every stored value 1). */
  readonly kind: Uint8Array;
  /** Sparse column j occupies idx/val[ptr[j] .. ptr[j+1]); positions into the subset. */
  readonly ptr: Int32Array;
  readonly idx: Uint32Array;
  readonly val: Float64Array;
  /** Dense column j as values at positions 0..n-1 (null for sparse columns). */
  readonly dense: readonly (Float64Array | null)[];
}

/**
 * Position of each matrix row in `rows` (-1 when absent).
 * @throws SightlineError E_MODEL_ROWS when a row is out of range or repeated, or rows is empty.
 */
export function positionsOf(nRows: number, rows: Uint32Array): Int32Array {
  if (rows.length === 0) throw rowsError('no rows selected; pass at least one row index');
  const pos = new Int32Array(nRows).fill(-1);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    if (r >= nRows) throw rowsError(`row ${r} at position ${k} is beyond the ${nRows} rows`);
    if (pos[r] !== -1) throw rowsError(`row ${r} appears twice (positions ${pos[r]} and ${k})`);
    pos[r] = k;
  }
  return pos;
}

function assertFinite(X: Matrix, j: number, row: number, value: number): void {
  if (!Number.isFinite(value)) throw nonFiniteError(X.names[j]!, row, value);
}

/**
 * Gathers the columns of `X` at `rows` (see RowColumns). With `finite`, throws on NaN/±Infinity.
 * @throws SightlineError E_MODEL_NONFINITE naming the column and row (only when `finite`).
 */
export function gatherColumns(X: Matrix, rows: Uint32Array, finite: boolean): RowColumns {
  const pos = positionsOf(X.nRows, rows);
  const p = X.columns.length;
  const n = rows.length;
  const kind = new Uint8Array(p);
  const ptr = new Int32Array(p + 1);
  for (let j = 0; j < p; j++) {
    const c = X.columns[j]!;
    let count = 0;
    if (c.kind === 'sparse') {
      for (let k = 0; k < c.rows.length; k++) if (pos[c.rows[k]!]! >= 0) count++;
    }
    ptr[j + 1] = ptr[j]! + count;
  }
  const idx = new Uint32Array(ptr[p]!);
  const val = new Float64Array(ptr[p]!);
  const dense: (Float64Array | null)[] = [];
  for (let j = 0; j < p; j++) {
    const c = X.columns[j]!;
    if (c.kind === 'dense') {
      kind[j] = DENSE;
      const out = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const v = c.values[rows[k]!]!;
        if (finite && !Number.isFinite(v)) assertFinite(X, j, rows[k]!, v);
        out[k] = v;
      }
      dense.push(out);
      continue;
    }
    dense.push(null);
    let at = ptr[j]!;
    let binary = true;
    for (let k = 0; k < c.rows.length; k++) {
      const q = pos[c.rows[k]!]!;
      if (q < 0) continue;
      const v = c.values[k]!;
      if (finite && !Number.isFinite(v)) assertFinite(X, j, c.rows[k]!, v);
      if (v !== 1) binary = false;
      idx[at] = q;
      val[at] = v;
      at++;
    }
    kind[j] = binary ? BINARY : SPARSE;
  }
  return { n, p, kind, ptr, idx, val, dense };
}
