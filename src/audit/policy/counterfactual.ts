/**
 * Counterfactual pairs for one feature (Gerchick et al. 2023, §4.2.2: records identical except
 * for the alleged perpetrator's behavioral-health indicator scored 0–3 points higher with it).
 *
 * - Flips: the feature is switched on (set to 1 where it is 0) and off (set to 0 where it is not)
 *   on the real evaluation records, every other value kept, and the change of the child's score
 *   on the model's own scale is tallied. A flip can make a record that cannot occur (an
 *   indicator of 1 beside a count of 0); the pairs below cannot.
 * - Pairs: evaluation records are grouped by the values of every other feature the model uses
 *   (for a LASSO, those with a non-zero coefficient); a group holding records with and without
 *   the feature is a matched profile, and every (with, without) couple in it is a pair. Within a
 *   profile every record has the same score, so the difference is one number per profile.
 */
import { SightlineError, issue, type Issue, type Matrix } from '../../core/index.js';
import { applyScale, predictModel } from '../../scoring/index.js';
import type { PolicyContext } from './context.js';
import type { ScoredModel } from './scored.js';

/** The feature the independent audit examined. */
export const DEFAULT_COUNTERFACTUAL_FEATURE =
  'behavioral_health.any.alleged_perpetrators.ever.indicator';

/** How many records (flips) or profiles and pairs (pairs) show each score change. */
export interface ChangeCount {
  readonly change: number;
  readonly n: number;
  readonly pairs?: number;
}

/** The counterfactual analysis of one feature. */
export interface CounterfactualResult {
  readonly feature: string;
  /** The LASSO coefficient on the original scale (null for tree models). */
  readonly coefficient: number | null;
  readonly flips: readonly {
    readonly direction: 'on' | 'off';
    readonly records: number;
    readonly changes: readonly ChangeCount[];
  }[];
  readonly pairs: {
    readonly profiles: number;
    readonly pairs: number;
    /** Features compared to match records (the feature itself excluded). */
    readonly matchedOn: number;
    readonly changes: readonly ChangeCount[];
    /** Example profiles (ids of one record with and one without), only when asked for. */
    readonly examples: readonly {
      readonly with: string;
      readonly without: string;
      readonly change: number;
    }[];
  };
  readonly issues: readonly Issue[];
}

/** Column j of X for `rows`, in their order. */
function gather(X: Matrix, j: number, rows: Uint32Array, pos: Int32Array): Float64Array {
  const c = X.columns[j]!;
  const out = new Float64Array(rows.length);
  if (c.kind === 'dense') rows.forEach((r, k) => (out[k] = c.values[r]!));
  else
    for (let k = 0; k < c.rows.length; k++)
      if (pos[c.rows[k]!]! >= 0) out[pos[c.rows[k]!]!] = c.values[k]!;
  return out;
}

function tally(changes: Map<number, [number, number]>): ChangeCount[] {
  return [...changes.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([change, [n, pairs]]) => ({ change, n, pairs }));
}

/** Scores of `rows` with column j replaced by `values` (aligned with rows). */
function rescore(
  ctx: PolicyContext,
  j: number,
  rows: Uint32Array,
  values: Float64Array,
): Float64Array {
  const X = ctx.fs.matrix;
  const col = new Float64Array(X.nRows);
  rows.forEach((r, k) => (col[r] = values[k]!));
  const columns = X.columns.map((c, i) => (i === j ? { kind: 'dense' as const, values: col } : c));
  return applyScale(ctx.file.scale, predictModel(ctx.file, { ...X, columns }, rows));
}

function flip(
  ctx: PolicyContext,
  m: ScoredModel,
  j: number,
  rows: Uint32Array,
  x: Float64Array,
  on: boolean,
) {
  const idx = Uint32Array.from(rows.filter((_, k) => (on ? x[k] === 0 : x[k] !== 0)));
  const scores = rescore(ctx, j, idx, new Float64Array(idx.length).fill(on ? 1 : 0));
  const changes = new Map<number, [number, number]>();
  idx.forEach((r, k) => {
    const d = scores[k]! - m.score[r]!;
    const c = changes.get(d) ?? [0, 0];
    c[0]++;
    changes.set(d, c);
  });
  return {
    direction: on ? ('on' as const) : ('off' as const),
    records: idx.length,
    changes: tally(changes).map(({ change, n }) => ({ change, n })),
  };
}

/**
 * The counterfactual analysis of `feature` on the evaluation records of a scored base model.
 * @throws SightlineError E_POLICY_FEATURE when the model does not have the feature.
 * @example counterfactualPairs(ctx, scoreBase(ctx), DEFAULT_COUNTERFACTUAL_FEATURE, { examples: 0 })
 */
export function counterfactualPairs(
  ctx: PolicyContext,
  m: ScoredModel,
  feature: string,
  o: { readonly examples: number },
): CounterfactualResult {
  const model = ctx.file.model;
  const X = ctx.fs.matrix;
  const j = X.names.indexOf(feature);
  const fj = model.features.indexOf(feature);
  if (j < 0 || fj < 0) {
    throw new SightlineError(
      'E_POLICY_FEATURE',
      `the model has no feature "${feature}". Fix: name one of its ${model.features.length} features, e.g. ${model.features.slice(0, 3).join(', ')}`,
    );
  }
  const issues: Issue[] = [];
  const coefficient = model.kind === 'lasso' ? model.coefficients[fj]! : null;
  if (coefficient === 0) {
    issues.push(
      issue(
        'I_POLICY_UNUSED_FEATURE',
        'info',
        `the model's coefficient of ${feature} is 0: switching it changes no score.`,
      ),
    );
  }
  const rows = ctx.split.test;
  const pos = new Int32Array(X.nRows).fill(-1);
  rows.forEach((r, k) => (pos[r] = k));
  const x = gather(X, j, rows, pos);
  const flips = [flip(ctx, m, j, rows, x, true), flip(ctx, m, j, rows, x, false)];
  const others = model.features.filter(
    (f, k) => f !== feature && (model.kind !== 'lasso' || model.coefficients[k] !== 0),
  );
  const cols = others.map((f) => gather(X, X.names.indexOf(f), rows, pos));
  const groups = new Map<string, [number[], number[]]>();
  rows.forEach((_, k) => {
    const key = cols.map((c) => c[k]).join(',');
    const g = groups.get(key) ?? [[], []];
    g[x[k] !== 0 ? 0 : 1].push(k);
    groups.set(key, g);
  });
  const changes = new Map<number, [number, number]>();
  const examples: { with: string; without: string; change: number }[] = [];
  let profiles = 0;
  let pairs = 0;
  const r = ctx.fs.records;
  const id = (k: number) => `${r.referralId[rows[k]!]}/${r.personId[rows[k]!]}`;
  for (const [withF, without] of groups.values()) {
    if (withF.length === 0 || without.length === 0) continue;
    const d = m.score[rows[withF[0]!]!]! - m.score[rows[without[0]!]!]!;
    const c = changes.get(d) ?? [0, 0];
    c[0]++;
    c[1] += withF.length * without.length;
    changes.set(d, c);
    profiles++;
    pairs += withF.length * without.length;
    if (examples.length < o.examples)
      examples.push({ with: id(withF[0]!), without: id(without[0]!), change: d });
  }
  if (profiles === 0) {
    issues.push(
      issue(
        'I_POLICY_NO_PAIRS',
        'info',
        `no two evaluation records match on the model's other ${others.length} features with and without ${feature}.`,
      ),
    );
  }
  return {
    feature,
    coefficient,
    flips,
    pairs: { profiles, pairs, matchedOn: others.length, changes: tally(changes), examples },
    issues,
  };
}
