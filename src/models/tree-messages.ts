/**
 * Error messages of the tree models (boosted trees, random forest, XGBoost import), in one place
 * (STYLE.md rule 9). Codes are the models layer's (`MODEL_ERRORS` in messages.ts) plus
 * `E_MODEL_XGBOOST` for an XGBoost file this importer does not support; each message says what,
 * where, what was found and how to fix it.
 */
import { SightlineError } from '../core/index.js';

/** Stable codes of the tree-model errors. */
export const TREE_ERRORS = {
  /** A label is not 0 or 1. */
  label: 'E_MODEL_LABEL',
  /** Only one class (or no weight) among the fitting rows. */
  oneClass: 'E_MODEL_ONE_CLASS',
  /** Row indices out of range, repeated or empty. */
  rows: 'E_MODEL_ROWS',
  /** Weights negative, non-finite, of the wrong length or all zero. */
  weights: 'E_MODEL_WEIGHTS',
  /** A model's feature is missing from the matrix it is applied to. */
  feature: 'E_MODEL_FEATURE',
  /** A model file does not match its schema. */
  file: 'E_MODEL_FILE',
  /** Parameters outside their schema. */
  params: 'E_MODEL_PARAMS',
  /** An XGBoost model uses something the importer does not support. */
  xgboost: 'E_MODEL_XGBOOST',
} as const;

/** E_MODEL_LABEL: a label that is not 0 or 1. */
export function treeLabelError(row: number, value: number): SightlineError {
  return new SightlineError(
    TREE_ERRORS.label,
    `y at row ${row} is ${value}; labels must be 0 or 1 — recode the outcome before fitting`,
    { row, value },
  );
}

/** E_MODEL_ONE_CLASS: one class has no weight among the fitting rows. */
export function treeOneClassError(positive: number, negative: number): SightlineError {
  return new SightlineError(
    TREE_ERRORS.oneClass,
    `the fitting rows have positive weight ${positive} and negative weight ${negative}; a tree ` +
      `model needs both classes — widen the rows or check the outcome definition`,
    { positive, negative },
  );
}

/** E_MODEL_ROWS: row indices out of range, repeated or empty. */
export function treeRowsError(detail: string): SightlineError {
  return new SightlineError(TREE_ERRORS.rows, `invalid rows: ${detail}`, { detail });
}

/** E_MODEL_WEIGHTS: weights of the wrong length, negative or not finite. */
export function treeWeightsError(detail: string): SightlineError {
  return new SightlineError(TREE_ERRORS.weights, `invalid weights: ${detail}`, { detail });
}

/** E_MODEL_FEATURE: a feature the model splits on is not a column of the matrix. */
export function treeFeatureError(name: string): SightlineError {
  return new SightlineError(
    TREE_ERRORS.feature,
    `model feature ${name} is not a column of the matrix; build the matrix with the model's ` +
      `feature catalog`,
    { column: name },
  );
}

/** Schema failures of a tree model file, one `path: message` per field. */
export function treeFileError(kind: string, issues: readonly string[]): SightlineError {
  return new SightlineError(
    TREE_ERRORS.file,
    `invalid ${kind} model: ${issues.slice(0, 10).join('; ')} — re-export the model or fix ` +
      `these fields`,
    { issues },
  );
}

/** E_MODEL_PARAMS: parameters outside their schema (`schema` names it). */
export function treeParamsError(
  schema: string,
  issues: readonly { path: PropertyKey[]; message: string }[],
): SightlineError {
  const text = issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return new SightlineError(
    TREE_ERRORS.params,
    `invalid model parameters: ${text.join('; ')} — see ${schema} for each field's range`,
    { issues: text },
  );
}

/** E_MODEL_XGBOOST: an XGBoost model using something the importer does not support. */
export function xgboostError(what: string, fix: string): SightlineError {
  return new SightlineError(
    TREE_ERRORS.xgboost,
    `unsupported XGBoost model: ${what}. Fix: ${fix}`,
    {
      detail: what,
    },
  );
}

/** E_MODEL_FILE: a field of an XGBoost JSON file missing or of the wrong type. */
export function xgboostFileError(path: string, found: string): SightlineError {
  return new SightlineError(
    TREE_ERRORS.file,
    `invalid XGBoost model JSON: ${path} is ${found}. Fix: give the file written by XGBoost's ` +
      `Booster.save_model("model.json") (the JSON format, not the binary or the dump)`,
    { path, found },
  );
}
