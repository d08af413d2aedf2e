/**
 * Paired comparison of two scored models on the same evaluation records (an ablation against the
 * base model, another λ against λ_1se…). Every bootstrap replicate draws referrals (households)
 * with replacement once and scores BOTH models on that draw, so each interval is of the change
 * itself (Table 2 of Gerchick et al. 2023 gives AUC changes; here every change has its interval).
 *
 * Measures, on the evaluation records, under the model file's protocol (the deployed policy):
 * - `auc`: AUC of the predicted probability for the training label, all records;
 * - `households_high` by household race, and `gap` (black − non-black): share of referral-
 *   households assigned the high-risk protocol;
 * - `fpr_high` by household race, and `gap`: FPR of the high-risk protocol (a child whose
 *   household is high-risk although the outcome did not happen ÷ children without the outcome);
 * - `marked_high`: share of high-risk households among those `marked` (any record of the
 *   household has a non-zero value in a feature of the dropped group: Figure 2's "households
 *   marked by any history with juvenile probation"), when a mark is given.
 */
import { sortByScore, sortedPairAuc } from '../../metrics/index.js';
import { clusterBootstrap, percentileInterval } from '../bootstrap.js';
import type { PolicyContext } from './context.js';
import { householdRows } from './policies.js';
import type { ScoredModel } from './scored.js';

/** One compared measure: the two values, the change (b − a) and its paired 95% interval. */
export interface PairedMeasure {
  readonly measure: string;
  readonly group: string;
  readonly a: number | null;
  readonly b: number | null;
  readonly change: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  /** Records (auc, fpr) or households (shares) behind the values. */
  readonly n: number;
}

interface Tally {
  k: Float64Array;
  n: Float64Array;
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);
const GROUPS = ['black', 'non_black', 'all'] as const;

/** The measures of one model under weights `w` (null = 1), in a fixed order. */
class MeasureKernel {
  readonly hh: Uint32Array;
  readonly order: Uint32Array;
  constructor(
    readonly ctx: PolicyContext,
    readonly m: ScoredModel,
    readonly y: Uint8Array,
    readonly mark: Uint8Array | null,
  ) {
    const rows = ctx.split.test;
    this.hh = householdRows(rows, ctx.fs.records.household);
    this.order = sortByScore(m.probability, y, rows);
  }

  values(w: Float64Array | null): number[] {
    const r = this.ctx.fs.records;
    const y = this.y;
    const auc = sortedPairAuc(
      this.order,
      this.m.probability,
      w,
      (i) => y[i] === 1,
      (i) => y[i] === 0,
    );
    const share: Tally = { k: new Float64Array(3), n: new Float64Array(3) };
    const marked: Tally = { k: new Float64Array(2), n: new Float64Array(2) };
    for (const i of this.hh) {
      const wi = w === null ? 1 : w[i]!;
      if (wi === 0) continue;
      const high = this.m.protocol[i] === 'high' ? wi : 0;
      for (const g of [r.householdRace[i]!, 2]) {
        share.n[g]! += wi;
        share.k[g]! += high;
      }
      if (this.mark !== null) {
        const g = this.mark[r.household[i]!]! === 1 ? 0 : 1;
        marked.n[g]! += wi;
        marked.k[g]! += high;
      }
    }
    const fp: Tally = { k: new Float64Array(3), n: new Float64Array(3) };
    for (const i of this.ctx.split.test) {
      const wi = w === null ? 1 : w[i]!;
      if (wi === 0 || y[i] !== 0) continue;
      const high = this.m.protocol[i] === 'high' ? wi : 0;
      for (const g of [r.householdRace[i]!, 2]) {
        fp.n[g]! += wi;
        fp.k[g]! += high;
      }
    }
    const rate = (t: Tally, g: number) => t.k[g]! / t.n[g]!;
    const out = [auc];
    for (const t of [share, fp])
      out.push(rate(t, 0), rate(t, 1), rate(t, 2), rate(t, 0) - rate(t, 1));
    if (this.mark !== null) out.push(rate(marked, 0), rate(marked, 1));
    return out;
  }
}

/** Names of the kernel's values, in its order. */
function measureNames(withMark: boolean): [string, string][] {
  const out: [string, string][] = [['auc', 'all']];
  for (const m of ['households_high', 'fpr_high']) {
    for (const g of GROUPS) out.push([m, g]);
    out.push([m, 'gap']);
  }
  if (withMark) out.push(['marked_high', 'marked'], ['marked_high', 'unmarked']);
  return out;
}

/**
 * Per household (referral index): 1 when any of its records has a non-zero value in any of
 * `features` (columns of the context's matrix).
 */
export function householdMarks(ctx: PolicyContext, features: readonly string[]): Uint8Array {
  const r = ctx.fs.records;
  const X = ctx.fs.matrix;
  const at = new Map(X.names.map((n, j) => [n, j]));
  const out = new Uint8Array(r.n === 0 ? 0 : r.household[r.n - 1]! + 1);
  for (const f of features) {
    const c = X.columns[at.get(f)!];
    if (c === undefined) continue;
    if (c.kind === 'sparse') {
      for (let k = 0; k < c.rows.length; k++)
        if (c.values[k] !== 0) out[r.household[c.rows[k]!]!] = 1;
    } else {
      for (let i = 0; i < c.values.length; i++) if (c.values[i] !== 0) out[r.household[i]!] = 1;
    }
  }
  return out;
}

/**
 * The measures of one model on the evaluation records (no interval), by name: `auc`,
 * `households_high:black`, …, `fpr_high:gap`.
 */
export function modelMeasures(ctx: PolicyContext, m: ScoredModel): Record<string, number | null> {
  const k = new MeasureKernel(ctx, m, trainingLabel(ctx), null);
  const v = k.values(null);
  return Object.fromEntries(
    measureNames(false).map(([name, g], s) => [`${name}:${g}`, num(v[s]!)]),
  );
}

/**
 * Compares model b against model a (see the file comment) with `replicates` paired draws.
 * @example pairedComparison(ctx, base, ablated, { replicates: 1000, seed: 1, mark })
 */
export function pairedComparison(
  ctx: PolicyContext,
  a: ScoredModel,
  b: ScoredModel,
  o: { readonly replicates: number; readonly seed: number; readonly mark?: Uint8Array },
): PairedMeasure[] {
  const y = trainingLabel(ctx);
  const mark = o.mark ?? null;
  const ka = new MeasureKernel(ctx, a, y, mark);
  const kb = new MeasureKernel(ctx, b, y, mark);
  const names = measureNames(mark !== null);
  const va = ka.values(null);
  const vb = kb.values(null);
  const reps = names.map(() => new Float64Array(o.replicates));
  const rows = ctx.split.test;
  clusterBootstrap(rows, ctx.fs.records.household, o.replicates, o.seed, (rep, w) => {
    const ra = ka.values(w);
    const rb = kb.values(w);
    for (let s = 0; s < names.length; s++) reps[s]![rep] = rb[s]! - ra[s]!;
  });
  const nHh = ka.hh.length;
  return names.map(([measure, group], s) => {
    const [lo, hi] = o.replicates > 0 ? percentileInterval(reps[s]!, 0.95) : [NaN, NaN];
    return {
      measure,
      group,
      a: num(va[s]!),
      b: num(vb[s]!),
      change: num(vb[s]! - va[s]!),
      lo: num(lo),
      hi: num(hi),
      n: measure === 'auc' || measure === 'fpr_high' ? rows.length : nHh,
    };
  });
}

/** The label the model was trained on (0/1 per record). */
export function trainingLabel(ctx: PolicyContext): Uint8Array {
  const name = ctx.file.training?.label ?? ctx.labels.child;
  return name === ctx.labels.household ? ctx.y.household : ctx.y.child;
}
