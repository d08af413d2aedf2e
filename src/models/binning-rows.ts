/**
 * Rows binned with a layout (binning.ts): each row's bins, stored sparsely. Position k is the
 * k-th row of the rows binned; only bins other than the feature's default bin are stored.
 */
import type { Matrix } from '../core/index.js';
import {
  MAX_BINS,
  binOf,
  gather,
  gathered,
  isAscending,
  learnLayout,
  localBin,
  rowPositions,
  type BinLayout,
  type Gathered,
} from './binning.js';

/**
 * Rows binned with a layout, by feature. Position k is the k-th row of the `rows` binned. Stored
 * entries are the (position, bin) pairs whose bin is not the feature's default bin, positions
 * ascending within a feature (what partitioning a node on its split feature reads).
 */
export interface BinnedColumns {
  readonly layout: BinLayout;
  readonly n: number;
  readonly colPtr: Int32Array;
  readonly colPos: Uint32Array;
  readonly colBin: Uint8Array;
  /**
   * Every position's local bin of feature j (default bins included) when at least an eighth of
   * the positions store one (dense features), else null: partitions and validation read it
   * directly.
   */
  readonly denseBin: readonly (Uint8Array | null)[];
}

/**
 * BinnedColumns with the same entries also kept by row (global bins, ascending within a row),
 * for histograms. (fitGbtParallel keeps its by-row entries cut into chunks of features instead:
 * gbt-share.ts.)
 */
export interface BinnedRows extends BinnedColumns {
  readonly rowPtr: Int32Array;
  /** Global bins: 16-bit when the layout has at most 65536 bins (less memory to stream). */
  readonly entries: Uint16Array | Uint32Array;
}

/** Features storing a bin at n / DENSE_SHARE positions or more keep a full bin column. */
export const DENSE_SHARE = 8;

/** A column's stored (position, bin) pairs. */
export interface ColumnEntries {
  readonly at: Uint32Array;
  readonly bin: Uint8Array;
}

/** Where a column's m stored pairs are written (fresh arrays, or space in shared memory). */
export type EntriesAlloc = (m: number) => ColumnEntries;

const fresh: EntriesAlloc = (m) => ({ at: new Uint32Array(m), bin: new Uint8Array(m) });

/**
 * Column j's stored (position, bin) pairs: bins other than the default, positions ascending,
 * into arrays from `alloc`.
 */
export function columnEntries(
  g: Gathered,
  cuts: Float64Array,
  def: number,
  n: number,
  ascending: boolean,
  alloc: EntriesAlloc = fresh,
): ColumnEntries {
  if (cuts.length === 0) return alloc(0);
  const zeroBin = binOf(cuts, 0);
  if (g.zeros > 0 && zeroBin !== def) {
    // A sparse column whose zero is not its default bin: store the implicit zeros too.
    const full = new Int16Array(n).fill(zeroBin);
    for (let k = 0; k < g.m; k++) full[g.at[k]!] = localBin(cuts, g.val[k]!);
    let m = 0;
    for (let q = 0; q < n; q++) if (full[q] !== def) m++;
    const { at, bin } = alloc(m);
    m = 0;
    for (let q = 0; q < n; q++) {
      if (full[q] === def) continue;
      at[m] = q;
      bin[m++] = full[q]!;
    }
    return { at, bin };
  }
  let m = 0;
  const bins = new Uint8Array(g.m);
  for (let k = 0; k < g.m; k++) {
    const b = localBin(cuts, g.val[k]!);
    bins[k] = b;
    if (b !== def) m++;
  }
  const { at, bin } = alloc(m);
  if (ascending) {
    m = 0;
    for (let k = 0; k < g.m; k++) {
      if (bins[k] === def) continue;
      at[m] = g.at[k]!;
      bin[m++] = bins[k]!;
    }
    return { at, bin };
  }
  // Rows given out of order: sort the pairs by position (packed as position·256 + bin).
  const key = new Float64Array(m);
  m = 0;
  for (let k = 0; k < g.m; k++) if (bins[k] !== def) key[m++] = g.at[k]! * 256 + bins[k]!;
  key.sort();
  for (let k = 0; k < m; k++) {
    at[k] = Math.floor(key[k]! / 256);
    bin[k] = key[k]! - at[k]! * 256;
  }
  return { at, bin };
}

/**
 * fitBins and binRows on the same rows in one pass over the matrix (the fit path).
 * @throws SightlineError E_MODEL_ROWS for empty, repeated or out-of-range rows.
 * @example const binned = fitBinRows(X, split.train, 255);
 */
export function fitBinRows(X: Matrix, rows: Uint32Array, maxBins = MAX_BINS): BinnedRows {
  const ascending = isAscending(rows);
  const cols: { at: Uint32Array; bin: Uint8Array }[] = [];
  const layout = learnLayout(X, rows, maxBins, (_, g, cuts, def) => {
    cols.push(columnEntries(g, cuts, def, rows.length, ascending));
  });
  return assemble(layout, rows.length, cols);
}
/**
 * Bins `rows` of X with a layout learnt by fitBins (on these or other rows of a matrix with the
 * same columns). Features with fewer than two value bins cannot split and store nothing.
 * @throws SightlineError E_MODEL_ROWS for empty, repeated or out-of-range rows.
 */
export function binRows(X: Matrix, layout: BinLayout, rows: Uint32Array): BinnedRows {
  if (X.columns.length !== layout.p) {
    throw new RangeError(`matrix has ${X.columns.length} columns, the bin layout ${layout.p}`);
  }
  const pos = rowPositions(X.nRows, rows);
  const ascending = isAscending(rows);
  const g = gathered(rows.length);
  const cols = [];
  for (let j = 0; j < layout.p; j++) {
    gather(X, j, rows, pos, g);
    const def = layout.defaultBin[j]!;
    cols.push(columnEntries(g, layout.cuts[j]!, def, rows.length, ascending));
  }
  return assemble(layout, rows.length, cols);
}

/** The by-row and by-feature entry arrays from each column's (position, bin) pairs. */
function assemble(
  layout: BinLayout,
  n: number,
  cols: readonly { at: Uint32Array; bin: Uint8Array }[],
): BinnedRows {
  const p = layout.p;
  const colPtr = new Int32Array(p + 1);
  for (let j = 0; j < p; j++) colPtr[j + 1] = colPtr[j]! + (cols[j]?.at.length ?? 0);
  const total = colPtr[p]!;
  const colPos = new Uint32Array(total);
  const colBin = new Uint8Array(total);
  const rowPtr = new Int32Array(n + 1);
  for (let j = 0; j < cols.length; j++) {
    const e = cols[j]!;
    colPos.set(e.at, colPtr[j]!);
    colBin.set(e.bin, colPtr[j]!);
    for (let k = 0; k < e.at.length; k++) rowPtr[e.at[k]! + 1]!++;
  }
  for (let r = 0; r < n; r++) rowPtr[r + 1]! += rowPtr[r]!;
  const fill = rowPtr.slice(0, n);
  const entries = layout.offset[p]! <= 65536 ? new Uint16Array(total) : new Uint32Array(total);
  for (let j = 0; j < cols.length; j++) {
    const base = layout.offset[j]!;
    for (let k = colPtr[j]!; k < colPtr[j + 1]!; k++)
      entries[fill[colPos[k]!]!++] = base + colBin[k]!;
  }
  const denseBin: (Uint8Array | null)[] = [];
  for (let j = 0; j < p; j++) {
    const c0 = colPtr[j]!;
    const c1 = colPtr[j + 1]!;
    if ((c1 - c0) * DENSE_SHARE < n) {
      denseBin.push(null);
      continue;
    }
    const col = new Uint8Array(n).fill(layout.defaultBin[j]!);
    for (let k = c0; k < c1; k++) col[colPos[k]!] = colBin[k]!;
    denseBin.push(col);
  }
  return { layout, n, rowPtr, entries, colPtr, colPos, colBin, denseBin };
}

/** Local bin of feature j at position r (its bin column, else a binary search in the row). */
export function binAt(b: BinnedRows, r: number, j: number): number {
  const dense = b.denseBin[j];
  if (dense !== null && dense !== undefined) return dense[r]!;
  const lo0 = b.layout.offset[j]!;
  let lo = b.rowPtr[r]!;
  let hi = b.rowPtr[r + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (b.entries[mid]! < lo0) lo = mid + 1;
    else hi = mid;
  }
  const e = lo < b.rowPtr[r + 1]! ? b.entries[lo]! : -1;
  return e >= lo0 && e < b.layout.offset[j + 1]! ? e - lo0 : b.layout.defaultBin[j]!;
}
