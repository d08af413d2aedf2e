/**
 * Every error message of the models layer, in one place (STYLE.md rule 9): each says what went
 * wrong, where, what was found and how to fix it, under a stable code that tests match on.
 */
import { SightlineError } from '../core/index.js';

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
