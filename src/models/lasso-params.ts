/**
 * Parameters of the LASSO logistic path and its cross-validation, as zod schemas (STYLE.md rule
 * 6). Defaults are glmnet's (glmnet 4.1, `glmnet.control()` defaults), so a fit with `{}` is the
 * fit `glmnet(x, y, family = "binomial")` makes.
 */
import { z } from 'zod';

/**
 * Parameters of `fitLassoPath`.
 * - `alpha`: elastic-net mixing in (0, 1]; 1 = LASSO (default). Penalty
 *   λ·((1−α)/2·‖β‖² + α·‖β‖₁) on the standardised scale, as glmnet.
 * - `nlambda`: length of the automatic λ sequence (default 100).
 * - `lambdaMinRatio`: smallest λ as a fraction of λ_max; null (default) = 0.01 when rows < columns,
 *   else 1e-4.
 * - `lambda`: a user λ sequence (sorted decreasing before use); null (default) = automatic. A user
 *   sequence is fitted in full (no early stop), as glmnet does.
 * - `standardize`: standardise columns with the weighted mean and population sd of the fitting
 *   rows (default true); coefficients are always returned on the original scale.
 * - `thresh`: coordinate-descent convergence threshold (default 1e-7), scaled by the null
 *   deviance as glmnet does: a pass has converged when max_j xv_j·Δβ_j² < thresh·dev₀/2n.
 * - `maxPasses`: cap on coordinate-descent passes over the whole path (default 1e5, glmnet maxit).
 * - `fdev`, `devmax`, `minLambdas`: glmnet's early stop for the automatic sequence: after at least
 *   `minLambdas` (5) values, stop when the deviance ratio grows by less than `fdev` (1e-5) or
 *   exceeds `devmax` (0.999).
 */
export const LassoParams = z.object({
  alpha: z.number().gt(0).max(1).default(1),
  nlambda: z.number().int().min(2).default(100),
  lambdaMinRatio: z.number().gt(0).lt(1).nullable().default(null),
  lambda: z.array(z.number().positive()).min(1).nullable().default(null),
  standardize: z.boolean().default(true),
  thresh: z.number().positive().default(1e-7),
  maxPasses: z.number().int().min(1).default(100_000),
  fdev: z.number().min(0).default(1e-5),
  devmax: z.number().gt(0).max(1).default(0.999),
  minLambdas: z.number().int().min(1).default(5),
});
/** Parsed LASSO parameters (every default filled in). */
export type LassoParams = z.infer<typeof LassoParams>;
/** LASSO parameters as a caller writes them (every field optional). */
export type LassoParamsInput = z.input<typeof LassoParams>;

/**
 * Parameters of `cvLasso`: the path parameters plus the CV loss, `typeMeasure`:
 * `'deviance'` (default; binomial deviance per observation, cv.glmnet's default) or `'auc'`
 * (AUC per fold, ties counted ½; λ_min then maximises it).
 */
export const CvLassoParams = LassoParams.extend({
  typeMeasure: z.enum(['deviance', 'auc']).default('deviance'),
});
/** Parsed CV parameters. */
export type CvLassoParams = z.infer<typeof CvLassoParams>;
/** CV parameters as a caller writes them. */
export type CvLassoParamsInput = z.input<typeof CvLassoParams>;
