/**
 * Every error message of the models layer, in one place (STYLE.md rule 9): each says what went
 * wrong, where, what was found and how to fix it, under a stable code that tests match on.
 */
import { SightlineError, issue } from '../core/index.js';
import type { Issue } from '../core/index.js';

/** Stable error codes of the models layer. */
export const MODEL_ERRORS = {
  /** A label is not 0 or 1. */
  label: 'E_MODEL_LABEL',
  /** Fewer than two rows of one class among the fitting rows. */
  oneClass: 'E_MODEL_ONE_CLASS',
  /** NaN or ±Infinity in a feature column among the fitting rows. */
  nonFinite: 'E_MODEL_NONFINITE',
  /** Row indices out of range, repeated or empty. */
  rows: 'E_MODEL_ROWS',
  /** Weights negative, non-finite, of the wrong length or all zero. */
  weights: 'E_MODEL_WEIGHTS',
  /** Fold assignment of the wrong length, out of range, or with fewer than 3 folds. */
  folds: 'E_MODEL_FOLDS',
  /** A model's feature is missing from the matrix it is applied to. */
  feature: 'E_MODEL_FEATURE',
  /** A model file does not match the model schema. */
  file: 'E_MODEL_FILE',
  /** Model parameters outside their schema. */
  params: 'E_MODEL_PARAMS',
  /** A coefficient table (CSV) has a bad header or bad rows. */
  coefficientTable: 'E_MODEL_COEF_TABLE',
  /** A worker thread of cvLassoParallel ended without the paths it took on. */
  worker: 'E_MODEL_WORKER',
} as const;

export function labelError(row: number, value: number): SightlineError {
  return new SightlineError(
    MODEL_ERRORS.label,
    `y at row ${row} is ${value}; labels must be 0 or 1 — recode the outcome before fitting`,
    { row, value },
  );
}

export function oneClassError(n0: number, n1: number): SightlineError {
  return new SightlineError(
    MODEL_ERRORS.oneClass,
    `the fitting rows have ${n1} positive and ${n0} negative labels; a logistic fit needs at ` +
      `least 2 of each class — widen the rows or check the outcome definition`,
    { positives: n1, negatives: n0 },
  );
}

export function nonFiniteError(column: string, row: number, value: number): SightlineError {
  return new SightlineError(
    MODEL_ERRORS.nonFinite,
    `column ${column} is ${value} at row ${row}; LASSO needs finite features — impute or add a ` +
      `missingness indicator in the feature layer`,
    { column, row, value },
  );
}

export function rowsError(detail: string): SightlineError {
  return new SightlineError(MODEL_ERRORS.rows, `invalid rows: ${detail}`, { detail });
}

export function weightsError(detail: string): SightlineError {
  return new SightlineError(MODEL_ERRORS.weights, `invalid weights: ${detail}`, { detail });
}

export function foldsError(detail: string): SightlineError {
  return new SightlineError(MODEL_ERRORS.folds, `invalid folds: ${detail}`, { detail });
}

export function featureError(name: string): SightlineError {
  return new SightlineError(
    MODEL_ERRORS.feature,
    `model feature ${name} is not a column of the matrix; build the matrix with the model's ` +
      `feature catalog`,
    { column: name },
  );
}

export function fileError(detail: string): SightlineError {
  return new SightlineError(MODEL_ERRORS.file, `invalid lasso model: ${detail}`, { detail });
}

export function workerError(task: number, detail: string): SightlineError {
  const what = task === 0 ? 'the full-data path' : `the path of fold ${task - 1}`;
  return new SightlineError(
    MODEL_ERRORS.worker,
    `a cross-validation worker thread ended without ${what}: ${detail} — rerun with ` +
      `threads: 1 to fit on the calling thread`,
    { task, detail },
  );
}

/** Codes of the warnings (returned as issues, never thrown) of the models layer. */
export const MODEL_WARNINGS = {
  /** Coordinate descent reached `maxPasses`; the path stops before that λ. */
  maxPasses: 'W_MODEL_MAX_PASSES',
  /** The fitted probabilities saturated at 0/1 (the classes are separable); the path stops. */
  saturated: 'W_MODEL_SATURATED',
  /** The deviance ratio passed `devmax`: the classes are (nearly) separable; the path stops. */
  separable: 'W_MODEL_SEPARABLE',
  /** Columns constant over the fitting rows were left out (coefficient 0). */
  constant: 'W_MODEL_CONSTANT_COLUMNS',
  /** Too few rows per fold for AUC; cross-validation used deviance instead (as cv.glmnet). */
  aucFallback: 'W_MODEL_AUC_FALLBACK',
} as const;

export function maxPassesIssue(lambda: number, maxPasses: number, fitted: number): Issue {
  return issue(
    MODEL_WARNINGS.maxPasses,
    'warning',
    `coordinate descent did not converge at λ = ${lambda.toPrecision(4)} within ` +
      `maxPasses = ${maxPasses}; the path holds the ${fitted} larger λ values — raise ` +
      `maxPasses or loosen thresh`,
    { value: String(lambda) },
  );
}

export function saturatedIssue(lambda: number): Issue {
  return issue(
    MODEL_WARNINGS.saturated,
    'warning',
    `fitted probabilities reached 0 or 1 at λ = ${lambda.toPrecision(4)} (the classes are ` +
      `separable by the features); the path stops there — check for a feature that encodes ` +
      `the outcome`,
    { value: String(lambda) },
  );
}

export function separableIssue(lambda: number, devRatio: number, devmax: number): Issue {
  return issue(
    MODEL_WARNINGS.separable,
    'warning',
    `the fit explains ${devRatio.toFixed(4)} of the null deviance at ` +
      `λ = ${lambda.toPrecision(4)}, beyond devmax = ${devmax}: the classes are nearly ` +
      `separable by the features; the path stops there — check for a feature that encodes ` +
      `the outcome`,
    { value: String(devRatio) },
  );
}

export function constantColumnsIssue(names: readonly string[]): Issue {
  const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? ', …' : '');
  return issue(
    MODEL_WARNINGS.constant,
    'info',
    `${names.length} column(s) are constant over the fitting rows and were left out ` +
      `(coefficient 0): ${shown}`,
    { value: String(names.length) },
  );
}

export function aucFallbackIssue(rows: number, folds: number): Issue {
  return issue(
    MODEL_WARNINGS.aucFallback,
    'warning',
    `${rows} rows in ${folds} folds is fewer than 10 per fold, too few for AUC; ` +
      `cross-validation used deviance instead — use fewer folds`,
  );
}

/**
 * One problem of a coefficient table, as an issue (collected into coefficientTableError); `line`
 * is 1-based, or undefined for a problem of the whole table.
 */
export function coefficientLineIssue(
  line: number | undefined,
  value: string,
  problem: string,
): Issue {
  const where = line === undefined ? 'table' : `line ${line}`;
  return issue(
    MODEL_ERRORS.coefficientTable,
    'error',
    `${where}: ${problem}`,
    line === undefined ? { value } : { row: line, value },
  );
}

export function coefficientTableError(issues: readonly Issue[]): SightlineError {
  const shown = issues
    .slice(0, 10)
    .map((i) => i.message)
    .join('; ');
  const more = issues.length > 10 ? `; and ${issues.length - 10} more` : '';
  return new SightlineError(
    MODEL_ERRORS.coefficientTable,
    `invalid coefficient table: ${shown}${more}. Fix: the table is CSV with the header ` +
      `feature,coefficient, one row per feature with a finite number, and one (Intercept) row`,
    { issues },
  );
}

export function paramsError(
  issues: readonly { path: PropertyKey[]; message: string }[],
): SightlineError {
  const text = issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return new SightlineError(
    MODEL_ERRORS.params,
    `invalid model parameters: ${text.join('; ')} — see LassoParams for each field's range`,
    { issues: text },
  );
}
