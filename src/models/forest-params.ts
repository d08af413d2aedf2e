/**
 * Parameters of the random forest, as a zod schema (STYLE.md rule 6). Names follow
 * scikit-learn's RandomForestClassifier where one exists.
 */
import { z } from 'zod';
import { MAX_BINS } from './binning.js';
import { treeParamsError } from './tree-messages.js';

/**
 * Parameters of `fitForest`.
 * - `trees`: number of trees (default 100).
 * - `maxFeatures`: features drawn at each split from the splittable ones: `'sqrt'` (default,
 *   ⌊√p⌋), `'log2'` (⌊log₂ p⌋), `'all'`, or a share in (0, 1] (⌊share·p⌋); at least one.
 * - `criterion`: `'gini'` (default) or `'entropy'` (log-loss), weighted by bootstrap counts and
 *   case weights.
 * - `maxDepth`: 0 = grow until the other limits stop (default 0).
 * - `minLeafWeight`: least weighted row count in a child (default 1, scikit-learn's
 *   min_samples_leaf); `minSplitWeight`: least weighted row count to split a node (default 2).
 * - `bootstrap`: draw each tree's rows with replacement (default true), `sampleFraction` of the
 *   fitting rows (default 1); without bootstrap each tree sees every row once.
 * - `maxBins`: value bins per feature (default 255; NaN has its own bin on top).
 */
export const ForestParams = z.strictObject({
  trees: z.number().int().min(1).default(100),
  maxFeatures: z.union([z.enum(['sqrt', 'log2', 'all']), z.number().gt(0).max(1)]).default('sqrt'),
  criterion: z.enum(['gini', 'entropy']).default('gini'),
  maxDepth: z.number().int().min(0).max(512).default(0),
  minLeafWeight: z.number().min(0).default(1),
  minSplitWeight: z.number().min(0).default(2),
  bootstrap: z.boolean().default(true),
  sampleFraction: z.number().gt(0).max(1).default(1),
  maxBins: z.number().int().min(2).max(MAX_BINS).default(MAX_BINS),
});
/** Parsed forest parameters (every default filled in). */
export type ForestParams = z.infer<typeof ForestParams>;
/** Forest parameters as a caller writes them (every field optional). */
export type ForestParamsInput = z.input<typeof ForestParams>;

/**
 * Parses forest parameters.
 * @throws SightlineError E_MODEL_PARAMS naming each field out of range.
 * @example parseForestParams({ trees: 500, maxFeatures: 'sqrt' })
 */
export function parseForestParams(params: ForestParamsInput): ForestParams {
  const parsed = ForestParams.safeParse(params);
  if (!parsed.success) throw treeParamsError('ForestParams', parsed.error.issues);
  return parsed.data;
}

/** Features drawn per split out of p splittable ones. */
export function featuresPerSplit(maxFeatures: ForestParams['maxFeatures'], p: number): number {
  if (maxFeatures === 'all') return p;
  const k =
    maxFeatures === 'sqrt'
      ? Math.sqrt(p)
      : maxFeatures === 'log2'
        ? Math.log2(Math.max(p, 1))
        : maxFeatures * p;
  return Math.max(1, Math.min(p, Math.floor(k)));
}
