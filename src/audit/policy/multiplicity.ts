/**
 * Model multiplicity: the models as good as the best by the procedure's own yardstick, and how far
 * their disparities spread. Candidates are points on the λ paths of several cross-validations —
 * the base model's, each ablation's (other feature groups, same folds) and each extra fold seed's
 * (same features, other folds). A candidate is "within one standard error of the best" when its
 * CV loss is at most the lowest CV loss of all candidates plus that minimum's standard error: the
 * one-standard-error rule, applied across the whole set instead of along one path. Fits with
 * other fold seeds are judged on other folds, so their losses compare only approximately.
 *
 * Each path contributes at most `maxPerPath` of its qualifying λs (evenly spaced, its λ_1se
 * always among them), each scored by the procedure (scale refitted, protocol applied).
 */
import type { CvLassoResult, LassoPath } from '../../models/index.js';
import type { PolicyContext } from './context.js';
import { modelMeasures } from './paired.js';
import { pathModel, populationProbability, type RefitData } from './refit.js';
import { scoreAlternative } from './scored.js';

/** One cross-validated fit offered to the multiplicity analysis. */
export interface MultiplicityFit {
  readonly id: string;
  readonly source: 'base' | 'features' | 'seed';
  readonly label: string;
  readonly path: LassoPath;
  /** The CV curve (cvm/cvsd per λ of the path) and the chosen λ's index. */
  readonly cvm: readonly number[];
  readonly cvsd: readonly number[];
  readonly chosen: number;
}

/** One candidate model: a λ of one fit, its CV loss and its measures. */
export interface Candidate {
  readonly fit: string;
  readonly source: 'base' | 'features' | 'seed';
  readonly label: string;
  readonly lambda: number;
  readonly index: number;
  readonly nonzero: number;
  readonly cvm: number;
  readonly chosen: boolean;
  readonly measures: Readonly<Record<string, number | null>>;
}

/** The range of one measure among the candidates within one standard error. */
export interface MeasureRange {
  readonly measure: string;
  readonly min: number | null;
  readonly max: number | null;
  readonly minCandidate: string | null;
  readonly maxCandidate: string | null;
}

/** The multiplicity analysis. */
export interface MultiplicityResult {
  /** Lowest CV loss, its standard error, and the cut-off (their sum). */
  readonly best: {
    readonly fit: string;
    readonly cvm: number;
    readonly cvsd: number;
    readonly cutoff: number;
  };
  readonly candidates: readonly Candidate[];
  readonly ranges: readonly MeasureRange[];
  /** Qualifying λs per fit before thinning to maxPerPath. */
  readonly qualifying: Readonly<Record<string, number>>;
}

/** A fit as the analysis takes it, from a CV result. */
export function multiplicityFit(
  id: string,
  source: MultiplicityFit['source'],
  label: string,
  cv: CvLassoResult,
  path: LassoPath = cv.path,
): MultiplicityFit {
  const chosen = cv.model.rule === 'min' ? cv.cv.indexMin : cv.cv.indexOneSe;
  return {
    id,
    source,
    label,
    path,
    cvm: Array.from(cv.cv.cvm),
    cvsd: Array.from(cv.cv.cvsd),
    chosen,
  };
}

/** At most k indices of `qualifying` (ascending), evenly spaced, `must` always kept. */
function thin(qualifying: number[], k: number, must: number): number[] {
  if (qualifying.length <= k) return qualifying;
  const picked = new Set<number>([must]);
  for (let s = 0; picked.size < k && s < k; s++) {
    picked.add(qualifying[Math.round((s * (qualifying.length - 1)) / Math.max(1, k - 1))]!);
  }
  return [...picked].sort((a, b) => a - b);
}

/**
 * Runs the analysis over `fits` (see the file comment).
 * @example multiplicity(ctx, data, [multiplicityFit('base', 'base', 'base model', cv)], 8)
 */
export function multiplicity(
  ctx: PolicyContext,
  d: RefitData,
  fits: readonly MultiplicityFit[],
  maxPerPath = 8,
): MultiplicityResult {
  let best = { fit: '', cvm: Infinity, cvsd: 0, cutoff: Infinity };
  for (const f of fits) {
    f.cvm.forEach((v, m) => {
      if (v < best.cvm) best = { fit: f.id, cvm: v, cvsd: f.cvsd[m]!, cutoff: v + f.cvsd[m]! };
    });
  }
  const candidates: Candidate[] = [];
  const qualifying: Record<string, number> = {};
  for (const f of fits) {
    const within = f.cvm.flatMap((v, m) =>
      v <= best.cutoff && m < f.path.lambdas.length ? [m] : [],
    );
    qualifying[f.id] = within.length;
    const keep = thin(within, maxPerPath, within.includes(f.chosen) ? f.chosen : within[0]!);
    for (const m of keep) {
      const model = pathModel(f.path, m, d.train.length);
      const p = populationProbability(d, model, ctx.fs.records.n);
      const label = `${f.label}, λ = ${f.path.lambdas[m]!.toPrecision(3)}`;
      candidates.push({
        fit: f.id,
        source: f.source,
        label,
        lambda: f.path.lambdas[m]!,
        index: m,
        nonzero: f.path.df[m]!,
        cvm: f.cvm[m]!,
        chosen: m === f.chosen,
        measures: modelMeasures(ctx, scoreAlternative(ctx, label, p)),
      });
    }
  }
  return { best, candidates, ranges: ranges(candidates), qualifying };
}

function ranges(candidates: readonly Candidate[]): MeasureRange[] {
  const names = candidates.length === 0 ? [] : Object.keys(candidates[0]!.measures);
  return names.map((measure) => {
    let lo: Candidate | null = null;
    let hi: Candidate | null = null;
    for (const c of candidates) {
      const v = c.measures[measure];
      if (v === null || v === undefined) continue;
      if (lo === null || v < lo.measures[measure]!) lo = c;
      if (hi === null || v > hi.measures[measure]!) hi = c;
    }
    return {
      measure,
      min: lo === null ? null : lo.measures[measure]!,
      max: hi === null ? null : hi.measures[measure]!,
      minCandidate: lo === null ? null : lo.label,
      maxCandidate: hi === null ? null : hi.label,
    };
  });
}
