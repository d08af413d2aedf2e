/**
 * Turns the core's point statistics and replicates into report rows: values per group and overall
 * with their intervals (Wilson for rates, bootstrap percentiles otherwise), contrasts to the
 * reference group with tolerance verdicts, minimum-cell suppression, calibration per score and the
 * score distribution. Row order: per group (base rate, AUC, contrasts, xAUC, balanced xAUC, Brier,
 * calibration gap, recalibration fit), then per rule and group (rates and contrasts), then `all`,
 * then calibration by score, then score shares.
 *
 * Rate contrasts take the wider of the cluster-bootstrap interval and the Wilson-based interval
 * (Newcombe for differences, MOVER-R for ratios), so that neither clustering nor a small or zero
 * count makes the interval too narrow. A contrast whose replicates never vary is inconclusive.
 */
import type { z } from 'zod';
import { moverRatio, newcombeDifference, wilson } from '../metrics/index.js';
import { percentileInterval } from './bootstrap.js';
import { RATE_NAMES, rateCounts } from './passes.js';
import { calibrationRowsFromSums } from './calibration.js';
import type {
  AuditOptions,
  CoreResult,
  DecisionRule,
  Grouping,
  MetricRow,
  RowState,
} from './group-core.js';

type Options = z.infer<typeof AuditOptions>;
type Kind = 'difference' | 'ratio';
const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The tolerance verdict of an interval around `centre` (0 for differences, 1 for ratios). */
export function verdict(lo: number, hi: number, centre: number, tol: number): RowState {
  if (Number.isNaN(lo) || Number.isNaN(hi)) return 'inconclusive';
  if (lo > centre - tol && hi < centre + tol) return 'within_tolerance';
  if (lo > centre + tol || hi < centre - tol) return 'exceeds_tolerance';
  return 'inconclusive';
}

function sumOf(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

/** The rows of one grouping as they are built, with the helpers every part shares. */
class RowBuilder {
  readonly out: MetricRow[] = [];
  readonly G: number;
  readonly refLabel: string;

  constructor(
    readonly core: CoreResult,
    readonly grouping: Grouping,
    readonly o: Options,
  ) {
    this.G = grouping.labels.length;
    this.refLabel = grouping.labels[core.ref]!;
  }
  label(g: number): string {
    return g === this.G ? 'all' : this.grouping.labels[g]!;
  }
  pos(g: number): number {
    return g === this.G ? sumOf(this.core.sums.pos) : this.core.sums.pos[g]!;
  }
  neg(g: number): number {
    return g === this.G ? sumOf(this.core.sums.neg) : this.core.sums.neg[g]!;
  }
  /** Too few clusters for any number. */
  thin(g: number): boolean {
    return g < this.G && this.core.clusters[g]! < this.o.minClusters;
  }
  /** Too few records with or without the outcome for a ranking or calibration number. */
  small(g: number): boolean {
    return Math.min(this.pos(g), this.neg(g)) < this.o.minCell || this.thin(g);
  }
  /** Percentile interval of a replicate series f(b). */
  interval(f: (b: number) => number): [number, number] {
    const { B } = this.core;
    if (B === 0) return [NaN, NaN];
    return percentileInterval(
      Float64Array.from({ length: B }, (_, b) => f(b)),
      this.o.confidence,
    );
  }
  rep(stat: number): (b: number) => number {
    const { replicates, B } = this.core;
    return (b) => replicates[stat * B + b]!;
  }
  /** A value row (suppressed rows keep n but lose their numbers). */
  value(
    metric: string,
    group: string,
    v: number,
    lo: number,
    hi: number,
    n: number,
    sup: boolean,
    extra: Partial<MetricRow> = {},
  ): void {
    this.out.push({
      metric,
      grouping: this.grouping.name,
      group,
      ...extra,
      value: sup ? null : num(v),
      lo: sup ? null : num(lo),
      hi: sup ? null : num(hi),
      n,
      state: sup ? 'suppressed' : 'ok',
    });
  }
  /** A value row with the bootstrap interval of statistic `stat`. */
  boot(metric: string, g: number, stat: number, n: number, sup: boolean, extra = {}): void {
    const [lo, hi] = this.interval(this.rep(stat));
    this.value(metric, this.label(g), this.core.point[stat]!, lo, hi, n, sup, extra);
  }
  /** A contrast row against the reference group, with its verdict. */
  contrastRow(
    metric: string,
    g: number,
    kind: Kind,
    v: number,
    [lo, hi]: [number, number],
    n: number,
    sup: boolean,
    extra: Partial<MetricRow> = {},
  ): void {
    const [tol, centre] = kind === 'ratio' ? [this.o.ratioTolerance, 1] : [this.o.tolerance, 0];
    let state: RowState = 'suppressed';
    if (!sup) {
      if (this.core.B === 0) state = 'no_interval';
      else state = lo === hi ? 'inconclusive' : verdict(lo, hi, centre, tol);
    }
    this.out.push({
      metric,
      grouping: this.grouping.name,
      group: this.label(g),
      versus: this.refLabel,
      contrast: kind,
      ...extra,
      value: sup ? null : num(v),
      lo: sup ? null : num(lo),
      hi: sup ? null : num(hi),
      n,
      state,
    });
  }
  /** Difference and ratio of statistic a (group g) against b (the reference), floored by `wide`. */
  contrast(
    metric: string,
    g: number,
    a: number,
    b: number,
    n: number,
    sup: boolean,
    extra: Partial<MetricRow> = {},
    wide?: Record<Kind, [number, number]>,
  ): void {
    const { point } = this.core;
    const ops: [Kind, (x: number, y: number) => number][] = [
      ['difference', (x, y) => x - y],
      ['ratio', (x, y) => x / y],
    ];
    for (const [kind, f] of ops) {
      let [lo, hi] = this.interval((r) => f(this.rep(a)(r), this.rep(b)(r)));
      const [wlo, whi] = wide?.[kind] ?? [NaN, NaN];
      if (this.core.B > 0 && !Number.isNaN(wlo)) [lo, hi] = [Math.min(lo, wlo), Math.max(hi, whi)];
      this.contrastRow(metric, g, kind, f(point[a]!, point[b]!), [lo, hi], n, sup, extra);
    }
  }
}

/** Base rate, ranking and calibration rows of group g. */
function groupRows(R: RowBuilder, g: number): void {
  const { core, o, G } = R;
  const { layout: L, ref, point } = core;
  const S = G + 1;
  const [k, n] = rateCounts(core.sums.conf.subarray(0, S * 4), g, 'base_rate');
  const bw = wilson(k, n);
  R.value('base_rate', R.label(g), k / n, bw.lo, bw.hi, n, n < o.minCell || R.thin(g));
  const nG = R.pos(g) + R.neg(g);
  R.boot('auc', g, L.auc(g, g), nG, R.small(g));
  if (g !== ref) R.contrast('auc', g, L.auc(g, g), L.auc(ref, ref), nG, R.small(g) || R.small(ref));
  for (let h = 0; h < G; h++) {
    if (h === g) continue;
    const sup = R.pos(g) < o.minCell || R.neg(h) < o.minCell || R.thin(g) || R.thin(h);
    R.boot('xauc', g, L.auc(g, h), R.pos(g) + R.neg(h), sup, { versus: R.label(h) });
  }
  R.boot('xauc_pos', g, L.xaucPos(g), R.pos(g) + R.neg(G), R.pos(g) < o.minCell || R.thin(g));
  R.boot('xauc_neg', g, L.xaucNeg(g), R.pos(G) + R.neg(g), R.neg(g) < o.minCell || R.thin(g));
  if (core.hasProbability) R.boot('brier', g, L.brier(g), nG, nG < o.minCell || R.thin(g));
  if (g !== ref) {
    const sup = R.small(g) || R.small(ref);
    for (const [kind, stat] of [
      ['difference', L.gapDiff(g)],
      ['ratio', L.gapRatio(g)],
    ] as const) {
      R.contrastRow('calibration_gap', g, kind, point[stat]!, R.interval(R.rep(stat)), nG, sup);
    }
  }
  if (core.hasProbability) {
    R.boot('calibration_intercept', g, L.fit(g, 0), nG, R.small(g));
    R.boot('calibration_slope', g, L.fit(g, 1), nG, R.small(g));
  }
}

/** Rates of each group at rule r, and their contrasts to the reference group. */
function ruleRows(R: RowBuilder, rule: DecisionRule, r: number): void {
  const { core, o, G } = R;
  const { layout: L, ref, point } = core;
  const S = G + 1;
  const c = core.sums.conf.subarray(r * S * 4, (r + 1) * S * 4);
  const extra = { threshold: rule.label };
  for (let g = 0; g < G; g++) {
    RATE_NAMES.forEach((m, k) => {
      if (m === 'base_rate') return;
      const [x, n] = rateCounts(c, g, m);
      const wi = wilson(x, n);
      const v = point[L.rate(r, g, k)]!;
      R.value(m, R.label(g), v, wi.lo, wi.hi, n, n < o.minCell || R.thin(g), extra);
      if (g === ref) return;
      const [xRef, nRef] = rateCounts(c, ref, m);
      const sup = n < o.minCell || nRef < o.minCell || R.thin(g) || R.thin(ref);
      R.contrast(m, g, L.rate(r, g, k), L.rate(r, ref, k), n, sup, extra, {
        difference: newcombeDifference(x, n, xRef, nRef),
        ratio: moverRatio(x, n, xRef, nRef),
      });
    });
  }
}

/** The `all` rows: base rate, AUC, Brier and recalibration, and the rates at every rule. */
function overallRows(R: RowBuilder, rules: readonly DecisionRule[]): void {
  const { core, G } = R;
  const L = core.layout;
  const S = G + 1;
  const total = (r: number) => {
    const all = new Float64Array(4);
    const c = core.sums.conf.subarray(r * S * 4, (r + 1) * S * 4);
    for (let k = 0; k < S * 4; k++) all[k % 4]! += c[k]!;
    return all;
  };
  const [bk, bn] = rateCounts(total(0), 0, 'base_rate');
  const bw = wilson(bk, bn);
  R.value('base_rate', 'all', bk / bn, bw.lo, bw.hi, bn, false);
  R.boot('auc', G, L.aucAll(), bn, false);
  if (core.hasProbability) {
    R.boot('brier', G, L.brier(G), bn, false);
    R.boot('calibration_intercept', G, L.fit(G, 0), bn, false);
    R.boot('calibration_slope', G, L.fit(G, 1), bn, false);
  }
  rules.forEach((rule, r) => {
    const all = total(r);
    for (const m of RATE_NAMES) {
      if (m === 'base_rate') continue;
      const [x, n] = rateCounts(all, 0, m);
      const wi = wilson(x, n);
      R.value(m, 'all', x / n, wi.lo, wi.hi, n, false, { threshold: rule.label });
    }
  });
}

/** Builds every row of one grouping's audit. */
export function buildRows(
  core: CoreResult,
  grouping: Grouping,
  rules: readonly DecisionRule[],
  o: Options,
): MetricRow[] {
  const R = new RowBuilder(core, grouping, o);
  for (let g = 0; g < R.G; g++) groupRows(R, g);
  rules.forEach((rule, r) => ruleRows(R, rule, r));
  overallRows(R, rules);
  R.out.push(...calibrationRowsFromSums(core, grouping, o.minCell, (g) => R.thin(g)));
  return R.out;
}
