/**
 * models — the sixth layer (after core, contract, synth, features, split; before scoring): model
 * fitting on a feature Matrix, model files, and import of externally trained models. Imports
 * only core.
 *
 * Contract:
 * - Inputs are a `Matrix` (sparse or dense columns), labels `Uint8Array` of 0/1, optional case
 *   weights by matrix row, and row subsets as `Uint32Array` indices; inputs are never mutated.
 *   Every fitted transform (standardisation, constant-column screening) is computed here, on the
 *   fitting rows only, so nothing learnt from test rows can reach a model.
 * - Folds come from the caller (split's grouped K-fold); this layer never draws them.
 * - The LASSO is glmnet's binomial path and cv.glmnet's cross-validation, number for number
 *   (checked against R on test/fixtures/glmnet): λ sequence, coordinate descent with strong
 *   rules and KKT checks, cvm/cvsd, λ_min and the one-standard-error λ_1se (DOMAIN.md §5).
 * - `cvLassoParallel` spreads the K fold paths and the full-data path over worker threads and
 *   returns cvLasso's result bit for bit.
 * - A fitted model is plain JSON (`LassoModel`: kind, schemaVersion, feature names, intercept,
 *   coefficients on the original scale, λs, CV curve, parameters) that holds no training rows,
 *   validates with its zod schema, and round-trips exactly through JSON.
 * - Errors are SightlineErrors with stable codes (`MODEL_ERRORS`); warnings are returned as
 *   `issues` (`MODEL_WARNINGS`), never printed.
 *
 * @example
 * const { model, cv } = cvLasso(X, y, {}, groupKFold(keys, train, 5, seed), { rows: train });
 * const p = predictLasso(model, X, test);
 */
export { LassoParams, CvLassoParams } from './lasso-params.js';
export type { LassoParamsInput, CvLassoParamsInput } from './lasso-params.js';
export { fitLassoPath, parseLassoParams } from './lasso-path.js';
export type { FitOptions, LassoPath } from './lasso-path.js';
export { cvLasso } from './lasso-cv.js';
export type { CvCurve, CvLassoResult } from './lasso-cv.js';
export { cvLassoParallel, PARALLEL_CV_MIN_ROWS } from './cv-parallel.js';
export type { ParallelOptions } from './cv-parallel.js';
export type { Fold } from './cv-folds.js';
export { chooseLambda, cvStats, lambdaInterp } from './cv-stats.js';
export type { CvStats, LambdaChoice, LambdaPosition } from './cv-stats.js';
export {
  LASSO_SCHEMA_VERSION,
  LassoModel,
  LassoCvCurve,
  parseLassoModel,
  predictLasso,
} from './lasso-model.js';
export { importCoefficientTable, logisticModel } from './coefficient-table.js';
export { MODEL_ERRORS, MODEL_WARNINGS } from './messages.js';
export { GbtParams, parseGbtParams } from './gbt-params.js';
export type { GbtParamsInput } from './gbt-params.js';
export { fitGbt } from './gbt-fit.js';
export type { TreeFitOptions } from './gbt-fit.js';
export { fitGbtParallel, PARALLEL_GBT_MIN_WORK } from './gbt-parallel.js';
export type { GbtFitOptions } from './gbt-parallel.js';
export {
  GBT_SCHEMA_VERSION,
  GbtModel,
  parseGbtModel,
  predictGbt,
  predictGbtMargin,
} from './gbt-model.js';
export { ForestParams, parseForestParams } from './forest-params.js';
export type { ForestParamsInput } from './forest-params.js';
export { fitForest } from './forest-fit.js';
export { fitForestParallel, PARALLEL_FOREST_MIN_ROWS } from './forest-parallel.js';
export {
  FOREST_SCHEMA_VERSION,
  ForestModel,
  parseForestModel,
  predictForest,
} from './forest-model.js';
export { TreeArrays } from './tree-model.js';
export { GENERATED_MIN_ROWS, PARALLEL_MIN_ROWS } from './tree-ensemble.js';
export type { SumOptions } from './tree-ensemble.js';
export { closeScoringWorkers } from './tree-score-parallel.js';
export { treeShap, treeExpectation } from './treeshap.js';
export type { TreeShapResult } from './treeshap.js';
export { importXgboostJson, float32Threshold } from './xgboost-import.js';
export { MAX_BINS, fitBins } from './binning.js';
export type { BinLayout } from './binning.js';
export { TREE_ERRORS } from './tree-messages.js';
