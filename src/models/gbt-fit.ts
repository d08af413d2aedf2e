/**
 * `fitGbt`: histogram gradient-boosted trees for a binary outcome with XGBoost's second-order
 * log-loss objective. Per round: g = w·(p − y), h = w·max(p(1 − p), 1e-16) at the current margin;
 * one tree grown on the binned fitting rows (gbt-grow.ts); leaf values −T_α(G)/(H + λ) times the
 * learning rate added to the margins. Deterministic for a seed: every random draw (row and
 * feature sampling) comes from one seeded stream, ties are broken by index, and histograms are
 * summed in a fixed order. This file fits on the calling thread; fitGbtParallel
 * (gbt-parallel.ts) shares each tree's histograms and split searches with a worker thread and
 * gives the same model bit for bit.
 */
import { createRng } from '../core/index.js';
import type { Matrix, Rng } from '../core/index.js';
import { binAt, binRows, fitBinRows } from './binning-rows.js';
import type { BinnedColumns, BinnedRows } from './binning-rows.js';
import { GBT_SCHEMA_VERSION, type GbtModel } from './gbt-model.js';
import { parseGbtParams, type GbtParams, type GbtParamsInput } from './gbt-params.js';
import { sequentialEngine, type GrowEngine, type RowSteps } from './gbt-engine.js';
import { setGradient } from './gbt-rows.js';
import { growTree, sampleFeatures, type GrowContext, type GrownTree } from './gbt-grow.js';
import { splittableFeatures } from './tree-hist.js';
import { partitionScratch } from './tree-partition.js';
import { GBT, type Criterion } from './tree-split.js';
import { treeParamsError } from './tree-messages.js';
import { checkFitInputs, logLoss, type FitInputs } from './tree-fit-inputs.js';
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
    setGradient(i, margin, y, w, grad, hess);
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

/** The buffers a fit's trees grow from, and the engine reading them. */
export interface BoostSpace {
  readonly splittable: Int32Array;
  readonly criterion: Criterion;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly order: Uint32Array;
  /** GrowContext.masks. */
  readonly masks: readonly [Uint8Array, Uint8Array];
  readonly engine: GrowEngine;
  /** The per-row steps on several threads (else run here, inline). */
  readonly rows?: RowSteps;
}

/** The split criterion of a fit's parameters. */
export function gbtCriterion(p: GbtParams): Criterion {
  return {
    kind: GBT,
    lambda: p.lambda,
    alpha: p.alpha,
    minChildWeight: p.minChildWeight,
    minGain: Math.max(p.gamma, 1e-6),
  };
}

/** Parsed parameters and checked inputs of a fit (everything before binning). */
export interface GbtSetup {
  readonly p: GbtParams;
  readonly fit: FitInputs;
}

/**
 * Parses the parameters and checks the inputs of a fit.
 * @throws SightlineError as fitGbt.
 */
export function setupGbt(
  params: GbtParamsInput,
  X: Matrix,
  y: Uint8Array,
  opts: TreeFitOptions,
): GbtSetup {
  const p = parseGbtParams(params);
  if (p.earlyStoppingRounds !== null && opts.validRows === undefined) {
    throw treeParamsError('GbtParams', [
      {
        path: ['earlyStoppingRounds'],
        message: 'early stopping needs validRows in the fit options',
      },
    ]);
  }
  return { p, fit: checkFitInputs(X, y, opts) };
}

/** The single-threaded BoostSpace of a fit's binned rows. */
export function sequentialSpace(binned: BinnedRows, p: GbtParams): BoostSpace {
  const splittable = splittableFeatures(binned.layout);
  const criterion = gbtCriterion(p);
  const { engine, grad, hess, order, masks } = sequentialEngine(binned, splittable, criterion);
  return { splittable, criterion, grad, hess, order, masks, engine };
}

/**
 * Fits boosted trees (see GbtParams for every parameter) on the calling thread and returns the
 * model file.
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
  const s = setupGbt(params, X, y, opts);
  const binned = fitBinRows(X, s.fit.rows, s.p.maxBins);
  return boost(s, X, y, opts, binned, sequentialSpace(binned, s.p));
}

/** Grows the trees of a set-up fit on its binned rows in `space`. */
export function boost(
  s: GbtSetup,
  X: Matrix,
  y: Uint8Array,
  opts: TreeFitOptions,
  binned: BinnedColumns,
  space: BoostSpace,
): GbtModel {
  const { p, fit } = s;
  const n = binned.n;
  const prior = p.baseScore ?? fit.positiveWeight / fit.weightSum;
  const base = Math.log(prior / (1 - prior));
  const margin = space.rows?.margin ?? new Float64Array(n);
  margin.fill(base);
  const ctx: GrowContext = {
    binned,
    grad: space.grad,
    hess: space.hess,
    order: space.order,
    scratch: partitionScratch(n),
    engine: space.engine,
    criterion: space.criterion,
    policy: p.growPolicy,
    maxLeaves: p.maxLeaves,
    maxDepth: p.maxDepth,
    learningRate: p.learningRate,
    splittable: space.splittable,
    masks: space.masks,
    pool: [],
  };
  const valid = validation(X, y, opts, binned, base);
  const rng = createRng(opts.seed).fork('gbt');
  const trees: TreeArrays[] = [];
  let best = 0;
  for (let t = 0; t < p.rounds; t++) {
    // (Subsampling draws a number per row in row order: that stays here.)
    if (space.rows !== undefined && p.subsample >= 1) space.rows.gradients();
    else gradients(ctx, margin, fit.y, fit.w, p, rng);
    const features = sampleFeatures(ctx.splittable, p.colsampleByTree, rng);
    const grown = growTree(ctx, features, p.colsampleByNode, rng);
    const { segments, tree } = grown;
    if (space.rows !== undefined) space.rows.addLeaves(segments, tree.value);
    else
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
  return deepFreeze({
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
  });
}

function validation(
  X: Matrix,
  y: Uint8Array,
  opts: TreeFitOptions,
  binned: BinnedColumns,
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
