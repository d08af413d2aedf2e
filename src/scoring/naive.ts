/**
 * The Allegheny validation mistakes, replayed on purpose so a report can show what they would have
 * claimed (DOMAIN.md §2): a random 70/30 split of *records* (the same child and siblings on one
 * referral land on both sides) and feature selection on *all* data before the split. Never used
 * to pick a model; only to measure how much the mistakes inflate the reported AUC.
 */
import { createRng } from '../core/index.js';
import type { FeatureSet } from '../features/index.js';
import { checkLeakage, type LeakageReport, type Split } from '../split/index.js';
import { cvLassoParallel, predictLasso } from '../models/index.js';
import { lassoParamsOf } from './fit-model.js';
import {
  parseTrainOptions,
  populationRows,
  selectColumns,
  type TrainOptionsInput,
} from './train.js';

/** What the naive procedure reports: its test rows and predictions, and how much it leaked. */
export interface NaiveResult {
  readonly split: Split;
  readonly y: Uint8Array;
  /** Predicted probability for each row of split.test, in that order. */
  readonly probability: Float64Array;
  /** Features kept by the selection on all data. */
  readonly selected: number;
  readonly leakage: LeakageReport;
}

/** A seeded random fold number (0..k−1) per row: record-level, ignoring children and referrals. */
function randomFolds(n: number, k: number, seed: number): Int32Array {
  const rng = createRng(seed).fork('naive-folds');
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const fold = new Int32Array(n);
  order.forEach((row, pos) => (fold[row] = pos % k));
  return fold;
}

/**
 * Runs the naive validation with the same population, label, folds count and λ rule as training.
 * @example const naive = await naiveValidation(fs, { seed: 1 }); auc(naive.y, naive.probability, ...)
 */
export async function naiveValidation(
  fs: FeatureSet,
  input: TrainOptionsInput,
): Promise<NaiveResult> {
  const o = parseTrainOptions(input);
  const { rows, y } = populationRows(fs, o);
  const side = randomFolds(rows.length, 10, o.seed);
  const testShare10 = Math.round(o.testShare * 10);
  const train: number[] = [];
  const test: number[] = [];
  rows.forEach((r, i) => (side[i]! < testShare10 ? test : train).push(r));
  const split = { train: Uint32Array.from(train), test: Uint32Array.from(test) };
  // Mistake 2: features selected by a LASSO fitted on every record, test rows included.
  const all = await cvLassoParallel(
    fs.matrix,
    y,
    lassoParamsOf(o),
    randomFolds(rows.length, o.folds, o.seed + 1),
    {
      rows,
    },
  );
  const selected = all.model.features.filter((_, j) => all.model.coefficients[j] !== 0);
  const X = selectColumns(fs.matrix, selected.length > 0 ? selected : all.model.features);
  // Mistake 1: the model is fitted on a record-level split, siblings and repeat children across it.
  const fit = await cvLassoParallel(
    X,
    y,
    lassoParamsOf(o),
    randomFolds(split.train.length, o.folds, o.seed + 2),
    {
      rows: split.train,
    },
  );
  const probability = predictLasso(fit.model, X, split.test);
  const leakage = checkLeakage({ household: fs.records.household, child: fs.records.child }, split);
  return { split, y, probability, selected: selected.length, leakage };
}
