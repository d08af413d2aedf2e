/**
 * Grows one boosted tree on binned rows from their gradients and hessians. Leaves are candidates
 * holding their histogram and best split; `lossguide` splits the candidate with the largest gain
 * next (ties: lowest node id), `depthwise` the shallowest (ties: lowest node id), until
 * `maxLeaves` leaves or no candidate can split. A split builds the histogram of its smaller
 * child (by rows) and takes the larger child's as parent minus smaller (the subtraction trick),
 * in the parent's buffer; a child that may not split (depth limit) skips it, and the split that
 * makes the last allowed leaf builds no histogram at all (its children can only be leaves; their
 * features are still drawn, so the random stream is the same as if they were searched).
 */
import type { Rng } from '../core/index.js';
import type { BinnedRows } from './binning-rows.js';
import { nodeTotals } from './tree-hist.js';
import { emptySplit, bestSplit, leafValue } from './tree-split.js';
import type { Criterion, SplitChoice } from './tree-split.js';
import { addLeaf, partitionRows, setSplit, treeBuilder } from './tree-partition.js';
import type { PartitionScratch, TreeArraysBuilder } from './tree-partition.js';

/** Builds the full histogram of order[begin..end) (zeroed first). */
export type HistBuilder = (
  hist: Float64Array,
  order: Uint32Array,
  begin: number,
  end: number,
) => void;

/** Everything a tree's growth reads; buffers are reused across trees. */
export interface GrowContext {
  readonly binned: BinnedRows;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly order: Uint32Array;
  readonly scratch: PartitionScratch;
  readonly buildHist: HistBuilder;
  readonly criterion: Criterion;
  readonly policy: 'lossguide' | 'depthwise';
  readonly maxLeaves: number;
  readonly maxDepth: number;
  readonly learningRate: number;
  /** Splittable features (for default bins and subtraction). */
  readonly splittable: Int32Array;
  /** Scratch mask of the features drawn at a node (all 0 between uses). */
  readonly mask: Uint8Array;
  /** A pool of histogram buffers (2 × total bins each). */
  readonly pool: Float64Array[];
}

/** A grown tree, with the split bin of each node and the row segment of each leaf. */
export interface GrownTree {
  readonly tree: TreeArraysBuilder;
  readonly splitBin: number[];
  /** Leaf id, begin, end (into ctx.order) per leaf. */
  readonly segments: number[];
}

interface Candidate {
  id: number;
  begin: number;
  end: number;
  depth: number;
  G: number;
  H: number;
  hist: Float64Array;
  split: SplitChoice;
}

function takeBuffer(ctx: GrowContext): Float64Array {
  return ctx.pool.pop() ?? new Float64Array(2 * ctx.binned.layout.offset[ctx.binned.layout.p]!);
}

/** k of the features, drawn without replacement and sorted (all when k ≥ their number). */
export function sampleFeatures(features: Int32Array, share: number, rng: Rng): Int32Array {
  const k = Math.max(1, Math.floor(share * features.length));
  if (share >= 1 || k >= features.length) return features;
  const pool = Int32Array.from(features);
  for (let i = 0; i < k; i++) {
    const r = i + rng.int(pool.length - i);
    const t = pool[i]!;
    pool[i] = pool[r]!;
    pool[r] = t;
  }
  return pool.subarray(0, k).sort();
}

/**
 * Grows a tree over the rows order[0..n) (ctx.order is reset to 0..n-1 first) using the tree's
 * features, drawing each node's features with colsampleByNode from `rng`.
 */
export function growTree(
  ctx: GrowContext,
  treeFeatures: Int32Array,
  nodeShare: number,
  rng: Rng,
): GrownTree {
  const { order, criterion: crit, learningRate: eta, binned } = ctx;
  const n = binned.n;
  for (let k = 0; k < n; k++) order[k] = k;
  const tree = treeBuilder();
  const splitBin: number[] = [];
  const segments: number[] = [];
  const canSplit = (depth: number) => ctx.maxDepth === 0 || depth < ctx.maxDepth;
  const evaluate = (c: Candidate, minus: Float64Array | null): boolean => {
    if (!canSplit(c.depth)) return false;
    const feats = sampleFeatures(treeFeatures, nodeShare, rng);
    const all = feats.length === ctx.splittable.length;
    if (!all) for (const j of feats) ctx.mask[j] = 1;
    const { layout } = binned;
    const mask = all ? null : ctx.mask;
    bestSplit(c.hist, layout, ctx.splittable, c.G, c.H, crit, c.split, mask, minus);
    if (!all) for (const j of feats) ctx.mask[j] = 0;
    return c.split.feature >= 0;
  };
  const finish = (c: Candidate) => {
    segments.push(c.id, c.begin, c.end);
    ctx.pool.push(c.hist);
  };
  const open: Candidate[] = [];
  const newNode: NewNode = (begin, end, depth, G, H, hist, minus) => {
    const id = addLeaf(tree, eta * leafValue(crit, G, H), H);
    splitBin.push(-1);
    if (hist === null) {
      // A final leaf: draw its features as a search would, keeping the stream in step.
      if (canSplit(depth)) sampleFeatures(treeFeatures, nodeShare, rng);
      segments.push(id, begin, end);
      return;
    }
    const c: Candidate = { id, begin, end, depth, G, H, hist, split: emptySplit() };
    if (evaluate(c, minus)) open.push(c);
    else finish(c);
  };
  const rootHist = takeBuffer(ctx);
  ctx.buildHist(rootHist, order, 0, n);
  const [G0, H0] = nodeTotals(order, 0, n, ctx.grad, ctx.hess);
  newNode(0, n, 0, G0, H0, rootHist, null);
  let leaves = 1;
  while (open.length > 0 && (ctx.maxLeaves === 0 || leaves < ctx.maxLeaves)) {
    let pick = 0;
    for (let i = 1; i < open.length; i++) {
      const a = open[i]!;
      const b = open[pick]!;
      const better =
        ctx.policy === 'lossguide'
          ? a.split.gain > b.split.gain || (a.split.gain === b.split.gain && a.id < b.id)
          : a.depth < b.depth || (a.depth === b.depth && a.id < b.id);
      if (better) pick = i;
    }
    const c = open.splice(pick, 1)[0]!;
    leaves++;
    splitNode(ctx, c, tree, splitBin, newNode, leaves === ctx.maxLeaves);
  }
  for (const c of open) finish(c);
  return { tree, splitBin, segments };
}

/**
 * Creates a node over order[begin..end); `minus` is the histogram to subtract from `hist`; a
 * null `hist` makes a final leaf (no search).
 */
type NewNode = (
  begin: number,
  end: number,
  depth: number,
  G: number,
  H: number,
  hist: Float64Array | null,
  minus: Float64Array | null,
) => void;

/**
 * Splits candidate c: partitions its rows, builds the smaller child's histogram and hands the
 * larger child the parent's buffer with the smaller one to subtract (done while its split is
 * searched, bestSplit's `minus`). With `final` (this split makes the last allowed leaf) both
 * children are final leaves: no histogram is built and the parent's buffer goes back to the pool.
 */
function splitNode(
  ctx: GrowContext,
  c: Candidate,
  tree: TreeArraysBuilder,
  splitBin: number[],
  newNode: NewNode,
  final: boolean,
): void {
  const { binned, order } = ctx;
  const s = c.split;
  const mid = partitionRows(
    binned,
    order,
    c.begin,
    c.end,
    s.feature,
    s.bin,
    s.defaultLeft,
    ctx.scratch,
  );
  const leftSmaller = mid - c.begin <= c.end - mid;
  const [sb, se] = leftSmaller ? [c.begin, mid] : [mid, c.end];
  let small: Float64Array | null = null;
  let large: Float64Array | null = null;
  if (final) ctx.pool.push(c.hist);
  else {
    small = takeBuffer(ctx);
    ctx.buildHist(small, order, sb, se);
    large = c.hist;
  }
  const [Gs, Hs] = nodeTotals(order, sb, se, ctx.grad, ctx.hess);
  const [Gl, Hl] = [c.G - Gs, c.H - Hs];
  const threshold = binned.layout.cuts[s.feature]![s.bin]!;
  const leftId = tree.feature.length;
  setSplit(tree, c.id, s.feature, threshold, s.defaultLeft, s.gain, leftId, leftId + 1);
  splitBin[c.id] = s.bin;
  if (leftSmaller) {
    newNode(c.begin, mid, c.depth + 1, Gs, Hs, small, null);
    newNode(mid, c.end, c.depth + 1, Gl, Hl, large, small);
  } else {
    newNode(c.begin, mid, c.depth + 1, Gl, Hl, large, small);
    newNode(mid, c.end, c.depth + 1, Gs, Hs, small, null);
  }
}
