/**
 * Grows one random-forest tree on binned rows, depth first (left before right), drawing the
 * features of each split afresh. Sums are g = count·w·y and h = count·w (count = the row's
 * bootstrap draws), so a leaf's value G/H is its weighted share of positives.
 *
 * Only the drawn features' histograms are built, each node by the cheapest of three scans
 * (chosen from sizes alone, so the choice and hence the sums are deterministic): walking the
 * drawn columns and keeping the node's rows; walking the node's rows and keeping the drawn
 * features' entries; or a binary search per row and feature.
 */
import type { Rng } from '../core/index.js';
import { binAt } from './binning-rows.js';
import type { BinnedRows } from './binning-rows.js';
import { nodeTotals } from './tree-hist.js';
import { bestSplit, emptySplit, leafValue } from './tree-split.js';
import type { Criterion } from './tree-split.js';
import { addLeaf, partitionRows, setSplit, treeBuilder } from './tree-partition.js';
import type { PartitionScratch, TreeArraysBuilder } from './tree-partition.js';

/** Buffers and settings of a forest tree's growth (reused across trees). */
export interface ForestContext {
  readonly binned: BinnedRows;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly order: Uint32Array;
  readonly nodeOf: Int32Array;
  readonly mark: Uint8Array;
  readonly hist: Float64Array;
  readonly scratch: PartitionScratch;
  readonly criterion: Criterion;
  readonly splittable: Int32Array;
  readonly perSplit: number;
  readonly maxDepth: number;
  readonly minSplitWeight: number;
}

/** k features drawn without replacement from `from`, sorted. */
export function drawFeatures(from: Int32Array, k: number, rng: Rng): Int32Array {
  if (k >= from.length) return from;
  const pool = Int32Array.from(from);
  for (let i = 0; i < k; i++) {
    const r = i + rng.int(pool.length - i);
    const t = pool[i]!;
    pool[i] = pool[r]!;
    pool[r] = t;
  }
  return pool.subarray(0, k).sort();
}

/** Histogram of the drawn features over the node's rows (see the file comment). */
function nodeHist(
  ctx: ForestContext,
  feats: Int32Array,
  id: number,
  begin: number,
  end: number,
): void {
  const { binned, hist, grad, hess, order } = ctx;
  const { offset } = binned.layout;
  for (const j of feats) hist.fill(0, 2 * offset[j]!, 2 * offset[j + 1]!);
  const m = end - begin;
  let costCol = 0;
  for (const j of feats) costCol += binned.colPtr[j + 1]! - binned.colPtr[j]!;
  const costRow = (m * binned.entries.length) / Math.max(1, binned.n);
  const costSearch = m * feats.length * 8;
  if (costCol <= costRow && costCol <= costSearch) {
    const { colPos, colBin, colPtr } = binned;
    for (const j of feats) {
      const base = offset[j]!;
      for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) {
        const r = colPos[e]!;
        if (ctx.nodeOf[r] !== id) continue;
        const b = 2 * (base + colBin[e]!);
        hist[b] = hist[b]! + grad[r]!;
        hist[b + 1] = hist[b + 1]! + hess[r]!;
      }
    }
  } else if (costRow <= costSearch) {
    const { rowPtr, entries, layout } = binned;
    for (const j of feats) ctx.mark[j] = 1;
    for (let k = begin; k < end; k++) {
      const r = order[k]!;
      for (let e = rowPtr[r]!; e < rowPtr[r + 1]!; e++) {
        const gb = entries[e]!;
        if (ctx.mark[layout.binFeature[gb]!] !== 1) continue;
        hist[2 * gb] = hist[2 * gb]! + grad[r]!;
        hist[2 * gb + 1] = hist[2 * gb + 1]! + hess[r]!;
      }
    }
    for (const j of feats) ctx.mark[j] = 0;
  } else {
    for (const j of feats) {
      const def = binned.layout.defaultBin[j]!;
      for (let k = begin; k < end; k++) {
        const r = order[k]!;
        const local = binAt(binned, r, j);
        if (local === def) continue;
        const b = 2 * (offset[j]! + local);
        hist[b] = hist[b]! + grad[r]!;
        hist[b + 1] = hist[b + 1]! + hess[r]!;
      }
    }
  }
}

/**
 * Grows a tree over the in-bag rows order[0..m) (positions with h > 0; ctx.nodeOf must be 0 for
 * them and -1 elsewhere).
 */
export function growForestTree(ctx: ForestContext, m: number, rng: Rng): TreeArraysBuilder {
  const { binned, order, criterion: crit } = ctx;
  const tree = treeBuilder();
  const split = emptySplit();
  const [G0, H0] = nodeTotals(order, 0, m, ctx.grad, ctx.hess);
  addLeaf(tree, leafValue(crit, G0, H0), H0);
  const stack: number[] = [0, 0, m, 0, G0, H0];
  while (stack.length > 0) {
    const H = stack.pop()!;
    const G = stack.pop()!;
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const begin = stack.pop()!;
    const id = stack.pop()!;
    const pure = G <= 0 || G >= H;
    if (pure || H < ctx.minSplitWeight || (ctx.maxDepth > 0 && depth >= ctx.maxDepth)) continue;
    const feats = drawFeatures(ctx.splittable, ctx.perSplit, rng);
    nodeHist(ctx, feats, id, begin, end);
    bestSplit(ctx.hist, binned.layout, feats, G, H, crit, split);
    if (split.feature < 0) continue;
    const mid = partitionRows(
      binned,
      order,
      begin,
      end,
      split.feature,
      split.bin,
      split.defaultLeft,
      ctx.scratch,
    );
    const [GL, HL] = nodeTotals(order, begin, mid, ctx.grad, ctx.hess);
    const [GR, HR] = nodeTotals(order, mid, end, ctx.grad, ctx.hess);
    const left = addLeaf(tree, leafValue(crit, GL, HL), HL);
    const right = addLeaf(tree, leafValue(crit, GR, HR), HR);
    const threshold = binned.layout.cuts[split.feature]![split.bin]!;
    setSplit(tree, id, split.feature, threshold, split.defaultLeft, split.gain, left, right);
    for (let k = begin; k < mid; k++) ctx.nodeOf[order[k]!] = left;
    for (let k = mid; k < end; k++) ctx.nodeOf[order[k]!] = right;
    stack.push(right, mid, end, depth + 1, GR, HR);
    stack.push(left, begin, mid, depth + 1, GL, HL);
  }
  return tree;
}
