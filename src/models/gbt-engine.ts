/**
 * The engine of a tree's growth (gbt-grow.ts): builds node histograms and searches node splits.
 * The sequential engine runs the histogram kernel (hist-wasm.ts) and bestSplit on the calling
 * thread; the parallel one (gbt-parallel.ts) runs the same kernels over disjoint feature ranges on
 * several threads, with the same results bit for bit.
 */
import type { BinnedRows } from './binning-rows.js';
import { histAlloc, histKernels, histMemory } from './hist-wasm.js';
import { scanSplit } from './split-wasm.js';
import { bestSplit, GBT, type Criterion, type SplitChoice } from './tree-split.js';

/** One node's split search: its histogram (minus `minus` first), totals and drawn features. */
export interface NodeSearch {
  readonly hist: Float64Array;
  readonly minus: Float64Array | null;
  readonly G: number;
  readonly H: number;
  /** Null when every splittable feature was drawn, else GrowContext.masks[i] for search i. */
  readonly mask: Uint8Array | null;
  readonly out: SplitChoice;
}

/** Builds histograms and searches splits for the grower. */
export interface GrowEngine {
  /** A new histogram buffer (2 × total bins). */
  newHist(): Float64Array;
  /**
   * Builds `build` as the histogram of order[begin..end) (when not null), then runs each search
   * (at most two; search i reads masks[i]) exactly as bestSplit would.
   */
  run(
    build: Float64Array | null,
    begin: number,
    end: number,
    searches: readonly NodeSearch[],
  ): void;
}

/**
 * The per-row steps of a round shared between threads (gbt-rows.ts); without them fitGbt runs
 * the same arithmetic inline.
 */
export interface RowSteps {
  /** The fitting rows' margins (in memory the threads share). */
  readonly margin: Float64Array;
  /** Every row's gradient and hessian at its margin (no subsampling). */
  gradients(): void;
  /** Adds each leaf's value (value[leaf id]) to its rows' margins (segments: id, begin, end). */
  addLeaves(segments: readonly number[], value: readonly number[]): void;
}

/** The single-threaded engine, and the buffers its kernels read (GrowContext's). */
export interface SequentialEngine {
  readonly engine: GrowEngine;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly order: Uint32Array;
  readonly masks: readonly [Uint8Array, Uint8Array];
}

/**
 * The single-threaded engine: the kernels (hist-wasm.ts, split-wasm.ts) over a copy of the rows'
 * entry lists and the layout in their memory, where the gradients, hessians, order, feature
 * masks and histograms also live. Criteria other than GBT with α = 0 search by bestSplit.
 */
export function sequentialEngine(
  binned: BinnedRows,
  splittable: Int32Array,
  crit: Criterion,
): SequentialEngine {
  const { n, layout, rowPtr, entries } = binned;
  const { p, offset, defaultBin } = layout;
  const bins = offset[p]!;
  const wide = entries instanceof Uint32Array;
  const fixed = 4 * (n + 1) + entries.byteLength + 20 * n + 12 * p + 4 * splittable.length;
  const memory = histMemory(fixed + 4 * 16 * bins + 256);
  const alloc = histAlloc(memory, 0);
  const [rowPtrAt, entriesAt] = [alloc(4 * (n + 1)), alloc(entries.byteLength)];
  const [gradAt, hessAt, orderAt] = [alloc(8 * n), alloc(8 * n), alloc(4 * n)];
  const at = { offset: alloc(4 * (p + 1)), defaultBin: alloc(4 * p) };
  const [featuresAt, masksAt] = [alloc(4 * splittable.length), alloc(2 * p)];
  const buffer = memory.buffer;
  new Int32Array(buffer, rowPtrAt, n + 1).set(rowPtr);
  if (wide) new Uint32Array(buffer, entriesAt, entries.length).set(entries);
  else new Uint16Array(buffer, entriesAt, entries.length).set(entries);
  new Int32Array(buffer, at.offset, p + 1).set(offset);
  new Int32Array(buffer, at.defaultBin, p).set(defaultBin);
  new Int32Array(buffer, featuresAt, splittable.length).set(splittable);
  const { accumulate, scan } = histKernels(memory, wide);
  const l2 = crit.kind === GBT && crit.alpha === 0;
  const engine: GrowEngine = {
    newHist() {
      const h = alloc(16 * bins); // first: it may grow the memory (a new buffer)
      return new Float64Array(memory.buffer, h, 2 * bins);
    },
    run(build, begin, end, searches) {
      if (build !== null) {
        build.fill(0);
        accumulate(build.byteOffset, rowPtrAt, entriesAt, orderAt, begin, end, gradAt, hessAt);
      }
      searches.forEach((s) => {
        if (!l2) {
          bestSplit(s.hist, layout, splittable, s.G, s.H, crit, s.out, s.mask, s.minus);
          return;
        }
        const mask = s.mask === null ? -1 : s.mask.byteOffset;
        const count = splittable.length;
        scanSplit(scan, at, s.hist, s.minus, featuresAt, count, mask, s.G, s.H, crit, s.out);
      });
    },
  };
  return {
    engine,
    grad: new Float64Array(buffer, gradAt, n),
    hess: new Float64Array(buffer, hessAt, n),
    order: new Uint32Array(buffer, orderAt, n),
    masks: [new Uint8Array(buffer, masksAt, p), new Uint8Array(buffer, masksAt + p, p)],
  };
}
