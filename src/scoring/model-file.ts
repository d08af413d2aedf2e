/**
 * The Sightline model file (`sightline-model`, schema version 1): one versioned JSON document that
 * holds everything needed to turn a county's records into what a screener would see — the fitted
 * model (with its feature names), the score scale with its cut points and reference population,
 * the household aggregation policy, the protocol rule set — and how it was trained (population,
 * label, window, split, folds, seed, data hash), so that every number can be traced and replayed.
 */
import { z } from 'zod';
import { SightlineError, type Matrix } from '../core/index.js';
import {
  ForestModel,
  GbtModel,
  LassoModel,
  predictForest,
  predictGbt,
  predictLasso,
} from '../models/index.js';
import { LABEL_NAMES } from '../features/index.js';
import { ScoreScale } from './scale.js';
import { ProtocolRules } from './protocol.js';
import { AGGREGATIONS, type Aggregation } from './household.js';

/** Version of the model-file layout; readers refuse other versions. */
export const MODEL_FILE_VERSION = 1;

/** A calendar date as training options and model files write it. */
export const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** How a model was trained: enough to re-run it and to say whom it describes. */
export const TrainingRecord = z.strictObject({
  population: z.enum(['screened_in', 'all']),
  label: z.enum(LABEL_NAMES),
  from: DATE,
  to: DATE,
  split: z.enum(['grouped', 'temporal']),
  testShare: z.number().gt(0).lt(1),
  folds: z.number().int().min(3),
  seed: z.number().int(),
  /** Temporal split: the first call date of the test set (null for a grouped split). */
  cutDate: DATE.nullable().default(null),
  rowsPopulation: z.number().int().min(0),
  rowsTrain: z.number().int().min(1),
  rowsTest: z.number().int().min(0),
  positivesTrain: z.number().int().min(0),
  positivesTest: z.number().int().min(0),
  leakage: z.string(),
  dataHash: z.string(),
});
export type TrainingRecord = z.infer<typeof TrainingRecord>;

/** The model file schema. */
export const ModelFile = z.strictObject({
  format: z.literal('sightline-model'),
  schemaVersion: z.literal(MODEL_FILE_VERSION),
  /** The fitted model: LASSO (or an imported logistic table), boosted trees, or a forest. */
  model: z.discriminatedUnion('kind', [LassoModel, GbtModel, ForestModel]),
  scale: ScoreScale,
  aggregation: z.enum(AGGREGATIONS as [Aggregation, ...Aggregation[]]),
  protocol: ProtocolRules,
  training: TrainingRecord.nullable(),
});
export type ModelFile = z.infer<typeof ModelFile>;

/**
 * Validates a parsed JSON value as a model file.
 * @throws SightlineError E_MODEL_FILE naming each field that does not match, and the fix.
 */
export function parseModelFile(value: unknown, source = 'model file'): ModelFile {
  const v = value as { format?: unknown; schemaVersion?: unknown } | null;
  if (v === null || typeof v !== 'object' || v.format !== 'sightline-model') {
    throw new SightlineError(
      'E_MODEL_FILE',
      `${source} is not a Sightline model file (no "format": "sightline-model"). Fix: give a file written by 'sightline train'.`,
    );
  }
  if (v.schemaVersion !== MODEL_FILE_VERSION) {
    throw new SightlineError(
      'E_MODEL_FILE',
      `${source} has schemaVersion ${String(v.schemaVersion)}; this Sightline reads version ${MODEL_FILE_VERSION}. Fix: retrain or convert the model.`,
    );
  }
  const parsed = ModelFile.safeParse(value);
  if (!parsed.success) {
    const text = parsed.error.issues.map(
      (i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`,
    );
    throw new SightlineError(
      'E_MODEL_FILE',
      `${source}: ${text.slice(0, 5).join('; ')}. Fix: re-export the model or correct these fields.`,
    );
  }
  return deepFreeze(parsed.data);
}

/** Frozen all the way down: a loaded model is never changed (and tree predictors cache on it). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** What kind of model a file holds, in a few words, and how many features it uses. */
export function modelSummary(model: ModelFile['model']): {
  kind: string;
  features: number;
  nonzero: number | null;
  text: string;
} {
  const features = model.features.length;
  if (model.kind === 'lasso') {
    const nonzero = model.coefficients.filter((b) => b !== 0).length;
    return { kind: 'lasso', features, nonzero, text: `${features} features (${nonzero} non-zero)` };
  }
  const what = model.kind === 'gbt' ? 'boosted trees' : 'random forest';
  return {
    kind: model.kind,
    features,
    nonzero: null,
    text: `${what}, ${model.trees.length} trees over ${features} features`,
  };
}

/** Serialises a model file (stable key order is the schema's; numbers round-trip exactly). */
export function formatModelFile(file: ModelFile): string {
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** Predicted probabilities of the file's model for `rows` of X (default all rows). */
export function predictModel(file: ModelFile, X: Matrix, rows?: Uint32Array): Float64Array {
  return predictAnyModel(file.model, X, rows);
}

/** Predicted probabilities of a fitted model of any kind for `rows` of X (default all rows). */
export function predictAnyModel(
  m: ModelFile['model'],
  X: Matrix,
  rows?: Uint32Array,
): Float64Array {
  if (m.kind === 'lasso') return predictLasso(m, X, rows);
  if (m.kind === 'gbt') return predictGbt(m, X, rows);
  return predictForest(m, X, rows);
}
