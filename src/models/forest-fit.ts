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
import { deepFreeze } from './tree-model.js';
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

/**
 * Fits a random forest (see ForestParams). `validRows` is ignored.
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
  const root = createRng(opts.seed);
  const trees = [];
  for (let t = 0; t < p.trees; t++) {
    const rng = root.fork(`forest tree ${t}`);
    const counts = drawRows(n, p, rng);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const h = counts[i]! * fit.w[i]!;
      ctx.grad[i] = h * fit.y[i]!;
      ctx.hess[i] = h;
      ctx.nodeOf[i] = h > 0 ? 0 : -1;
      if (h > 0) ctx.order[m++] = i;
    }
    trees.push({ ...growForestTree(ctx, m, rng) });
  }
  return deepFreeze({
    kind: 'forest',
    schemaVersion: FOREST_SCHEMA_VERSION,
    features: [...X.names],
    trees,
    params: p,
    source: { kind: 'sightline', rows: n, weightSum: fit.weightSum, seed: opts.seed },
  });
}
