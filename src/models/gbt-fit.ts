/**
 * `fitGbt`: histogram gradient-boosted trees for a binary outcome with XGBoost's second-order
 * log-loss objective. Per round: g = w·(p − y), h = w·max(p(1 − p), 1e-16) at the current margin;
 * one tree grown on the binned fitting rows (gbt-grow.ts); leaf values −T_α(G)/(H + λ) times the
 * learning rate added to the margins. Deterministic for a seed: every random draw (row and
 * feature sampling) comes from one seeded stream, ties are broken by index, and histograms are
 * summed in a fixed order. Single-threaded: a worker thread building half of each histogram
 * (bit-identical) was measured and did not pay on the shared 2-core machines (see bench/gbt.ts).
 */
import { createRng } from '../core/index.js';
import type { Matrix, Rng } from '../core/index.js';
import { binAt, binRows, fitBinRows } from './binning-rows.js';
import type { BinnedRows } from './binning-rows.js';
import { GBT_SCHEMA_VERSION, type GbtModel } from './gbt-model.js';
import { parseGbtParams, type GbtParams, type GbtParamsInput } from './gbt-params.js';
import { growTree, sampleFeatures, type GrowContext, type GrownTree } from './gbt-grow.js';
import { buildHist, splittableFeatures } from './tree-hist.js';
import { partitionScratch } from './tree-partition.js';
import { GBT } from './tree-split.js';
import { treeParamsError } from './tree-messages.js';
import { checkFitInputs, logLoss } from './tree-fit-inputs.js';
import { deepFreeze, type TreeArrays } from './tree-model.js';

/** Fitting rows, weights, validation rows and the seed of a tree fit. */
export interface TreeFitOptions {
  /** Case weights ≥ 0 indexed by matrix row (default all 1). */
  readonly weights?: Float64Array;
  /** The fitting rows (default every row of X). */
  readonly rows?: Uint32Array;
  /** Rows scored after every round for the validation curve and early stopping. */
  readonly validRows?: Uint32Array;
  /** Seed of every random draw. */
  readonly seed: number;
}

interface Validation {
  readonly binned: BinnedRows;
  readonly y: Float64Array;
  readonly w: Float64Array;
  readonly margin: Float64Array;
  readonly loss: number[];
}

function gradients(
  ctx: GrowContext,
  margin: Float64Array,
  y: Float64Array,
  w: Float64Array,
  p: GbtParams,
  rng: Rng,
): void {
  const { grad, hess } = ctx;
  for (let i = 0; i < margin.length; i++) {
    if (p.subsample < 1 && !(rng.next() < p.subsample)) {
      grad[i] = 0;
      hess[i] = 0;
      continue;
    }
    const pr = 1 / (1 + Math.exp(-margin[i]!));
    grad[i] = w[i]! * (pr - y[i]!);
    hess[i] = w[i]! * Math.max(pr * (1 - pr), 1e-16);
  }
}

function updateValidation(v: Validation, grown: GrownTree): void {
  const { tree, splitBin } = grown;
  const nb = v.binned.layout.nBins;
  for (let r = 0; r < v.binned.n; r++) {
    let i = 0;
    while (tree.feature[i]! >= 0) {
      const f = tree.feature[i]!;
      const b = binAt(v.binned, r, f);
      const left = b === nb[f] ? tree.defaultLeft[i]! : b <= splitBin[i]!;
      i = left ? tree.left[i]! : tree.right[i]!;
    }
    v.margin[r]! += tree.value[i]!;
  }
  v.loss.push(logLoss(v.margin, v.y, v.w));
}

/**
 * Fits boosted trees (see GbtParams for every parameter) and returns the model file.
 * @throws SightlineError E_MODEL_PARAMS, E_MODEL_ROWS, E_MODEL_LABEL, E_MODEL_WEIGHTS,
 *   E_MODEL_ONE_CLASS for bad inputs.
 * @example const model = fitGbt({ rounds: 200 }, X, y, { rows: split.train, seed: 1 });
 */
export function fitGbt(
  params: GbtParamsInput,
  X: Matrix,
  y: Uint8Array,
  opts: TreeFitOptions,
): GbtModel {
  const p = parseGbtParams(params);
  if (p.earlyStoppingRounds !== null && opts.validRows === undefined) {
    throw treeParamsError('GbtParams', [
      {
        path: ['earlyStoppingRounds'],
        message: 'early stopping needs validRows in the fit options',
      },
    ]);
  }
  const fit = checkFitInputs(X, y, opts);
  const binned = fitBinRows(X, fit.rows, p.maxBins);
  return deepFreeze(boost(p, X, y, opts, fit, binned));
}

function boost(
  p: GbtParams,
  X: Matrix,
  y: Uint8Array,
  opts: TreeFitOptions,
  fit: ReturnType<typeof checkFitInputs>,
  binned: BinnedRows,
): GbtModel {
  const n = binned.n;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const prior = p.baseScore ?? fit.positiveWeight / fit.weightSum;
  const base = Math.log(prior / (1 - prior));
  const margin = new Float64Array(n).fill(base);
  const ctx: GrowContext = {
    binned,
    grad,
    hess,
    order: new Uint32Array(n),
    scratch: partitionScratch(n),
    buildHist: (hist, order, begin, end) => buildHist(hist, binned, order, begin, end, grad, hess),
    criterion: {
      kind: GBT,
      lambda: p.lambda,
      alpha: p.alpha,
      minChildWeight: p.minChildWeight,
      minGain: Math.max(p.gamma, 1e-6),
    },
    policy: p.growPolicy,
    maxLeaves: p.maxLeaves,
    maxDepth: p.maxDepth,
    learningRate: p.learningRate,
    splittable: splittableFeatures(binned.layout),
    mask: new Uint8Array(binned.layout.p),
    pool: [],
  };
  const valid = validation(X, y, opts, binned, base);
  const rng = createRng(opts.seed).fork('gbt');
  const trees: TreeArrays[] = [];
  let best = 0;
  for (let t = 0; t < p.rounds; t++) {
    gradients(ctx, margin, fit.y, fit.w, p, rng);
    const features = sampleFeatures(ctx.splittable, p.colsampleByTree, rng);
    const grown = growTree(ctx, features, p.colsampleByNode, rng);
    const { segments, tree } = grown;
    for (let s = 0; s < segments.length; s += 3) {
      const v = tree.value[segments[s]!]!;
      for (let k = segments[s + 1]!; k < segments[s + 2]!; k++) margin[ctx.order[k]!]! += v;
    }
    trees.push({ ...tree });
    if (valid === null) continue;
    updateValidation(valid, grown);
    if (valid.loss[t]! < valid.loss[best]!) best = t;
    if (p.earlyStoppingRounds !== null && t - best >= p.earlyStoppingRounds) break;
  }
  const kept = p.earlyStoppingRounds !== null ? best + 1 : trees.length;
  return {
    kind: 'gbt',
    schemaVersion: GBT_SCHEMA_VERSION,
    objective: 'binary:logistic',
    features: [...X.names],
    baseMargin: base,
    trees: trees.slice(0, kept),
    params: p,
    source: {
      kind: 'sightline',
      rows: n,
      weightSum: fit.weightSum,
      seed: opts.seed,
      validRows: valid === null ? null : valid.binned.n,
      validLoss: valid === null ? null : valid.loss,
      bestRound: valid === null ? null : best + 1,
    },
  };
}

function validation(
  X: Matrix,
  y: Uint8Array,
  opts: TreeFitOptions,
  binned: BinnedRows,
  base: number,
): Validation | null {
  if (opts.validRows === undefined) return null;
  const vf = checkFitInputs(X, y, { ...opts, rows: opts.validRows }, false);
  return {
    binned: binRows(X, binned.layout, vf.rows),
    y: vf.y,
    w: vf.w,
    margin: new Float64Array(vf.rows.length).fill(base),
    loss: [],
  };
}
