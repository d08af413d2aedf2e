/**
 * The engine of a tree's growth (gbt-grow.ts): builds node histograms and searches node splits.
 * The sequential engine runs buildHist and bestSplit on the calling thread; the parallel one
 * (gbt-parallel.ts) runs the same kernels over disjoint feature ranges on several threads, with
 * the same results bit for bit.
 */
import type { BinnedRows } from './binning-rows.js';
import { buildHist } from './tree-hist.js';
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

/** The single-threaded engine: buildHist and bestSplit. */
export function sequentialEngine(
  binned: BinnedRows,
  order: Uint32Array,
  grad: Float64Array,
  hess: Float64Array,
  splittable: Int32Array,
  crit: Criterion,
): GrowEngine {
  const bins = binned.layout.offset[binned.layout.p]!;
  return {
    newHist: () => new Float64Array(2 * bins),
    run(build, begin, end, searches) {
      if (build !== null) buildHist(build, binned, order, begin, end, grad, hess);
      for (const s of searches) {
        bestSplit(s.hist, binned.layout, splittable, s.G, s.H, crit, s.out, s.mask, s.minus);
      }
    },
  };
}
