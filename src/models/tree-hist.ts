/**
 * Gradient histograms of a node: for every global bin, the sums of g and h over the node's rows,
 * interleaved (hist[2·bin] = Σg, hist[2·bin+1] = Σh). Rows are summed in the node's row order
 * and each bin's sum is independent of every other bin's, so threads filling disjoint ranges of
 * features give the same histogram bit for bit (fitGbtParallel: gbt-chunks.ts). Default bins are
 * not accumulated: the split search derives them as node total minus the other bins
 * (tree-split.ts). The boosting kernel that fills them is in WebAssembly (hist-wasm.ts); here,
 * node totals and the splittable features.
 */
import type { BinLayout } from './binning.js';

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

/** Features with at least two value bins (the only ones a split can use). */
export function splittableFeatures(layout: BinLayout): Int32Array {
  const out: number[] = [];
  for (let j = 0; j < layout.p; j++) if (layout.nBins[j]! >= 2) out.push(j);
  return Int32Array.from(out);
}
