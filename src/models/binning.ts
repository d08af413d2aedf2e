/**
 * Feature binning for the histogram tree learners. Cut points are learnt per feature on the
 * fitting rows (`fitBins`); any rows of the same matrix can then be binned with them (`binRows`
 * in binning-rows.ts), so validation rows use the training cuts and nothing learnt from them
 * leaks in.
 *
 * - A feature's value bins are the intervals between its cuts: bin(x) = #{cuts ≤ x}, so a split
 *   "bins 0..b go left" is the raw rule x < cuts[b] and prediction needs no binning.
 * - With at most `maxBins` distinct values every value gets its own bin and each cut is the
 *   midpoint between neighbours; otherwise a greedy count-quantile pass closes a bin when it
 *   holds its share of the rows still to bin, and gives any value holding a whole share (zero, in
 *   a mostly-zero column) a bin of its own.
 * - NaN goes to the feature's missing bin (index nBins[j]); the learner sends it left or right.
 * - Sparse stays sparse: each feature has a default bin (the bin of 0 for a sparse column, the
 *   most common bin for a dense one) that is never stored. A node's default-bin sums are its
 *   totals minus the stored bins, so a mostly-zero indicator costs its non-zeros only.
 */
import type { Matrix } from '../core/index.js';
import { treeRowsError } from './tree-messages.js';

/** The cuts learnt on the fitting rows, and the histogram layout they imply. */
export interface BinLayout {
  readonly p: number;
  /** Ascending cut values of feature j (empty for a feature constant on the fitting rows). */
  readonly cuts: readonly Float64Array[];
  /** Value bins of feature j (cuts + 1); its missing bin is local index nBins[j]. */
  readonly nBins: Int32Array;
  /** First global bin of feature j; feature j owns offset[j] .. offset[j+1]-1 (p+1 entries). */
  readonly offset: Int32Array;
  /** The local bin of feature j that is never stored (derived as node total minus the rest). */
  readonly defaultBin: Int32Array;
  /** 1 when feature j had NaN among the fitting rows. */
  readonly hasMissing: Uint8Array;
  /** Feature of each global bin. */
  readonly binFeature: Int32Array;
}

/** Largest number of value bins a feature may have (bins and the missing bin fit in a byte). */
export const MAX_BINS = 255;

/** Position of each matrix row in `rows` (-1 when absent); rejects bad row lists. */
export function rowPositions(nRows: number, rows: Uint32Array): Int32Array {
  if (rows.length === 0) throw treeRowsError('no rows selected; pass at least one row index');
  const pos = new Int32Array(nRows).fill(-1);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    if (r >= nRows) throw treeRowsError(`row ${r} at position ${k} is beyond the ${nRows} rows`);
    if (pos[r] !== -1) throw treeRowsError(`row ${r} appears twice (positions ${pos[r]} and ${k})`);
    pos[r] = k;
  }
  return pos;
}

/** A cut strictly above a and at most b (the midpoint unless it rounds onto a). */
function midpoint(a: number, b: number): number {
  let m = a + (b - a) / 2;
  if (!Number.isFinite(m)) m = a / 2 + b / 2;
  return m > a && m <= b ? m : b;
}

/** Cuts for sorted distinct values with their counts (see the file comment). */
export function greedyCuts(values: Float64Array, counts: Float64Array, maxBins: number): number[] {
  const d = values.length;
  const cuts: number[] = [];
  if (d <= maxBins) {
    for (let i = 0; i + 1 < d; i++) cuts.push(midpoint(values[i]!, values[i + 1]!));
    return cuts;
  }
  let remaining = 0;
  for (let i = 0; i < d; i++) remaining += counts[i]!;
  let binsLeft = maxBins;
  let target = remaining / binsLeft;
  let acc = 0;
  for (let i = 0; i + 1 < d && binsLeft > 1; i++) {
    acc += counts[i]!;
    if (acc >= target || counts[i + 1]! >= target) {
      cuts.push(midpoint(values[i]!, values[i + 1]!));
      remaining -= acc;
      binsLeft--;
      acc = 0;
      target = remaining / binsLeft;
    }
  }
  return cuts;
}

/** Sorted distinct values of sample[0..m) plus `zeros` implicit zeros, with counts; NaN apart. */
/** Values that are all small non-negative integers are counted instead of sorted. */
const SMALL_INT = 1024;

/** The ascending values of sample[0..m): counted when all are small integers, else sorted. */
function ascendingValues(sample: Float64Array, m: number, scratch: Int32Array): Float64Array {
  let max = 0;
  for (let i = 0; i < m; i++) {
    const v = sample[i]!;
    if (!(v >= 0 && v < SMALL_INT && v === Math.floor(v))) return sample.slice(0, m).sort();
    if (v > max) max = v;
  }
  scratch.fill(0, 0, max + 1);
  for (let i = 0; i < m; i++) scratch[sample[i]!]!++;
  const out = new Float64Array(m);
  let k = 0;
  for (let v = 0; v <= max; v++) out.fill(v, k, (k += scratch[v]!));
  return out;
}

function distinct(
  sample: Float64Array,
  m: number,
  zeros: number,
  scratch: Int32Array,
): { values: Float64Array; counts: Float64Array; nan: number } {
  const sorted = ascendingValues(sample, m, scratch);
  const values = new Float64Array(m + 1);
  const counts = new Float64Array(m + 1);
  let d = 0;
  let nan = 0;
  let zeroDone = zeros === 0;
  for (let i = 0; i < m; i++) {
    const v = sorted[i]!;
    if (v !== v) {
      nan++;
      continue;
    }
    if (!zeroDone && v >= 0) {
      zeroDone = true;
      if (v !== 0) {
        values[d] = 0;
        counts[d++] = zeros;
      } else {
        values[d] = 0;
        counts[d++] = zeros + 1;
        continue;
      }
    }
    if (d > 0 && values[d - 1] === v) counts[d - 1]!++;
    else {
      values[d] = v;
      counts[d++] = 1;
    }
  }
  if (!zeroDone) {
    values[d] = 0;
    counts[d++] = zeros;
  }
  return { values: values.subarray(0, d), counts: counts.subarray(0, d), nan };
}

/** bin(x) = number of cuts ≤ x (binary search); NaN is the caller's to route. */
export function binOf(cuts: Float64Array, x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Local bin of value v with these cuts (the missing bin, cuts.length + 1, for NaN). */
export function localBin(cuts: Float64Array, v: number): number {
  return v !== v ? cuts.length + 1 : binOf(cuts, v);
}

/** Reused buffers of one column's stored entries at the rows: positions and values. */
export interface Gathered {
  /** Counting buffer of SMALL_INT entries. */
  count: Int32Array;
  at: Uint32Array;
  val: Float64Array;
  /** Entries gathered (every row for a dense column). */
  m: number;
  /** Rows not stored (implicit zeros of a sparse column). */
  zeros: number;
}

/** Gathers column j at the rows into g (stored entries of a sparse column, in matrix order). */
export function gather(
  X: Matrix,
  j: number,
  rows: Uint32Array,
  pos: Int32Array,
  g: Gathered,
): void {
  const c = X.columns[j]!;
  if (c.kind === 'dense') {
    for (let k = 0; k < rows.length; k++) {
      g.at[k] = k;
      g.val[k] = c.values[rows[k]!]!;
    }
    g.m = rows.length;
    g.zeros = 0;
    return;
  }
  let m = 0;
  const cr = c.rows;
  for (let k = 0; k < cr.length; k++) {
    const q = pos[cr[k]!]!;
    if (q < 0) continue;
    g.at[m] = q;
    g.val[m++] = c.values[k]!;
  }
  g.m = m;
  g.zeros = rows.length - m;
}

/** Cuts and default bin of a gathered column (see the file comment). */
export function learnColumn(
  g: Gathered,
  sparse: boolean,
  maxBins: number,
): { cuts: Float64Array; defaultBin: number; nan: number } {
  const d = distinct(g.val, g.m, g.zeros, g.count);
  const cuts = Float64Array.from(greedyCuts(d.values, d.counts, maxBins));
  if (sparse) return { cuts, defaultBin: binOf(cuts, 0), nan: d.nan };
  const count = new Float64Array(cuts.length + 2);
  count[cuts.length + 1] = d.nan;
  for (let i = 0; i < d.values.length; i++) count[binOf(cuts, d.values[i]!)]! += d.counts[i]!;
  let best = 0;
  for (let b = 1; b < count.length; b++) if (count[b]! > count[best]!) best = b;
  return { cuts, defaultBin: best, nan: d.nan };
}

/** True when the rows are strictly ascending (positions then follow matrix order). */
export function isAscending(rows: Uint32Array): boolean {
  for (let k = 1; k < rows.length; k++) if (rows[k]! <= rows[k - 1]!) return false;
  return true;
}

/** Gather buffers for up to n rows. */
export function gathered(n: number): Gathered {
  return {
    at: new Uint32Array(n),
    val: new Float64Array(n),
    m: 0,
    zeros: 0,
    count: new Int32Array(SMALL_INT),
  };
}

/** The layout of p features from their cuts, default bins and missing flags. */
export function layoutOf(
  p: number,
  cuts: Float64Array[],
  defaultBin: Int32Array,
  hasMissing: Uint8Array,
): BinLayout {
  const nBins = Int32Array.from(cuts, (c) => c.length + 1);
  const offset = new Int32Array(p + 1);
  for (let j = 0; j < p; j++) offset[j + 1] = offset[j]! + nBins[j]! + 1;
  const binFeature = new Int32Array(offset[p]!);
  for (let j = 0; j < p; j++) binFeature.fill(j, offset[j]!, offset[j + 1]!);
  return { p, cuts, nBins, offset, defaultBin, hasMissing, binFeature };
}

function checkMaxBins(maxBins: number): void {
  if (!(Number.isInteger(maxBins) && maxBins >= 2 && maxBins <= MAX_BINS)) {
    throw new RangeError(`invalid maxBins: ${maxBins} (an integer from 2 to ${MAX_BINS})`);
  }
}

/** What learnLayout hands a caller for each column: its gathered entries and what was learnt. */
export type ColumnVisitor = (
  j: number,
  g: Gathered,
  cuts: Float64Array,
  defaultBin: number,
) => void;

/**
 * Learns the layout of X on `rows` (see fitBins), calling `visit` with each column's gathered
 * entries while they are at hand (fitBinRows bins them there, in the same pass).
 * @throws SightlineError E_MODEL_ROWS for empty, repeated or out-of-range rows.
 */
export function learnLayout(
  X: Matrix,
  rows: Uint32Array,
  maxBins: number,
  visit?: ColumnVisitor,
): BinLayout {
  checkMaxBins(maxBins);
  const pos = rowPositions(X.nRows, rows);
  const p = X.columns.length;
  const g = gathered(rows.length);
  const cuts: Float64Array[] = [];
  const defaultBin = new Int32Array(p);
  const hasMissing = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    gather(X, j, rows, pos, g);
    const learnt = learnColumn(g, X.columns[j]!.kind === 'sparse', maxBins);
    cuts.push(learnt.cuts);
    defaultBin[j] = learnt.defaultBin;
    hasMissing[j] = learnt.nan > 0 ? 1 : 0;
    visit?.(j, g, learnt.cuts, learnt.defaultBin);
  }
  return layoutOf(p, cuts, defaultBin, hasMissing);
}

/**
 * Learns bin cuts of every column of X on `rows` (up to `maxBins` value bins per feature, plus a
 * missing bin). Dense columns read their values at `rows`; sparse columns count their implicit
 * zeros without expanding them.
 * @throws SightlineError E_MODEL_ROWS for empty, repeated or out-of-range rows.
 * @example const layout = fitBins(X, split.train, 255);
 */
export function fitBins(X: Matrix, rows: Uint32Array, maxBins = MAX_BINS): BinLayout {
  return learnLayout(X, rows, maxBins);
}
