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
 * - `thresh`: coordinate-descent convergence threshold (default 1e-7), scaled as glmnet does: a
 *   pass has converged when max_j xv_j·Δβ_j² < thresh·D₀/(2·Σw), D₀ the null deviance.
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
 * Parameters of `cvLasso`: the path parameters plus
 * - `typeMeasure`: the CV loss, `'deviance'` (default; binomial deviance per observation, with
 *   probabilities clamped to [1e-5, 1 − 1e-5], cv.glmnet's default) or `'auc'` (weighted AUC per
 *   fold, ties counted ½; λ_min then maximises it).
 * - `rule`: which λ the fitted model uses, `'1se'` (default; the one-standard-error rule of
 *   DOMAIN.md §5) or `'min'` (λ_min).
 * - `foldLambdas`: `'own'` (default, cv.glmnet's behaviour): each fold fits its own automatic λ
 *   sequence and its predictions at the full-data λs are interpolated linearly in λ (glmnet's
 *   lambda.interp); `'full'`: each fold is fitted at exactly the full-data λs (cv.glmnet when
 *   given `lambda =` the full-data sequence). With a user `lambda` both fit that sequence.
 */
export const CvLassoParams = LassoParams.extend({
  typeMeasure: z.enum(['deviance', 'auc']).default('deviance'),
  rule: z.enum(['1se', 'min']).default('1se'),
  foldLambdas: z.enum(['own', 'full']).default('own'),
});
/** Parsed CV parameters. */
export type CvLassoParams = z.infer<typeof CvLassoParams>;
/** CV parameters as a caller writes them. */
export type CvLassoParamsInput = z.input<typeof CvLassoParams>;
