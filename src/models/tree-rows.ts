/**
 * Row blocks of a matrix for the tree kernels that walk trees row by row (prediction of deep
 * trees, TreeSHAP): the values of a few columns at a run of rows, row-major, with sparse columns
 * scattered in (their other rows 0). Rows are visited in ascending order so each sparse column
 * is read once, through a cursor.
 */
import { denseColumn, matrixValue } from '../core/index.js';
import type { Matrix } from '../core/index.js';
import { rowPositions } from './binning.js';
import { treeRowsError } from './tree-messages.js';

/** Requested rows in ascending order, with each one's output slot. */
export interface RowOrder {
  readonly n: number;
  /** Ascending rows (null: every row of X, in order). */
  readonly sorted: Uint32Array | null;
  /** Output index of sorted[k] (null: k). */
  readonly outAt: Int32Array | null;
  /** Index in `sorted` of each matrix row, -1 when not requested (null with sorted null). */
  readonly pos: Int32Array | null;
}

/**
 * Sorts the requested rows (default every row of X).
 * @throws SightlineError E_MODEL_ROWS for repeated or out-of-range rows.
 */
export function rowOrder(X: Matrix, rows: Uint32Array | undefined): RowOrder {
  if (rows === undefined) return { n: X.nRows, sorted: null, outAt: null, pos: null };
  if (rows.length === 0) return { n: 0, sorted: null, outAt: null, pos: null };
  const pos = rowPositions(X.nRows, rows);
  const sorted = Uint32Array.from(rows).sort();
  const outAt = Int32Array.from(sorted, (r) => pos[r]!);
  for (let k = 0; k < sorted.length; k++) pos[sorted[k]!] = k;
  return { n: rows.length, sorted, outAt, pos };
}

/** Matrix row of the k-th requested row. */
export function rowAt(o: RowOrder, k: number): number {
  return o.sorted === null ? k : o.sorted[k]!;
}

/** First index of ascending `a` holding a value ≥ x. */
export function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Fills out[i·S + s] (S = cols.length) with the value of matrix column cols[s] at requested row
 * first + i, for i < count. Blocks must come in ascending `first`; `cursor` (one per column,
 * zeroed before the first block) remembers where each sparse column stopped.
 */
export function fillBlock(
  X: Matrix,
  cols: Int32Array,
  o: RowOrder,
  first: number,
  count: number,
  cursor: Int32Array,
  out: Float64Array,
): void {
  const S = cols.length;
  out.fill(0, 0, count * S);
  const rowEnd = rowAt(o, first + count - 1);
  for (let s = 0; s < S; s++) {
    const col = X.columns[cols[s]!]!;
    if (col.kind === 'dense') {
      for (let i = 0; i < count; i++) out[i * S + s] = col.values[rowAt(o, first + i)]!;
      continue;
    }
    const cr = col.rows;
    let k = first === 0 ? lowerBound(cr, rowAt(o, 0)) : cursor[s]!;
    for (; k < cr.length && cr[k]! <= rowEnd; k++) {
      const i = (o.pos === null ? cr[k]! : o.pos[cr[k]!]!) - first;
      if (i >= 0) out[i * S + s] = col.values[k]!;
    }
    cursor[s] = k;
  }
}

/** Row subsets smaller than nRows / SMALL_SUBSET are gathered into a small matrix first. */
const SMALL_SUBSET = 64;

/**
 * For a few rows of a large matrix (one referral's children, say): a small matrix holding just
 * those rows of the named columns (dense, found by binary search), so kernels do not walk or
 * index the whole matrix. Returns null when the subset is not small.
 * @throws SightlineError E_MODEL_ROWS for repeated or out-of-range rows.
 */
export function smallSubset(
  X: Matrix,
  names: readonly string[],
  cols: Int32Array,
  rows: Uint32Array | undefined,
): Matrix | null {
  if (rows === undefined || rows.length === 0 || rows.length * SMALL_SUBSET >= X.nRows) return null;
  const seen = new Map<number, number>();
  rows.forEach((r, k) => {
    if (r >= X.nRows)
      throw treeRowsError(`row ${r} at position ${k} is beyond the ${X.nRows} rows`);
    const at = seen.get(r);
    if (at !== undefined) throw treeRowsError(`row ${r} appears twice (positions ${at} and ${k})`);
    seen.set(r, k);
  });
  const columns = Array.from(cols, (j) =>
    denseColumn(Float64Array.from(rows, (r) => matrixValue(X, r, j))),
  );
  return { nRows: rows.length, names, columns };
}
