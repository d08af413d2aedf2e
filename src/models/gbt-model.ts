/**
 * The boosted-trees model file (`kind: 'gbt'`): feature names, the base margin (log-odds every
 * prediction starts from), the trees as flat arrays (tree-model.ts), the parameters and where the
 * model came from (a Sightline fit, or an imported XGBoost JSON file). The margin of a row is
 * baseMargin + Σ_trees leaf value, summed in tree order; the probability is logistic(margin).
 * The file holds no training rows and round-trips exactly through JSON.
 */
import { z } from 'zod';
import type { Matrix } from '../core/index.js';
import { GbtParams } from './gbt-params.js';
import { treeFileError } from './tree-messages.js';
import { TreeArrays, deepFreeze, refineTrees } from './tree-model.js';
import { ensembleSums, type SumOptions } from './tree-ensemble.js';

/** Version of the gbt model layout; a reader refuses other versions. */
export const GBT_SCHEMA_VERSION = 1;

const GbtSource = z.discriminatedUnion('kind', [
  /** Fitted by fitGbt on `rows` rows of total weight `weightSum`. */
  z.strictObject({
    kind: z.literal('sightline'),
    rows: z.number().int().min(1),
    weightSum: z.number().positive(),
    seed: z.number().int(),
    /** Validation rows, their log-loss after each round, and the best round (1-based). */
    validRows: z.number().int().min(1).nullable(),
    validLoss: z.array(z.number()).nullable(),
    bestRound: z.number().int().min(1).nullable(),
  }),
  /** Imported from XGBoost's JSON model format; `sha256` of the file's text. */
  z.strictObject({
    kind: z.literal('xgboost-json'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    version: z.string(),
    objective: z.string(),
    baseScore: z.number(),
  }),
]);

/** Schema of a gbt model file (tree structure and unique feature names are checked too). */
export const GbtModel = z
  .strictObject({
    kind: z.literal('gbt'),
    schemaVersion: z.literal(GBT_SCHEMA_VERSION),
    objective: z.literal('binary:logistic'),
    features: z.array(z.string().min(1)),
    baseMargin: z.number(),
    trees: z.array(TreeArrays),
    params: GbtParams.nullable(),
    source: GbtSource,
  })
  .superRefine(refineTrees);
/** A boosted-trees model, as loaded. */
export type GbtModel = z.infer<typeof GbtModel>;

/**
 * Validates a parsed JSON value as a gbt model and returns it frozen.
 * @throws SightlineError E_MODEL_FILE listing each field that does not match the schema.
 * @example const model = parseGbtModel(JSON.parse(await readFile('gbt.json', 'utf8')));
 */
export function parseGbtModel(value: unknown): GbtModel {
  const parsed = GbtModel.safeParse(value);
  if (!parsed.success) {
    throw treeFileError(
      'gbt',
      parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`),
    );
  }
  return deepFreeze(parsed.data);
}

/**
 * Margins (log-odds) baseMargin + Σ leaf values for `rows` of X (default every row), in the
 * order of `rows`. Columns are matched by name; only features some split uses must be present.
 * NaN goes to each split's default side.
 * @throws SightlineError E_MODEL_FEATURE naming a missing feature; E_MODEL_ROWS for bad rows.
 */
export function predictGbtMargin(
  model: GbtModel,
  X: Matrix,
  rows?: Uint32Array,
  opts: SumOptions = {},
): Float64Array {
  return ensembleSums(model, X, rows, model.baseMargin, opts);
}

/**
 * Predicted probabilities logistic(margin) for `rows` of X (default every row).
 * @throws SightlineError E_MODEL_FEATURE naming a missing feature; E_MODEL_ROWS for bad rows.
 * @example const p = predictGbt(model, X, split.test);
 */
export function predictGbt(
  model: GbtModel,
  X: Matrix,
  rows?: Uint32Array,
  opts: SumOptions = {},
): Float64Array {
  const m = predictGbtMargin(model, X, rows, opts);
  for (let i = 0; i < m.length; i++) m[i] = 1 / (1 + Math.exp(-m[i]!));
  return m;
}
