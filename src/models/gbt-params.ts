/**
 * Parameters of the histogram gradient-boosted trees, as a zod schema (STYLE.md rule 6). Names
 * follow XGBoost's where one exists (eta → learningRate, max_leaves → maxLeaves, ...), and so do
 * the meanings, so a model can be compared with XGBoost's `tree_method="hist"` directly.
 */
import { z } from 'zod';
import { MAX_BINS } from './binning.js';
import { treeParamsError } from './tree-messages.js';

/**
 * Parameters of `fitGbt`.
 * - `rounds`: boosting rounds, one tree each (default 200); fewer when early stopping stops.
 * - `learningRate`: shrinkage η applied to every leaf value (default 0.1).
 * - `growPolicy`: `'lossguide'` (default; split the leaf with the largest gain next, as LightGBM
 *   and XGBoost's lossguide) or `'depthwise'` (level by level, as XGBoost's default).
 * - `maxLeaves`: leaves per tree, 0 = no cap (default 31). `maxDepth`: 0 = no limit (default 0).
 *   At least one of them must be set (checked by parseGbtParams).
 * - `lambda` (L2, default 1), `alpha` (L1, default 0) on the leaf weights; `minChildWeight`:
 *   least hessian sum in a child (default 1); `gamma`: least gain of a split (XGBoost's
 *   min_split_loss, default 0; every split must also gain more than 1e-6, XGBoost's kRtEps).
 * - `subsample`: each row is used by a tree with this probability (default 1); unsampled rows
 *   get zero gradient, as XGBoost. `colsampleByTree` / `colsampleByNode`: share of the
 *   splittable features drawn per tree / per node from the tree's draw (default 1; at least one).
 * - `maxBins`: value bins per feature (default 255; NaN has its own bin on top).
 * - `baseScore`: the starting probability; null (default) = the weighted share of positives in
 *   the fitting rows (XGBoost ≥ 2.0's estimate; XGBoost 1.x used 0.5).
 * - `earlyStoppingRounds`: stop when the validation log-loss has not improved for this many
 *   rounds and keep the trees up to the best round; needs `validRows` (default null = off).
 */
export const GbtParams = z.strictObject({
  rounds: z.number().int().min(1).default(200),
  learningRate: z.number().gt(0).max(1).default(0.1),
  growPolicy: z.enum(['lossguide', 'depthwise']).default('lossguide'),
  maxLeaves: z.number().int().min(0).max(65536).default(31),
  maxDepth: z.number().int().min(0).max(64).default(0),
  lambda: z.number().min(0).default(1),
  alpha: z.number().min(0).default(0),
  minChildWeight: z.number().min(0).default(1),
  gamma: z.number().min(0).default(0),
  subsample: z.number().gt(0).max(1).default(1),
  colsampleByTree: z.number().gt(0).max(1).default(1),
  colsampleByNode: z.number().gt(0).max(1).default(1),
  maxBins: z.number().int().min(2).max(MAX_BINS).default(MAX_BINS),
  baseScore: z.number().gt(0).lt(1).nullable().default(null),
  earlyStoppingRounds: z.number().int().min(1).nullable().default(null),
});
/** Parsed GBT parameters (every default filled in). */
export type GbtParams = z.infer<typeof GbtParams>;
/** GBT parameters as a caller writes them (every field optional). */
export type GbtParamsInput = z.input<typeof GbtParams>;

/**
 * Parses GBT parameters, and checks that a tree has a limit (maxLeaves or maxDepth; a check kept
 * out of the schema so that callers can still `.partial()` or `.extend()` it).
 * @throws SightlineError E_MODEL_PARAMS naming each field out of range.
 * @example parseGbtParams({ rounds: 50, maxLeaves: 15 })
 */
export function parseGbtParams(params: GbtParamsInput): GbtParams {
  const parsed = GbtParams.safeParse(params);
  if (!parsed.success) throw treeParamsError('GbtParams', parsed.error.issues);
  if (parsed.data.maxLeaves === 0 && parsed.data.maxDepth === 0) {
    throw treeParamsError('GbtParams', [
      { path: ['maxLeaves'], message: 'maxLeaves and maxDepth are both 0 (unlimited); set one' },
    ]);
  }
  return parsed.data;
}
