/**
 * Retraining with the identical procedure: the base LASSO's own CV parameters (stored in its
 * file: λ path length and end, threshold, loss, λ rule), the same training rows and the same
 * grouped folds, on a subset of its features (an ablation) or with other folds (another seed).
 * The fits run on the population rows only — a copy of those rows of the matrix, made once and
 * shared by every refit — which gives bit-for-bit the fit on the full matrix (the rows keep their
 * order; a test checks that refitting every feature reproduces the base model exactly).
 */
import { SightlineError, selectRows, type Matrix } from '../../core/index.js';
import {
  cvLassoParallel,
  fitLassoPath,
  predictLasso,
  type CvLassoParams,
  type CvLassoResult,
  type LassoModel,
  type LassoPath,
  type ParallelOptions,
} from '../../models/index.js';
import { selectColumns } from '../../scoring/index.js';
import type { PolicyContext } from './context.js';

/** The rows and parameters every refit shares. */
export interface RefitData {
  /** The population rows × the base model's features. */
  readonly X: Matrix;
  /** The training label of each population row. */
  readonly y: Uint8Array;
  /** Training rows, as positions in X. */
  readonly train: Uint32Array;
  /** Matrix row (record) of each row of X. */
  readonly population: Uint32Array;
  readonly params: CvLassoParams;
  readonly base: LassoModel;
}

/**
 * The shared refit data of a context.
 * @throws SightlineError E_POLICY_REFIT when the model is not a cross-validated LASSO or its
 *   training split was not replayed.
 */
export function refitData(ctx: PolicyContext): RefitData {
  const m = ctx.file.model;
  if (m.kind !== 'lasso' || m.params === null || m.source.kind !== 'cv-lasso') {
    throw new SightlineError(
      'E_POLICY_REFIT',
      `retraining needs a cross-validated LASSO with its parameters; the model is ${m.kind === 'lasso' ? 'an imported coefficient table' : `a ${m.kind} model`}. Fix: ablate a model trained by sightline train (LASSO).`,
    );
  }
  if (!ctx.replayed || ctx.folds === null) {
    throw new SightlineError(
      'E_POLICY_REFIT',
      "retraining needs the model's own training rows and folds, which could not be replayed on this extract. Fix: give the extract the model was trained on (its data hash is in the model file).",
    );
  }
  const label = ctx.fs.labels[ctx.file.training!.label];
  const pos = new Int32Array(ctx.fs.records.n).fill(-1);
  ctx.population.forEach((r, k) => (pos[r] = k));
  const train = Uint32Array.from(ctx.split.train, (r) => pos[r]!);
  return {
    X: selectRows(selectColumns(ctx.fs.matrix, m.features), ctx.population),
    y: Uint8Array.from(ctx.population, (r) => (label[r] === 1 ? 1 : 0)),
    train,
    population: ctx.population,
    params: m.params,
    base: m,
  };
}

/** A refitted model: its CV (path, curve, model) and its probability for every record. */
export interface Refit {
  readonly features: readonly string[];
  readonly cv: CvLassoResult;
  /** Probability for every record (NaN outside the population). */
  readonly probability: Float64Array;
}

/** A LASSO model's probability for every record, from its predictions on the population rows. */
export function populationProbability(
  d: RefitData,
  model: LassoModel,
  nRecords: number,
): Float64Array {
  const p = predictLasso(model, d.X);
  const out = new Float64Array(nRecords).fill(NaN);
  d.population.forEach((r, k) => (out[r] = p[k]!));
  return out;
}

/**
 * Cross-validates the LASSO on `keep` (a subset of the base features, in base order) with the
 * base parameters and the given folds (aligned with the training rows).
 * @example const r = await refit(ctx, d, keptFeatures, ctx.folds!);
 */
export async function refit(
  ctx: PolicyContext,
  d: RefitData,
  keep: readonly string[],
  folds: Int32Array,
  parallel: ParallelOptions = {},
): Promise<Refit> {
  const X = selectColumns(d.X, keep);
  const cv = await cvLassoParallel(X, d.y, d.params, folds, { rows: d.train, ...parallel });
  return {
    features: keep,
    cv,
    probability: populationProbability(d, cv.model, ctx.fs.records.n),
  };
}

/** The base model's full-data λ path, refitted (the same path its CV fitted; no folds needed). */
export function basePath(d: RefitData): LassoPath {
  return fitLassoPath(d.X, d.y, d.params, { rows: d.train });
}

/** The model at entry `m` of a path, as a LassoModel for prediction (CV fields left empty). */
export function pathModel(path: LassoPath, m: number, rows: number): LassoModel {
  return {
    kind: 'lasso',
    schemaVersion: 1,
    link: 'logit',
    features: [...path.features],
    intercept: path.intercepts[m]!,
    coefficients: Array.from(path.coefficients[m]!),
    lambda: path.lambdas[m]!,
    lambdaMin: null,
    lambdaOneSe: null,
    rule: null,
    cv: null,
    params: null,
    source: { kind: 'cv-lasso', rows, weightSum: path.weightSum },
  };
}

/** One retraining of a batch: the kept features, the folds, and what progress reports. */
export interface RefitJob {
  readonly keep: readonly string[];
  readonly folds: Int32Array;
  readonly label: string;
}

/**
 * Runs `jobs` with `concurrency` retrainings in flight. With more than one, each CV runs on
 * `threads` worker threads and leaves the calling thread free (cvLassoParallel's `callerWorks:
 * false`), so one retraining's single-threaded steps (setting up, combining the folds) and the
 * idle end of its last path overlap another's paths; `during` runs on the calling thread once
 * the first retrainings have started, and `onDone(k, refit)` as soon as job k is done, while the
 * others go on. cvLassoParallel's result does not depend on threads or order, so neither does
 * this one: results come back in job order.
 */
export async function refitAll<T>(
  ctx: PolicyContext,
  d: RefitData,
  jobs: readonly RefitJob[],
  o: {
    readonly concurrency: number;
    readonly threads?: number;
    readonly progress: (m: string) => void;
  },
  during: () => T,
  onDone: (k: number, r: Refit) => void = () => undefined,
): Promise<{ refits: Refit[]; during: T }> {
  const refits = new Array<Refit>(jobs.length);
  const parallel: ParallelOptions =
    o.concurrency > 1
      ? { callerWorks: false, threads: o.threads ?? 2 }
      : o.threads === undefined
        ? {}
        : { threads: o.threads };
  let next = 0;
  const runner = async () => {
    while (next < jobs.length) {
      const k = next++;
      o.progress(jobs[k]!.label);
      refits[k] = await refit(ctx, d, jobs[k]!.keep, jobs[k]!.folds, parallel);
      onDone(k, refits[k]!);
    }
  };
  const runners = Array.from({ length: Math.min(o.concurrency, jobs.length) }, runner);
  const extra = during();
  await Promise.all(runners);
  return { refits, during: extra };
}
