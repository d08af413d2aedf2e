/**
 * How much each policy widens (or narrows) the racial gaps of the developers' own view
 * (individual score, the child's outcome): for every policy, the gap (Black − non-Black
 * households) in the share of records on the high-risk side of the line and in the FPR, and its
 * change from the individual/child view, with a paired cluster-bootstrap interval — every
 * replicate draws referrals once and evaluates every policy on that draw, so the interval is of
 * the change itself. "Household views widen the gap" (Gerchick et al. 2023, §4.1) is then a
 * measured claim: the change is positive and its interval lies above 0.
 */
import { clusterBootstrap, percentileInterval } from '../bootstrap.js';
import type { PolicyContext } from './context.js';
import type { PolicyView } from './policies.js';

/** The gap of one policy and its change from the individual/child view. */
export interface GapChange {
  readonly policy: string;
  readonly measure: 'selection_gap' | 'fpr_gap';
  readonly gap: number | null;
  readonly change: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** [selection gap, FPR gap] of one view under weights w (null = 1). */
function gaps(ctx: PolicyContext, v: PolicyView, w: Float64Array | null): [number, number] {
  const race = ctx.fs.records.householdRace;
  const sel = [0, 0, 0, 0];
  const fp = [0, 0, 0, 0];
  for (const i of ctx.split.test) {
    const wi = w === null ? 1 : w[i]!;
    if (wi === 0) continue;
    const g = race[i]! * 2;
    sel[g]! += wi * v.flagged[i]!;
    sel[g + 1]! += wi;
    if (v.y[i] === 0) {
      fp[g]! += wi * v.flagged[i]!;
      fp[g + 1]! += wi;
    }
  }
  return [sel[0]! / sel[1]! - sel[2]! / sel[3]!, fp[0]! / fp[1]! - fp[2]! / fp[3]!];
}

/**
 * The gaps of every view and their paired changes from the first view (individual/child).
 * @example gapWidening(ctx, policyViews(ctx, scoreBase(ctx), 18), { replicates: 1000, seed: 1 })
 */
export function gapWidening(
  ctx: PolicyContext,
  views: readonly PolicyView[],
  o: { readonly replicates: number; readonly seed: number },
): GapChange[] {
  const point = views.map((v) => gaps(ctx, v, null));
  const reps = views.map(() => [new Float64Array(o.replicates), new Float64Array(o.replicates)]);
  clusterBootstrap(ctx.split.test, ctx.fs.records.household, o.replicates, o.seed, (b, w) => {
    const ref = gaps(ctx, views[0]!, w);
    views.forEach((v, k) => {
      const g = k === 0 ? ref : gaps(ctx, v, w);
      reps[k]![0]![b] = g[0] - ref[0];
      reps[k]![1]![b] = g[1] - ref[1];
    });
  });
  return views.flatMap((v, k) =>
    (['selection_gap', 'fpr_gap'] as const).map((measure, s) => {
      const [lo, hi] =
        o.replicates > 0 && k > 0 ? percentileInterval(reps[k]![s]!, 0.95) : [NaN, NaN];
      return {
        policy: v.id,
        measure,
        gap: num(point[k]![s]!),
        change: num(point[k]![s]! - point[0]![s]!),
        lo: num(lo),
        hi: num(hi),
      };
    }),
  );
}
