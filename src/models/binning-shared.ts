/**
 * Binning on two threads (fitGbtParallel), with the same results as fitBinRows bit for bit:
 * binning is per column, so which thread bins a column changes nothing.
 *
 * 1. Both threads claim blocks of columns from a shared counter and, for each column, gather its
 *    values at the fitting rows, learn its cuts and bin them (binning.ts, binning-rows.ts). The
 *    matrix is read in place from shared memory (shared-matrix.ts); each column's stored
 *    (position, bin) pairs go to shared segments of the thread that binned it.
 * 2. The calling thread puts the layout together and sizes the fit's shared buffers
 *    (gbt-share.ts); then each thread claims chunks of features and writes that chunk's by-row
 *    entry lists, its part of the by-feature arrays and its features' bin columns straight into
 *    shared memory (no by-row arrays of the whole rows are built, nor cut up afterwards).
 */
import type { Matrix } from '../core/index.js';
import { DENSE_SHARE, columnEntries, type ColumnEntries } from './binning-rows.js';
import { gather, gathered, learnColumn } from './binning.js';
import type { BinLayout } from './binning.js';
import type { WasmMemory } from './hist-wasm.js';

/** What both threads read to bin (step 1); posted to the worker as it starts. */
export interface BinShare {
  /** Int32 of nRows: each matrix row's position among the fitting rows, -1 when absent. */
  readonly pos: SharedArrayBuffer;
  /** Uint32: the fitting rows. */
  readonly rows: SharedArrayBuffer;
  readonly ascending: boolean;
  readonly maxBins: number;
  /** Int32 words: NEXT_BLOCK, NEXT_CHUNK. */
  readonly ctrl: SharedArrayBuffer;
}

export const NEXT_BLOCK = 0;
export const NEXT_CHUNK = 1;
export const BIN_CTRL_WORDS = 2;

/** Columns per claim: small enough to balance, large enough that claims cost nothing. */
const BLOCK = 8;

/** Pairs per shared segment (a column needing more gets a segment of its own size). */
const SEGMENT = 1 << 20;

/** The columns one thread binned: what each learnt, and where its stored pairs are. */
export interface BinnedPart {
  readonly columns: number[];
  readonly cuts: Float64Array[];
  readonly defaultBin: number[];
  readonly nan: number[];
  /** Segment (of this part's), first pair and number of pairs of each column. */
  readonly seg: number[];
  readonly off: number[];
  readonly count: number[];
  readonly at: SharedArrayBuffer[];
  readonly bin: SharedArrayBuffer[];
}

/** Step 1 on this thread: claims blocks of columns until none is left, bins each. */
export function binClaimed(share: BinShare, X: Matrix): BinnedPart {
  const ctrl = new Int32Array(share.ctrl);
  const pos = new Int32Array(share.pos);
  const rows = new Uint32Array(share.rows);
  const n = rows.length;
  const p = X.columns.length;
  const part: BinnedPart = {
    columns: [],
    cuts: [],
    defaultBin: [],
    nan: [],
    seg: [],
    off: [],
    count: [],
    at: [],
    bin: [],
  };
  let atSeg: Uint32Array = new Uint32Array(0);
  let binSeg: Uint8Array = new Uint8Array(0);
  let used = 0;
  const alloc = (m: number): ColumnEntries => {
    if (used + m > atSeg.length) {
      const size = Math.max(SEGMENT, m);
      part.at.push(new SharedArrayBuffer(4 * size));
      part.bin.push(new SharedArrayBuffer(size));
      atSeg = new Uint32Array(part.at.at(-1)!);
      binSeg = new Uint8Array(part.bin.at(-1)!);
      used = 0;
    }
    part.seg.push(part.at.length - 1);
    part.off.push(used);
    part.count.push(m);
    const out = { at: atSeg.subarray(used, used + m), bin: binSeg.subarray(used, used + m) };
    used += m;
    return out;
  };
  const g = gathered(n);
  for (
    let b = Atomics.add(ctrl, NEXT_BLOCK, 1);
    b * BLOCK < p;
    b = Atomics.add(ctrl, NEXT_BLOCK, 1)
  ) {
    for (let j = b * BLOCK; j < Math.min(p, (b + 1) * BLOCK); j++) {
      gather(X, j, rows, pos, g);
      const learnt = learnColumn(g, X.columns[j]!.kind === 'sparse', share.maxBins);
      part.columns.push(j);
      part.cuts.push(learnt.cuts);
      part.defaultBin.push(learnt.defaultBin);
      part.nan.push(learnt.nan);
      columnEntries(g, learnt.cuts, learnt.defaultBin, n, share.ascending, alloc);
    }
  }
  return part;
}

/** Where every column's pairs are (both threads' parts), and the by-feature arrays to fill. */
export interface FillPlan {
  readonly at: SharedArrayBuffer[];
  readonly bin: SharedArrayBuffer[];
  /** Per column: segment (into at/bin) and first pair. */
  readonly seg: Int32Array;
  readonly off: Int32Array;
  /** By-feature arrays (BinnedColumns): column j's pairs at colPtr[j] .. colPtr[j + 1]. */
  readonly colPtr: Int32Array;
  readonly colPos: SharedArrayBuffer;
  readonly colBin: SharedArrayBuffer;
  /** Per column: its bin column's index in `dense` (n bytes each), -1 for none. */
  readonly denseAt: Int32Array;
  readonly dense: SharedArrayBuffer;
}

/** Which columns keep a full bin column (binning-rows.ts's rule), numbered in order. */
export function denseColumns(colPtr: Int32Array, n: number): { denseAt: Int32Array; k: number } {
  const p = colPtr.length - 1;
  const denseAt = new Int32Array(p).fill(-1);
  let k = 0;
  for (let j = 0; j < p; j++)
    if ((colPtr[j + 1]! - colPtr[j]!) * DENSE_SHARE >= n) denseAt[j] = k++;
  return { denseAt, k };
}

/** The chunked by-row entry lists to fill (gbt-share.ts's SharedBoost fields). */
export interface ChunkTarget {
  readonly n: number;
  readonly layout: BinLayout;
  readonly chunkFeature: Int32Array;
  /** The histogram kernel's memory, and the byte addresses of rowPtr and entries in it. */
  readonly memory: WasmMemory;
  readonly region: { readonly rowPtr: number; readonly entries: number };
  readonly wide: boolean;
}

/** Step 2 on this thread: claims chunks until none is left and fills each (see fillChunk). */
export function fillClaimed(share: BinShare, plan: FillPlan, t: ChunkTarget): void {
  const ctrl = new Int32Array(share.ctrl);
  const K = t.chunkFeature.length - 1;
  const fill = new Int32Array(t.n);
  for (let c = Atomics.add(ctrl, NEXT_CHUNK, 1); c < K; c = Atomics.add(ctrl, NEXT_CHUNK, 1)) {
    fillChunk(plan, t, c, fill);
  }
}

/**
 * Chunk c's by-row entry lists (global bins ascending within a row, as binning-rows.ts's
 * assemble makes them, counted from the chunk's first entry colPtr[first feature]), and the
 * chunk's features' by-feature pairs and bin columns.
 */
function fillChunk(plan: FillPlan, t: ChunkTarget, c: number, fill: Int32Array): void {
  const { n, layout } = t;
  const [f0, f1] = [t.chunkFeature[c]!, t.chunkFeature[c + 1]!];
  const buffer = t.memory.buffer;
  const rowPtr = new Int32Array(buffer, t.region.rowPtr + 4 * c * (n + 1), n + 1);
  const total = plan.colPtr[layout.p]!;
  const at = t.region.entries;
  const entries = t.wide ? new Uint32Array(buffer, at, total) : new Uint16Array(buffer, at, total);
  const colPos = new Uint32Array(plan.colPos);
  const colBin = new Uint8Array(plan.colBin);
  const none = { at: new Uint32Array(0), bin: new Uint8Array(0) };
  const pairs = (j: number): ColumnEntries => {
    const [s, o, m] = [plan.seg[j]!, plan.off[j]!, plan.colPtr[j + 1]! - plan.colPtr[j]!];
    if (m === 0) return none;
    return { at: new Uint32Array(plan.at[s]!, 4 * o, m), bin: new Uint8Array(plan.bin[s]!, o, m) };
  };
  for (let j = f0; j < f1; j++) {
    const { at } = pairs(j);
    for (let k = 0; k < at.length; k++) rowPtr[at[k]! + 1]!++;
  }
  rowPtr[0] = plan.colPtr[f0]!;
  for (let r = 0; r < n; r++) rowPtr[r + 1]! += rowPtr[r]!;
  fill.set(rowPtr.subarray(0, n));
  for (let j = f0; j < f1; j++) {
    const { at, bin } = pairs(j);
    const base = layout.offset[j]!;
    for (let k = 0; k < at.length; k++) entries[fill[at[k]!]!++] = base + bin[k]!;
    colPos.set(at, plan.colPtr[j]!);
    colBin.set(bin, plan.colPtr[j]!);
    const d = plan.denseAt[j]!;
    if (d < 0) continue;
    const col = new Uint8Array(plan.dense, d * n, n).fill(layout.defaultBin[j]!);
    for (let k = 0; k < at.length; k++) col[at[k]!] = bin[k]!;
  }
}
