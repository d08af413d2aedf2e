/**
 * Score scales: how a predicted probability becomes the number a screener sees. The default is
 * the Allegheny ventile scale, 1–20, cut at the type-7 quantiles of a reference population's
 * predictions (DOMAIN.md §5, *our default*): c_k = Q7(k/20), score(p) = 1 + #{k : p > c_k}.
 * The cut points and the population that defined them are stored with the model, because the
 * choice of reference population is itself a design decision.
 */
import { z } from 'zod';
import { check, quantileType7 } from '../core/index.js';

/** Which predictions defined the cut points: a description, the row count and a data hash. */
export const ScalePopulation = z.object({
  description: z.string().min(1),
  n: z.number().int().min(1),
  dataHash: z.string().optional(),
});

/** A fitted score scale: quantile bins (ventiles, deciles, ...) or the raw probability. */
export const ScoreScale = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('quantile'),
    bins: z.number().int().min(2).max(100),
    cutPoints: z.array(z.number()),
    population: ScalePopulation,
  }),
  z.object({ kind: z.literal('probability') }),
]);
export type ScoreScale = z.infer<typeof ScoreScale>;

/**
 * Fits a quantile scale with `bins` bins (20 = ventiles, 10 = deciles) on the reference
 * predictions `p` (restricted to `rows` when given). NaN predictions are refused.
 * @example fitQuantileScale(pRef, { bins: 20, population: { description: 'test set', n: pRef.length } })
 */
export function fitQuantileScale(
  p: Float64Array,
  opts: { bins?: number; population: z.infer<typeof ScalePopulation>; rows?: Uint32Array },
): ScoreScale {
  const bins = opts.bins ?? 20;
  check(Number.isInteger(bins) && bins >= 2, `invalid bins: ${bins} (an integer ≥ 2)`);
  const values = opts.rows ? Float64Array.from(opts.rows, (r) => p[r]!) : Float64Array.from(p);
  check(values.length > 0, 'the reference population has no predictions');
  for (let i = 0; i < values.length; i++) {
    check(!Number.isNaN(values[i]!), `reference prediction ${i} is NaN`);
  }
  values.sort();
  const cutPoints = Array.from({ length: bins - 1 }, (_, k) =>
    quantileType7(values, (k + 1) / bins),
  );
  return ScoreScale.parse({ kind: 'quantile', bins, cutPoints, population: opts.population });
}

/** The score of one probability: 1 + the number of cut points it exceeds, or p itself. */
export function scoreOf(scale: ScoreScale, p: number): number {
  if (scale.kind === 'probability') return p;
  if (Number.isNaN(p)) return NaN;
  const c = scale.cutPoints;
  let lo = 0;
  let hi = c.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p > c[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return 1 + lo;
}

/** Scores for many probabilities (NaN stays NaN). */
export function applyScale(scale: ScoreScale, p: Float64Array): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = scoreOf(scale, p[i]!);
  return out;
}

/** The highest score a scale can give (20 for ventiles; 1 for probabilities). */
export function maxScore(scale: ScoreScale): number {
  return scale.kind === 'quantile' ? scale.bins : 1;
}
