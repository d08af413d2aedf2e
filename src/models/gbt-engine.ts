/**
 * The engine of a tree's growth (gbt-grow.ts): builds node histograms and searches node splits.
 * The sequential engine runs the histogram kernel (hist-wasm.ts) and bestSplit on the calling
 * thread; the parallel one (gbt-parallel.ts) runs the same kernels over disjoint feature ranges on
 * several threads, with the same results bit for bit.
 */
import type { BinnedRows } from './binning-rows.js';
import { histAlloc, histKernel, histMemory } from './hist-wasm.js';
import { bestSplit, type Criterion, type SplitChoice } from './tree-split.js';

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

/** The single-threaded engine, and the buffers its kernel reads (GrowContext's). */
export interface SequentialEngine {
  readonly engine: GrowEngine;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly order: Uint32Array;
}

/**
 * The single-threaded engine: the histogram kernel (hist-wasm.ts) over a copy of the rows' entry
 * lists in its memory, where the gradients, hessians, order and histograms also live; bestSplit.
 */
export function sequentialEngine(
  binned: BinnedRows,
  splittable: Int32Array,
  crit: Criterion,
): SequentialEngine {
  const { n, layout, rowPtr, entries } = binned;
  const bins = layout.offset[layout.p]!;
  const wide = entries instanceof Uint32Array;
  const memory = histMemory(4 * (n + 1) + entries.byteLength + 20 * n + 4 * 16 * bins + 64);
  const alloc = histAlloc(memory, 0);
  const [rowPtrAt, entriesAt] = [alloc(4 * (n + 1)), alloc(entries.byteLength)];
  const [gradAt, hessAt, orderAt] = [alloc(8 * n), alloc(8 * n), alloc(4 * n)];
  const buffer = memory.buffer;
  new Int32Array(buffer, rowPtrAt, n + 1).set(rowPtr);
  if (wide) new Uint32Array(buffer, entriesAt, entries.length).set(entries);
  else new Uint16Array(buffer, entriesAt, entries.length).set(entries);
  const kernel = histKernel(memory, wide);
  const engine: GrowEngine = {
    newHist() {
      const at = alloc(16 * bins); // first: it may grow the memory (a new buffer)
      return new Float64Array(memory.buffer, at, 2 * bins);
    },
    run(build, begin, end, searches) {
      if (build !== null) {
        build.fill(0);
        kernel(build.byteOffset, rowPtrAt, entriesAt, orderAt, begin, end, gradAt, hessAt);
      }
      for (const s of searches) {
        bestSplit(s.hist, layout, splittable, s.G, s.H, crit, s.out, s.mask, s.minus);
      }
    },
  };
  return {
    engine,
    grad: new Float64Array(buffer, gradAt, n),
    hess: new Float64Array(buffer, hessAt, n),
    order: new Uint32Array(buffer, orderAt, n),
  };
}
