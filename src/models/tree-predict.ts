/**
 * Batch prediction of a tree ensemble, QuickScorer-style (Lucchese et al. 2015), reading the
 * matrix column by column and skipping zeros.
 *
 * Each tree's leaves are numbered left to right and each row holds one bit per leaf, all set to
 * start. A split node is *false* for a row when the row goes right (x ≥ threshold, or NaN with
 * the default to the right); a false node clears the bits of its left subtree's leaves. The
 * row's exit leaf is then the lowest bit still set. Nodes are grouped by feature with their
 * thresholds ascending, so a value x makes false exactly the nodes with threshold ≤ x: a scan
 * that stops at the first threshold above x. A feature whose thresholds are all > 0 has no false
 * node at x ≤ 0, so for it only the stored non-zeros of a sparse column are visited.
 *
 * Sums run over trees in order (bit-identical to walking each tree), starting from `init`.
 * tree-ensemble.ts chooses between these kernels, the generated ones and threads.
 */
import type { Matrix } from '../core/index.js';
import type { GeneratedKernel } from './tree-codegen.js';
import type { Compiled } from './tree-compile.js';
import { leafOf, type TreeArrays } from './tree-model.js';
import { fillBlock, lowerBound, rowAt, type RowOrder } from './tree-rows.js';

/** Applies the false nodes of slot s at value v to the masks of one row (at word base). */
function applyValue(c: Compiled, s: number, v: number, masks: Int32Array, base: number): void {
  if (v !== v) {
    for (let o = c.nanOpPtr[s]!; o < c.nanOpPtr[s + 1]!; o++)
      masks[base + c.nanWord[o]!]! &= c.nanMask[o]!;
    return;
  }
  const { thr, opPtr, opWord, opMask } = c;
  const end = c.thrPtr[s + 1]!;
  if (c.single) {
    const { thrWord, thrMask } = c;
    for (let k = c.thrPtr[s]!; k < end && thr[k]! <= v; k++)
      masks[base + thrWord[k]!]! &= thrMask[k]!;
    return;
  }
  for (let k = c.thrPtr[s]!; k < end && thr[k]! <= v; k++) {
    for (let o = opPtr[k]!; o < opPtr[k + 1]!; o++) masks[base + opWord[o]!]! &= opMask[o]!;
  }
}

/** applyValue for rows first..first+count-1 of a dense column (through `sorted` when given). */
function applyDense(
  c: Compiled,
  s: number,
  values: Float64Array,
  sorted: Uint32Array | null,
  first: number,
  count: number,
  masks: Int32Array,
  W: number,
): void {
  const t0 = c.thrPtr[s]!;
  const t1 = c.thrPtr[s + 1]!;
  const { thr, thrWord, thrMask } = c;
  const minThr = thr[t0]!;
  for (let i = 0; i < count; i++) {
    const v = values[sorted === null ? first + i : sorted[first + i]!]!;
    if (v < minThr) continue;
    if (!c.single || v !== v) {
      applyValue(c, s, v, masks, i * W);
      continue;
    }
    const base = i * W;
    for (let k = t0; k < t1 && thr[k]! <= v; k++) masks[base + thrWord[k]!]! &= thrMask[k]!;
  }
}

/** The exit leaves' values of each row of a block, summed in tree order onto `init`. */
function sumLeaves(
  c: Compiled,
  masks: Int32Array,
  count: number,
  init: number,
  out: Float64Array,
  at: Int32Array | null,
  first: number,
): void {
  const W = c.treeWord[c.nTrees]!;
  const { treeWord, leafBase, leafValue, nTrees } = c;
  for (let i = 0; i < count; i++) {
    const base = i * W;
    let sum = init;
    for (let t = 0; t < nTrees; t++) {
      const w0 = treeWord[t]!;
      let wi = w0;
      let w = masks[base + wi]!;
      while (w === 0) w = masks[base + ++wi]!;
      const leaf = ((wi - w0) << 5) + 31 - Math.clz32(w & -w);
      sum += leafValue[leafBase[t]! + leaf]!;
    }
    out[at === null ? first + i : at[first + i]!] = sum;
  }
}

/** Rows a block of the QuickScorer kernel holds (its masks about 64 KB). */
function blockRows(W: number): number {
  return Math.max(16, Math.min(4096, Math.floor(65536 / Math.max(1, W))));
}

/**
 * init + Σ_trees leaf value of the requested rows from..to-1 (in o's ascending order) of X,
 * written to out at their output positions: the QuickScorer kernel, by blocks of rows, using the
 * generated kernels `g` when given (tree-codegen.ts; bit-identical). Each row's sum depends only
 * on that row, so ranges can be scored apart (and on other threads) with the same results.
 * `cols` is the matrix column of each model feature (matrixColumns).
 */
export function scoreRange(
  c: Compiled,
  g: GeneratedKernel | null,
  X: Matrix,
  cols: Int32Array,
  o: RowOrder,
  from: number,
  to: number,
  init: number,
  out: Float64Array,
): void {
  const { sorted, pos } = o;
  const W = c.treeWord[c.nTrees]!;
  const B = blockRows(W);
  const masks = new Int32Array(B * W);
  const cursor = new Int32Array(c.used.length);
  const dense = new Float64Array(B);
  for (let first = from; first < to; first += B) {
    const count = Math.min(B, to - first);
    masks.fill(-1, 0, count * W);
    const rowEnd = rowAt(o, first + count - 1);
    for (let s = 0; s < c.used.length; s++) {
      const col = X.columns[cols[c.used[s]!]!]!;
      if (col.kind === 'dense') {
        if (g === null) applyDense(c, s, col.values, sorted, first, count, masks, W);
        else g.dense(s)(col.values, sorted, first, count, masks, W);
        continue;
      }
      const cr = col.rows;
      const cv = col.values;
      let k = first === from ? lowerBound(cr, rowAt(o, from)) : cursor[s]!;
      if (c.zeroActive[s] === 1) {
        // Zeros make false nodes here: densify this block of the column and visit every row.
        dense.fill(0, 0, count);
        for (; k < cr.length && cr[k]! <= rowEnd; k++) {
          const i = (pos === null ? cr[k]! : pos[cr[k]!]!) - first;
          if (i >= 0) dense[i] = cv[k]!;
        }
        if (g === null) applyDense(c, s, dense, null, 0, count, masks, W);
        else g.dense(s)(dense, null, 0, count, masks, W);
      } else if (g !== null) {
        k = g.sparse(s)(cr, cv, k, rowEnd, pos, first, masks, W);
      } else {
        for (; k < cr.length && cr[k]! <= rowEnd; k++) {
          const i = (pos === null ? cr[k]! : pos[cr[k]!]!) - first;
          if (i >= 0) applyValue(c, s, cv[k]!, masks, i * W);
        }
      }
      cursor[s] = k;
    }
    if (g === null) sumLeaves(c, masks, count, init, out, o.outAt, first);
    else g.sum(masks, count, init, out, o.outAt, first, c.leafValue);
  }
}

/**
 * Trees with many leaves (deep forests): walk each tree per row over a block of row values.
 * `cols` holds the matrix column of each used slot.
 */
export function walkSums(
  c: Compiled,
  trees: readonly TreeArrays[],
  X: Matrix,
  cols: Int32Array,
  o: RowOrder,
  init: number,
  out: Float64Array,
): Float64Array {
  const S = cols.length;
  const slotOf = new Map<number, number>();
  c.used.forEach((f, s) => slotOf.set(f, s));
  const flat = trees.map((t) => ({
    ...t,
    feature: t.feature.map((f) => (f < 0 ? -1 : slotOf.get(f)!)),
  }));
  const B = 256;
  const block = new Float64Array(B * S);
  const cursor = new Int32Array(S);
  for (let first = 0; first < o.n; first += B) {
    const count = Math.min(B, o.n - first);
    fillBlock(X, cols, o, first, count, cursor, block);
    for (let i = 0; i < count; i++) {
      let sum = init;
      for (const t of flat) sum += t.value[leafOf(t, (s) => block[i * S + s]!)]!;
      out[o.outAt === null ? first + i : o.outAt[first + i]!] = sum;
    }
  }
  return out;
}
