/**
 * The shared buffers of fitGbtParallel (gbt-chunks.ts): in the histogram kernel's memory
 * (hist-wasm.ts), the binned rows cut into chunks of features, each chunk with its own by-row
 * entry lists (rowPtr and entries per chunk, one chunk after the other, filled by
 * binning-shared.ts) so that building a chunk's histogram streams contiguous memory, the
 * gradients, hessians and row order, then the histograms (allocated as the fit needs them); apart,
 * the feature masks, margins, labels, weights, leaves, and the job, results and control words.
 */
import type { BinLayout } from './binning.js';
import { CLAIM, CTRL_WORDS, JOB_FIELDS, MAX_CHUNKS, R_FIELDS } from './gbt-protocol.js';
import { histMemory, type WasmMemory } from './hist-wasm.js';
import type { Criterion } from './tree-split.js';

/** What sizing the shared buffers needs of the binned rows. */
export interface BinnedCounts {
  readonly n: number;
  readonly layout: BinLayout;
  /** Column j stores colPtr[j + 1] − colPtr[j] entries (p + 1 entries). */
  readonly colPtr: Int32Array;
}

/** Byte addresses in the histogram memory (SharedBoost.memory). */
export interface HistRegions {
  /** K × (n + 1) row pointers (Int32) into `entries`, chunk by chunk. */
  readonly rowPtr: number;
  /** Global bins, Uint16 (Uint32 when `wide`). */
  readonly entries: number;
  /** Float64 × n each, and the row order (Uint32 × n). */
  readonly grad: number;
  readonly hess: number;
  readonly order: number;
  /** The layout's offset (Int32, p + 1) and defaultBin (Int32, p), the splittable features
   * (Int32) and two feature masks of p bytes (GrowContext.masks). */
  readonly offset: number;
  readonly defaultBin: number;
  readonly features: number;
  readonly masks: number;
  /** The first free byte: histograms go from here on (histAlloc). */
  readonly free: number;
}

/**
 * A histogram kernel's memory laid out for a fit (one thread's or both's): the by-row entry lists
 * (`rowPtrBytes` of row pointers, `entriesBytes` of entries), gradients, hessians, row order, the
 * layout's offset and default bins and the splittable features (written here), the two masks,
 * then room for 4 histograms to begin with: it grows as the fit needs more (histAlloc from
 * `region.free`, a few times per fit).
 */
export function histRegions(
  n: number,
  layout: BinLayout,
  splittable: Int32Array,
  rowPtrBytes: number,
  entriesBytes: number,
): { memory: WasmMemory; region: HistRegions } {
  let top = 0;
  const place = (bytes: number) => {
    const at = top;
    top += 16 * Math.ceil(bytes / 16);
    return at;
  };
  const region: HistRegions = {
    rowPtr: place(rowPtrBytes),
    entries: place(entriesBytes),
    grad: place(8 * n),
    hess: place(8 * n),
    order: place(4 * n),
    offset: place(4 * (layout.p + 1)),
    defaultBin: place(4 * layout.p),
    features: place(4 * splittable.length),
    masks: place(2 * layout.p),
    free: top,
  };
  const memory = histMemory(top + 4 * 16 * layout.offset[layout.p]!);
  new Int32Array(memory.buffer, region.offset, layout.p + 1).set(layout.offset);
  new Int32Array(memory.buffer, region.defaultBin, layout.p).set(layout.defaultBin);
  new Int32Array(memory.buffer, region.features, splittable.length).set(splittable);
  return { memory, region };
}

/** Views of the gradients, hessians, row order and the two feature masks (GrowContext's). */
export interface RowViews {
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly order: Uint32Array;
  readonly masks: [Uint8Array, Uint8Array];
}

/** RowViews of a memory laid out by histRegions, on this thread. */
export function rowViews(memory: WasmMemory, region: HistRegions, n: number, p: number): RowViews {
  const buffer = memory.buffer;
  return {
    grad: new Float64Array(buffer, region.grad, n),
    hess: new Float64Array(buffer, region.hess, n),
    order: new Uint32Array(buffer, region.order, n),
    masks: [new Uint8Array(buffer, region.masks, p), new Uint8Array(buffer, region.masks + p, p)],
  };
}

/** Everything the threads share, as it crosses to the worker (buffers shared, not copied). */
export interface SharedBoost {
  readonly n: number;
  readonly layout: BinLayout;
  readonly splittable: Int32Array;
  readonly crit: Criterion;
  /** Chunk k holds features chunkFeature[k] .. chunkFeature[k+1]-1 (K + 1 entries). */
  readonly chunkFeature: Int32Array;
  /** The histogram kernel's memory (a shared WebAssembly.Memory) and what is where in it. */
  readonly memory: WasmMemory;
  readonly region: HistRegions;
  /** 32-bit entries (more than 65536 bins). */
  readonly wide: boolean;
  /** Margins, labels and weights of the fitting rows (Float64, n each). */
  readonly margin: SharedArrayBuffer;
  readonly y: SharedArrayBuffer;
  readonly w: SharedArrayBuffer;
  /** Begin, end and value of each leaf (Float64, 3 per leaf; a tree has at most n leaves). */
  readonly leaves: SharedArrayBuffer;
  readonly job: SharedArrayBuffer;
  readonly results: SharedArrayBuffer;
  readonly ctrl: SharedArrayBuffer;
}

/**
 * Chunk boundaries: K ranges of features of about equal work, counting a feature's stored
 * entries (histogram work) and its bins (search work) equally: with the WebAssembly kernels the
 * bench fit's two chunks then take 1.75 and 1.73 s, against 1.74 and 1.61 s weighted 0.4 and 0.3
 * as the JavaScript kernels' shares were (bench/README.md).
 */
function chunkFeatures(cols: BinnedCounts, splittable: Int32Array, want: number): Int32Array {
  const { layout, colPtr } = cols;
  const p = layout.p;
  const k = Math.max(1, Math.min(want, MAX_CHUNKS, splittable.length));
  const entries = colPtr[p]! || 1;
  const bins = layout.offset[p]! || 1;
  const cost = new Float64Array(p + 1);
  for (let j = 0; j < p; j++) {
    const w = layout.nBins[j]! >= 2 ? 0.5 * ((colPtr[j + 1]! - colPtr[j]!) / entries) : 0;
    cost[j + 1] = cost[j]! + w + (layout.nBins[j]! >= 2 ? 0.5 * (layout.nBins[j]! / bins) : 0);
  }
  const out = new Int32Array(k + 1);
  let j = 0;
  for (let c = 1; c < k; c++) {
    const target = (cost[p]! * c) / k;
    while (j < p && cost[j + 1]! <= target) j++;
    out[c] = Math.max(j, out[c - 1]!);
  }
  out[k] = p;
  return out;
}

/**
 * Shared buffers for a fit over `cols` (the by-feature counts of its binned rows), with its
 * features cut into `want` chunks. The chunks' by-row entry lists are left for the threads to
 * fill (binning-shared.ts's fillClaimed): chunk c's entries follow chunk c − 1's in `entries`.
 */
export function shareBoost(
  cols: BinnedCounts,
  splittable: Int32Array,
  crit: Criterion,
  want: number,
): SharedBoost {
  const { n, layout, colPtr } = cols;
  const chunkFeature = chunkFeatures(cols, splittable, want);
  const K = chunkFeature.length - 1;
  const wide = layout.offset[layout.p]! > 65536;
  const total = colPtr[layout.p]!;
  const shared = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
  const ctrl = shared(4 * CTRL_WORDS);
  // No job yet: nothing to claim until the first is published.
  new Int32Array(ctrl)[CLAIM] = MAX_CHUNKS;
  const { memory, region } = histRegions(
    n,
    layout,
    splittable,
    4 * K * (n + 1),
    total * (wide ? 4 : 2),
  );
  return {
    n,
    layout,
    splittable,
    crit,
    chunkFeature,
    memory,
    region,
    wide,
    margin: shared(8 * n),
    y: shared(8 * n),
    w: shared(8 * n),
    leaves: shared(24 * n),
    job: shared(8 * JOB_FIELDS),
    results: shared(8 * R_FIELDS * 2 * K),
    ctrl,
  };
}
