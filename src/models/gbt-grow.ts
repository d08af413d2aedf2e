/**
 * Grows one boosted tree on binned rows from their gradients and hessians. Leaves are candidates
 * holding their histogram and best split; `lossguide` splits the candidate with the largest gain
 * next (ties: lowest node id), `depthwise` the shallowest (ties: lowest node id), until
 * `maxLeaves` leaves or no candidate can split. A split builds the histogram of its smaller
 * child (by rows) and takes the larger child's as parent minus smaller (the subtraction trick),
 * in the parent's buffer; children that may not split (depth limit) need no histogram, and the
 * split that makes the last allowed leaf builds none either (its children can only be leaves;
 * their features are still drawn, so the random stream is the same as if they were searched).
 * The histogram building and split searching is done by a `GrowEngine` (one thread, or several
 * over disjoint feature ranges: gbt-parallel.ts); every random draw stays on the calling thread.
 */
import type { Rng } from '../core/index.js';
import type { BinnedColumns } from './binning-rows.js';
import type { GrowEngine, NodeSearch } from './gbt-engine.js';
import { nodeTotals } from './tree-hist.js';
import { emptySplit, leafValue } from './tree-split.js';
import type { Criterion, SplitChoice } from './tree-split.js';
import { addLeaf, partitionRows, setSplit, treeBuilder } from './tree-partition.js';
import type { PartitionScratch, TreeArraysBuilder } from './tree-partition.js';

/** Everything a tree's growth reads; buffers are reused across trees. */
export interface GrowContext {
  readonly binned: BinnedColumns;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly order: Uint32Array;
  readonly scratch: PartitionScratch;
  readonly engine: GrowEngine;
  readonly criterion: Criterion;
  readonly policy: 'lossguide' | 'depthwise';
  readonly maxLeaves: number;
  readonly maxDepth: number;
  readonly learningRate: number;
  /** Splittable features (for default bins and subtraction). */
  readonly splittable: Int32Array;
  /** Scratch masks of the features drawn at a node, one per search of a step (all 0 between). */
  readonly masks: readonly [Uint8Array, Uint8Array];
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
  return ctx.pool.pop() ?? ctx.engine.newHist();
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
  const finish = (c: Candidate) => {
    segments.push(c.id, c.begin, c.end);
    ctx.pool.push(c.hist);
  };
  const open: Candidate[] = [];
  const drawn: Int32Array[] = [];
  const searches: NodeSearch[] = [];
  const candidates: Candidate[] = [];
  const addNodes: AddNodes = (build, begin, end, nodes) => {
    for (const nd of nodes) {
      const id = addLeaf(tree, eta * leafValue(crit, nd.G, nd.H), nd.H);
      splitBin.push(-1);
      if (nd.hist === null) {
        // A final leaf: draw its features as a search would, keeping the stream in step.
        if (canSplit(nd.depth)) sampleFeatures(treeFeatures, nodeShare, rng);
        segments.push(id, nd.begin, nd.end);
        continue;
      }
      const feats = sampleFeatures(treeFeatures, nodeShare, rng);
      const all = feats.length === ctx.splittable.length;
      const mask = all ? null : ctx.masks[searches.length]!;
      if (mask !== null) for (const j of feats) mask[j] = 1;
      const c = { ...nd, id, hist: nd.hist, split: emptySplit() };
      drawn.push(feats);
      candidates.push(c);
      searches.push({ hist: nd.hist, minus: nd.minus, G: nd.G, H: nd.H, mask, out: c.split });
    }
    if (searches.length > 0 || build !== null) ctx.engine.run(build, begin, end, searches);
    for (let i = 0; i < searches.length; i++) {
      const mask = searches[i]!.mask;
      if (mask !== null) for (const j of drawn[i]!) mask[j] = 0;
      const c = candidates[i]!;
      if (c.split.feature >= 0) open.push(c);
      else finish(c);
    }
    drawn.length = searches.length = candidates.length = 0;
  };
  const rootHist = takeBuffer(ctx);
  const [G0, H0] = nodeTotals(order, 0, n, ctx.grad, ctx.hess);
  const root = { begin: 0, end: n, depth: 0, G: G0, H: H0, hist: rootHist, minus: null };
  addNodes(rootHist, 0, n, [root]);
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
    const searched = leaves !== ctx.maxLeaves && canSplit(c.depth + 1);
    splitNode(ctx, c, tree, splitBin, addNodes, searched);
  }
  for (const c of open) finish(c);
  return { tree, splitBin, segments };
}

/** A node to add: its rows order[begin..end), totals, and histogram (null: a final leaf). */
interface NewNode {
  readonly begin: number;
  readonly end: number;
  readonly depth: number;
  readonly G: number;
  readonly H: number;
  readonly hist: Float64Array | null;
  /** The histogram to subtract from `hist` first (the subtraction trick). */
  readonly minus: Float64Array | null;
}

/**
 * Adds nodes as leaves, in order (drawing each one's features), then has the engine build
 * `build` over order[begin..end) and search those with a histogram in one step; the searched
 * nodes that found a split become candidates.
 */
type AddNodes = (
  build: Float64Array | null,
  begin: number,
  end: number,
  nodes: readonly NewNode[],
) => void;

/**
 * Splits candidate c: partitions its rows, builds the smaller child's histogram and hands the
 * larger child the parent's buffer with the smaller one to subtract (done while its split is
 * searched, bestSplit's `minus`). Without `searched` (this split makes the last allowed leaf, or
 * the children are at the depth limit) both children are leaves: no histogram is built and the
 * parent's buffer goes back to the pool.
 */
function splitNode(
  ctx: GrowContext,
  c: Candidate,
  tree: TreeArraysBuilder,
  splitBin: number[],
  addNodes: AddNodes,
  searched: boolean,
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
  if (!searched) ctx.pool.push(c.hist);
  else {
    small = takeBuffer(ctx);
    large = c.hist;
  }
  const [Gs, Hs] = nodeTotals(order, sb, se, ctx.grad, ctx.hess);
  const [Gl, Hl] = [c.G - Gs, c.H - Hs];
  const threshold = binned.layout.cuts[s.feature]![s.bin]!;
  const leftId = tree.feature.length;
  setSplit(tree, c.id, s.feature, threshold, s.defaultLeft, s.gain, leftId, leftId + 1);
  splitBin[c.id] = s.bin;
  const depth = c.depth + 1;
  const smallNode = { depth, G: Gs, H: Hs, hist: small, minus: null };
  const largeNode = { depth, G: Gl, H: Hl, hist: large, minus: small };
  const nodes = leftSmaller
    ? [
        { begin: c.begin, end: mid, ...smallNode },
        { begin: mid, end: c.end, ...largeNode },
      ]
    : [
        { begin: c.begin, end: mid, ...largeNode },
        { begin: mid, end: c.end, ...smallNode },
      ];
  addNodes(small, sb, se, nodes);
}
