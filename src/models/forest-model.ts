/**
 * The random-forest model file (`kind: 'forest'`): feature names, the trees as flat arrays
 * (tree-model.ts; leaf values are weighted shares of positives, covers weighted row counts), the
 * parameters and the fit's provenance. The predicted probability of a row is the mean of its
 * leaves' values over the trees, summed in tree order. Round-trips exactly through JSON.
 */
import { z } from 'zod';
import type { Matrix } from '../core/index.js';
import { ForestParams } from './forest-params.js';
import { treeFileError } from './tree-messages.js';
import { TreeArrays, deepFreeze, refineTrees } from './tree-model.js';
import { ensembleSums, type SumOptions } from './tree-ensemble.js';

/** Version of the forest model layout; a reader refuses other versions. */
export const FOREST_SCHEMA_VERSION = 1;

/** Schema of a forest model file (tree structure and unique feature names are checked too). */
export const ForestModel = z
  .strictObject({
    kind: z.literal('forest'),
    schemaVersion: z.literal(FOREST_SCHEMA_VERSION),
    features: z.array(z.string().min(1)),
    trees: z.array(TreeArrays).min(1),
    params: ForestParams,
    source: z.strictObject({
      kind: z.literal('sightline'),
      rows: z.number().int().min(1),
      weightSum: z.number().positive(),
      seed: z.number().int(),
    }),
  })
  .superRefine(refineTrees);
/** A random-forest model, as loaded. */
export type ForestModel = z.infer<typeof ForestModel>;

/**
 * Validates a parsed JSON value as a forest model and returns it frozen.
 * @throws SightlineError E_MODEL_FILE listing each field that does not match the schema.
 */
export function parseForestModel(value: unknown): ForestModel {
  const parsed = ForestModel.safeParse(value);
  if (!parsed.success) {
    throw treeFileError(
      'forest',
      parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`),
    );
  }
  return deepFreeze(parsed.data);
}

/**
 * Predicted probabilities (mean leaf value over the trees) for `rows` of X (default all rows),
 * in the order of `rows`. NaN goes to each split's default side.
 * @throws SightlineError E_MODEL_FEATURE naming a missing feature; E_MODEL_ROWS for bad rows.
 * @example const p = predictForest(model, X, split.test);
 */
export function predictForest(
  model: ForestModel,
  X: Matrix,
  rows?: Uint32Array,
  opts: SumOptions = {},
): Float64Array {
  const s = ensembleSums(model, X, rows, 0, opts);
  const T = model.trees.length;
  for (let i = 0; i < s.length; i++) s[i] = s[i]! / T;
  return s;
}
