/**
 * Gradient histograms of a node: for every global bin, the sums of g and h over the node's rows,
 * interleaved (hist[2·bin] = Σg, hist[2·bin+1] = Σh). Rows are summed in the node's row order
 * and each bin's sum is independent of every other bin's, so threads filling disjoint ranges of
 * features give the same histogram bit for bit (fitGbtParallel: gbt-chunks.ts). Default bins are
 * not accumulated: the split search derives them as node total minus the other bins
 * (tree-split.ts). Kernels: long loops, no allocation.
 */
import type { BinLayout } from './binning.js';
import type { BinnedRows } from './binning-rows.js';

/**
 * Adds g and h of rows order[begin..end) into hist, for each row's entries
 * entries[rowPtr[r] .. rowPtr[r + 1]) (a whole row, or a chunk of its features).
 */
export function accumulateRows(
  hist: Float64Array,
  rowPtr: Int32Array,
  entries: Uint16Array | Uint32Array,
  order: Uint32Array,
  begin: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  for (let k = begin; k < end; k++) {
    const r = order[k]!;
    const g = grad[r]!;
    const h = hess[r]!;
    if (h === 0 && g === 0) continue;
    const e1 = rowPtr[r + 1]!;
    let e = rowPtr[r]!;
    for (; e + 1 < e1; e += 2) {
      const b0 = entries[e]! << 1;
      const b1 = entries[e + 1]! << 1;
      hist[b0] = hist[b0]! + g;
      hist[b0 + 1] = hist[b0 + 1]! + h;
      hist[b1] = hist[b1]! + g;
      hist[b1 + 1] = hist[b1 + 1]! + h;
    }
    if (e < e1) {
      const b0 = entries[e]! << 1;
      hist[b0] = hist[b0]! + g;
      hist[b0 + 1] = hist[b0 + 1]! + h;
    }
  }
}

/** Σg and Σh over rows order[begin..end), in row order. */
export function nodeTotals(
  order: Uint32Array,
  begin: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): [number, number] {
  let G = 0;
  let H = 0;
  for (let k = begin; k < end; k++) {
    const r = order[k]!;
    G += grad[r]!;
    H += hess[r]!;
  }
  return [G, H];
}

/** Builds the full histogram of a node single-threaded (rows' whole entry lists). */
export function buildHist(
  hist: Float64Array,
  binned: BinnedRows,
  order: Uint32Array,
  begin: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  hist.fill(0);
  accumulateRows(hist, binned.rowPtr, binned.entries, order, begin, end, grad, hess);
}

/** Features with at least two value bins (the only ones a split can use). */
export function splittableFeatures(layout: BinLayout): Int32Array {
  const out: number[] = [];
  for (let j = 0; j < layout.p; j++) if (layout.nBins[j]! >= 2) out.push(j);
  return Int32Array.from(out);
}
