/**
 * `fitForest`: a random forest of classification trees on the binned fitting rows (the same
 * bins and histogram machinery as the boosted trees). Each tree draws its rows (bootstrap, or a
 * subsample without replacement) and, at each split, its features from its own seeded stream
 * (`seed` forked by the tree's index), so a forest is deterministic for a seed.
 */
import { createRng } from '../core/index.js';
import type { Matrix, Rng } from '../core/index.js';
import { fitBinRows } from './binning-rows.js';
import { FOREST_SCHEMA_VERSION, type ForestModel } from './forest-model.js';
import { featuresPerSplit, parseForestParams, type ForestParamsInput } from './forest-params.js';
import type { ForestParams } from './forest-params.js';
import { growForestTree, type ForestContext } from './forest-grow.js';
import type { TreeFitOptions } from './gbt-fit.js';
import { checkFitInputs } from './tree-fit-inputs.js';
import { splittableFeatures } from './tree-hist.js';
import { deepFreeze, type TreeArrays } from './tree-model.js';
import { partitionScratch } from './tree-partition.js';
import { ENTROPY, GINI } from './tree-split.js';

/** Draw counts of each position for one tree. */
function drawRows(n: number, p: ForestParams, rng: Rng): Float64Array {
  const counts = new Float64Array(n);
  const m = Math.max(1, Math.round(p.sampleFraction * n));
  if (p.bootstrap) {
    for (let i = 0; i < m; i++) counts[rng.int(n)]!++;
    return counts;
  }
  if (m >= n) return counts.fill(1);
  const pool = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const r = i + rng.int(n - i);
    const t = pool[i]!;
    pool[i] = pool[r]!;
    pool[r] = t;
    counts[pool[i]!] = 1;
  }
  return counts;
}

/** A forest fit ready to grow trees: parameters, fitting inputs, scratch, the root stream. */
export interface ForestSetup {
  readonly p: ForestParams;
  readonly n: number;
  readonly w: Float64Array;
  readonly y: Float64Array;
  readonly weightSum: number;
  readonly ctx: ForestContext;
  readonly root: Rng;
}

/**
 * Parses parameters, checks and bins the fitting rows, and allocates the scratch of one thread.
 * @throws SightlineError E_MODEL_PARAMS, E_MODEL_ROWS, E_MODEL_LABEL, E_MODEL_WEIGHTS,
 *   E_MODEL_ONE_CLASS for bad inputs.
 */
export function setupForest(
  params: ForestParamsInput,
  X: Matrix,
  y: Uint8Array,
  opts: TreeFitOptions,
): ForestSetup {
  const p = parseForestParams(params);
  const fit = checkFitInputs(X, y, opts);
  const binned = fitBinRows(X, fit.rows, p.maxBins);
  const n = binned.n;
  const splittable = splittableFeatures(binned.layout);
  const ctx: ForestContext = {
    binned,
    grad: new Float64Array(n),
    hess: new Float64Array(n),
    order: new Uint32Array(n),
    nodeOf: new Int32Array(n),
    mark: new Uint8Array(binned.layout.p),
    hist: new Float64Array(2 * binned.layout.offset[binned.layout.p]!),
    scratch: partitionScratch(n),
    criterion: {
      kind: p.criterion === 'gini' ? GINI : ENTROPY,
      lambda: 0,
      alpha: 0,
      minChildWeight: p.minLeafWeight,
      minGain: 0,
    },
    splittable,
    perSplit: featuresPerSplit(p.maxFeatures, splittable.length),
    maxDepth: p.maxDepth,
    minSplitWeight: p.minSplitWeight,
  };
  return { p, n, w: fit.w, y: fit.y, weightSum: fit.weightSum, ctx, root: createRng(opts.seed) };
}

/**
 * Grows tree number `t` of the forest. Its rows and features come from the stream forked for
 * that number, so a tree is the same whichever thread grows it and in whatever order.
 */
export function growTreeNumber(s: ForestSetup, t: number): TreeArrays {
  const { ctx, n } = s;
  const rng = s.root.fork(`forest tree ${t}`);
  const counts = drawRows(n, s.p, rng);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const h = counts[i]! * s.w[i]!;
    ctx.grad[i] = h * s.y[i]!;
    ctx.hess[i] = h;
    ctx.nodeOf[i] = h > 0 ? 0 : -1;
    if (h > 0) ctx.order[m++] = i;
  }
  return { ...growForestTree(ctx, m, rng) };
}

/** The forest model of grown trees (in tree order). */
export function forestModel(
  s: ForestSetup,
  features: readonly string[],
  trees: readonly TreeArrays[],
  seed: number,
): ForestModel {
  return deepFreeze({
    kind: 'forest',
    schemaVersion: FOREST_SCHEMA_VERSION,
    features: [...features],
    trees: [...trees],
    params: s.p,
    source: { kind: 'sightline', rows: s.n, weightSum: s.weightSum, seed },
  });
}

/**
 * Fits a random forest (see ForestParams) on the calling thread; fitForestParallel gives the
 * identical forest on several. `validRows` is ignored.
 * @throws SightlineError E_MODEL_PARAMS, E_MODEL_ROWS, E_MODEL_LABEL, E_MODEL_WEIGHTS,
 *   E_MODEL_ONE_CLASS for bad inputs.
 * @example const forest = fitForest({ trees: 300 }, X, y, { rows: split.train, seed: 1 });
 */
export function fitForest(
  params: ForestParamsInput,
  X: Matrix,
  y: Uint8Array,
  opts: TreeFitOptions,
): ForestModel {
  const s = setupForest(params, X, y, opts);
  const trees = Array.from({ length: s.p.trees }, (_, t) => growTreeNumber(s, t));
  return forestModel(s, X.names, trees, opts.seed);
}
