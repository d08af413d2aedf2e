/**
 * The engine of a tree's growth (gbt-grow.ts): builds node histograms and searches node splits.
 * The sequential engine runs the histogram kernel (hist-wasm.ts) and bestSplit on the calling
 * thread; the parallel one (gbt-parallel.ts) runs the same kernels over disjoint feature ranges on
 * several threads, with the same results bit for bit.
 */
import type { BinnedRows } from './binning-rows.js';
import { histAlloc, histKernels } from './hist-wasm.js';
import { histRegions, rowViews, type RowViews } from './gbt-share.js';
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
export interface SequentialEngine extends RowViews {
  readonly engine: GrowEngine;
}

/**
 * The single-threaded engine: the kernels (hist-wasm.ts, split-wasm.ts) over a copy of the rows'
 * entry lists and the layout in their memory (histRegions), where the gradients, hessians, order,
 * feature masks and histograms also live. Criteria other than GBT with α = 0 search by bestSplit.
 */
export function sequentialEngine(
  binned: BinnedRows,
  splittable: Int32Array,
  crit: Criterion,
): SequentialEngine {
  const { n, layout, rowPtr, entries } = binned;
  const bins = layout.offset[layout.p]!;
  const wide = entries instanceof Uint32Array;
  const { memory, region } = histRegions(n, layout, splittable, 4 * (n + 1), entries.byteLength);
  const alloc = histAlloc(memory, region.free);
  const buffer = memory.buffer;
  new Int32Array(buffer, region.rowPtr, n + 1).set(rowPtr);
  if (wide) new Uint32Array(buffer, region.entries, entries.length).set(entries);
  else new Uint16Array(buffer, region.entries, entries.length).set(entries);
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
        const { rowPtr, entries, order, grad, hess } = region;
        accumulate(build.byteOffset, rowPtr, entries, order, begin, end, grad, hess);
      }
      searches.forEach((s) => {
        if (!l2) {
          bestSplit(s.hist, layout, splittable, s.G, s.H, crit, s.out, s.mask, s.minus);
          return;
        }
        const mask = s.mask === null ? -1 : s.mask.byteOffset;
        const count = splittable.length;
        scanSplit(
          scan,
          region,
          s.hist,
          s.minus,
          region.features,
          count,
          mask,
          s.G,
          s.H,
          crit,
          s.out,
        );
      });
    },
  };
  return { engine, ...rowViews(memory, region, n, layout.p) };
}
