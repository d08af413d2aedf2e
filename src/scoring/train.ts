/**
 * Training as a design decision made explicit: which records (population, outcome window, call
 * window), which label, which split, which folds, which λ rule, which score scale and reference
 * population. Every selection and tuning step (features, λ, trees) runs inside the training rows
 * only. The test rows are predicted, and by default (`scaleReference: 'test'`, as Allegheny did)
 * the score scale's cut points are the test rows' predicted ventiles too: the model never sees a
 * test outcome, but measures of the scale on the test rows (e.g. the share at score ≥ 16, about
 * 25% by construction) are not held out from it; `scaleReference: 'train'` fits the scale on the
 * training rows instead. The result is a model file plus the rows it was judged on.
 */
import { z } from 'zod';
import { SightlineError, issue, parseDate, type Issue, type Matrix } from '../core/index.js';
import { DECISION } from '../contract/index.js';
import { LABEL_NAMES, type FeatureSet } from '../features/index.js';
import {
  checkLeakage,
  groupKFold,
  groupSplit,
  temporalHoldout,
  type LeakageReport,
  type Split,
} from '../split/index.js';
import type { CvLassoResult } from '../models/index.js';
import { fitChosenModel, ModelOptions } from './fit-model.js';
import { fitQuantileScale } from './scale.js';
import { PROTOCOL_PRESETS } from './protocol.js';
import { DATE, MODEL_FILE_VERSION, predictAnyModel, type ModelFile } from './model-file.js';

/**
 * Options of trainModel, with Allegheny's choices as defaults: screened-in records of calls
 * received 2010-04-01 up to (not including) 2014-08-01 whose two-year window has closed, label
 * placement within two years, a grouped 70/30 split, grouped 5-fold CV, λ by the one-standard-
 * error rule, ventiles cut on the test set's predictions, household maximum, protocol V2. The
 * model is a LASSO unless `model` says 'gbt' or 'forest' (fit-model.ts).
 */
export const TrainOptions = z.strictObject({
  population: z.enum(['screened_in', 'all']).default('screened_in'),
  label: z.enum(LABEL_NAMES).default('placement_2y'),
  from: DATE.default('2010-04-01'),
  to: DATE.default('2014-08-01'),
  split: z.enum(['grouped', 'temporal']).default('grouped'),
  testShare: z.number().gt(0).lt(1).default(0.3),
  /** Temporal split: calls on or after this date are the test set. */
  cutDate: DATE.nullable().default(null),
  folds: z.number().int().min(3).max(20).default(5),
  seed: z.number().int().default(1),
  bins: z.number().int().min(2).max(100).default(20),
  scaleReference: z.enum(['test', 'train']).default('test'),
  aggregation: z
    .enum(['individual', 'household_max', 'alleged_victim_max'])
    .default('household_max'),
  protocol: z.string().default('allegheny-v2'),
  ...ModelOptions.shape,
});

export type TrainOptions = z.infer<typeof TrainOptions>;
export type TrainOptionsInput = z.input<typeof TrainOptions>;

/** What trainModel returns: the file, the rows it used, and the fitting details. */
export interface TrainResult {
  readonly file: ModelFile;
  /** Population rows (matured, labelled, in the window), and the split of them. */
  readonly population: Uint32Array;
  readonly split: Split;
  /** Fold of each training row, aligned with split.train. */
  readonly folds: Int32Array;
  readonly y: Uint8Array;
  readonly leakage: LeakageReport;
  /** The LASSO's cross-validation (null for tree models). */
  readonly cv: CvLassoResult | null;
  /** Boosted trees: training rows held out for early stopping (empty for other kinds). */
  readonly validRows: Uint32Array;
  /** Predicted probability for every record (all rows of the matrix). */
  readonly probability: Float64Array;
  readonly issues: readonly Issue[];
}

/** Rows of the population (matured, labelled, in the window) and the 0/1 label of every row. */
export function populationRows(
  fs: FeatureSet,
  o: TrainOptions,
): { rows: Uint32Array; y: Uint8Array } {
  const from = parseDate(o.from);
  const to = parseDate(o.to);
  const label = fs.labels[o.label];
  const r = fs.records;
  const IN = DECISION.indexOf('in');
  const rows: number[] = [];
  const y = new Uint8Array(r.n);
  for (let i = 0; i < r.n; i++) {
    y[i] = label[i] === 1 ? 1 : 0;
    if (r.callDay[i]! < from || r.callDay[i]! >= to || label[i]! < 0) continue;
    if (o.population === 'screened_in' && r.decision[i] !== IN) continue;
    rows.push(i);
  }
  return { rows: Uint32Array.from(rows), y };
}

/** Parses options; E_USAGE naming the option and the fix. */
export function parseTrainOptions(input: TrainOptionsInput): TrainOptions {
  const parsed = TrainOptions.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new SightlineError(
      'E_USAGE',
      `invalid training option ${i.path.join('.')}: ${i.message}`,
    );
  }
  if (PROTOCOL_PRESETS[parsed.data.protocol] === undefined) {
    throw new SightlineError(
      'E_USAGE',
      `unknown protocol ${parsed.data.protocol}. Fix: one of ${Object.keys(PROTOCOL_PRESETS).join(', ')}`,
    );
  }
  // zod fills every default of a partial block it parses; keep only the fields the caller gave,
  // so that the blocks' own defaults (lassoParamsOf, TRAIN_GBT_DEFAULTS, ...) still apply.
  const given = <T extends object>(block: T, raw: object | undefined): T =>
    Object.fromEntries(Object.entries(block).filter(([k]) => raw !== undefined && k in raw)) as T;
  return {
    ...parsed.data,
    lasso: given(parsed.data.lasso, input.lasso),
    gbt: given(parsed.data.gbt, input.gbt),
    forest: given(parsed.data.forest, input.forest),
  };
}

function makeSplit(fs: FeatureSet, o: TrainOptions, rows: Uint32Array): Split {
  const keys = { household: fs.records.household, child: fs.records.child };
  if (o.split === 'grouped')
    return groupSplit(keys, { testShare: o.testShare, seed: o.seed, rows });
  if (o.cutDate === null) {
    throw new SightlineError(
      'E_USAGE',
      'a temporal split needs a cut date. Fix: give --cut-date YYYY-MM-DD',
    );
  }
  return temporalHoldout(fs.records.callDay, { cutDay: parseDate(o.cutDate), rows });
}

function positives(y: Uint8Array, rows: Uint32Array): number {
  let n = 0;
  for (const r of rows) n += y[r]!;
  return n;
}

/**
 * Trains a LASSO model on a feature set: population → split (leakage-checked) → grouped K-fold
 * CV on the training rows → λ by the rule → score scale on the reference rows → model file.
 * The CV runs on every core (cvLassoParallel); the result does not depend on how many.
 * @throws (as a rejection) SightlineError E_LEAKAGE when the split shares a child or referral;
 *   E_USAGE for options.
 */
export async function trainModel(
  fs: FeatureSet,
  input: TrainOptionsInput,
  dataHash: string,
): Promise<TrainResult> {
  const o = parseTrainOptions(input);
  const { rows, y } = populationRows(fs, o);
  if (rows.length < 50) {
    throw new SightlineError(
      'E_TRAIN_POPULATION',
      `only ${rows.length} matured ${o.population} records with a ${o.label} label between ${o.from} and ${o.to}. Fix: widen the window, choose another population, or use an extract with a later as_of.`,
    );
  }
  const split = makeSplit(fs, o, rows);
  const keys = { household: fs.records.household, child: fs.records.child };
  const leakage = checkLeakage(keys, split);
  const issues: Issue[] = [];
  if (!leakage.ok && o.split === 'grouped') throw new SightlineError('E_LEAKAGE', leakage.message);
  if (!leakage.ok) issues.push(issue('TRAIN_TEMPORAL_OVERLAP', 'info', leakage.message));
  const folds = groupKFold(keys, split.train, o.folds, o.seed);
  const fit = await fitChosenModel(o, {
    X: fs.matrix,
    y,
    keys,
    train: split.train,
    folds,
    seed: o.seed,
  });
  issues.push(...fit.issues);
  const probability = predictAnyModel(fit.model, fs.matrix);
  const ref = o.scaleReference === 'test' && split.test.length > 0 ? split.test : split.train;
  const scale = fitQuantileScale(probability, {
    bins: o.bins,
    rows: ref,
    population: {
      description: `${ref === split.test ? 'test' : 'training'} rows: ${o.population} records, calls ${o.from} to ${o.to}, label ${o.label}`,
      n: ref.length,
      dataHash,
    },
  });
  const file: ModelFile = {
    format: 'sightline-model',
    schemaVersion: MODEL_FILE_VERSION,
    model: fit.model,
    scale,
    aggregation: o.aggregation,
    protocol: PROTOCOL_PRESETS[o.protocol]!,
    training: {
      population: o.population,
      label: o.label,
      from: o.from,
      to: o.to,
      split: o.split,
      testShare: o.testShare,
      folds: o.folds,
      seed: o.seed,
      cutDate: o.split === 'temporal' ? o.cutDate : null,
      rowsPopulation: rows.length,
      rowsTrain: split.train.length,
      rowsTest: split.test.length,
      positivesTrain: positives(y, split.train),
      positivesTest: positives(y, split.test),
      leakage: leakage.message,
      dataHash,
    },
  };
  return {
    file,
    population: rows,
    split,
    folds,
    y,
    leakage,
    cv: fit.cv,
    validRows: fit.validRows,
    probability,
    issues,
  };
}

/** The matrix restricted to some columns (by name), sharing the column arrays. */
export function selectColumns(X: Matrix, names: readonly string[]): Matrix {
  const at = new Map(X.names.map((n, j) => [n, j]));
  return { nRows: X.nRows, names: [...names], columns: names.map((n) => X.columns[at.get(n)!]!) };
}
