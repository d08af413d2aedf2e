/**
 * `runReplay`: the policy replay of a model (Gerchick et al. 2023, Table 1 and Figure 1). For each
 * policy — score aggregation × outcome level (policies.ts) — on the evaluation records, by
 * household race: AUC, xAUC both ways, TPR and FPR at the high-risk line, the share of records
 * flagged and the share of referral-households flagged, each with a 95% interval (a cluster
 * bootstrap over referrals for AUC and xAUC; Wilson for rates; the wider of the bootstrap and
 * Newcombe's interval for differences), then the range each measure takes across the policies,
 * and the score distribution by household race under each aggregation.
 */
import { z } from 'zod';
import { issue, type Issue } from '../../core/index.js';
import { HOUSEHOLD_RACE } from '../../features/index.js';
import { modelSummary } from '../../scoring/index.js';
import { newcombeDifference, wilson } from '../../metrics/index.js';
import { auditByGroup, type MetricRow } from '../group-core.js';
import type { PolicyContext } from './context.js';
import type { ScoredModel } from './scored.js';
import {
  FALSE_POSITIVE_TEXT,
  POLICY_TEXT,
  defaultThreshold,
  householdRows,
  policyViews,
  type PolicyView,
  type ScorePolicy,
} from './policies.js';
import { policyDistribution, policyRanges, type DistributionRow, type RangeRow } from './ranges.js';
import { gapWidening, type GapChange } from './widening.js';
import { householdSizeView, type HouseholdSizeRow } from './household-size.js';
import { counterfactualPairs, type CounterfactualResult } from './counterfactual.js';
import { householdMarks } from './paired.js';
import { featureGroup, resolveGroup } from './groups.js';

/** Version tag of replay report data. */
export const REPLAY_REPORT_VERSION = 'sightline-replay/1';

/** Options of a replay (parse `{}` for the defaults). */
export const ReplayOptions = z.strictObject({
  /** The high-risk score line; null = the protocol's high-risk score (18 for Allegheny V2). */
  threshold: z.number().nullable().default(null),
  replicates: z.number().int().min(0).max(100_000).default(1000),
  seed: z.number().int().default(1),
  /** Numbers from fewer records (or clusters) than this are suppressed, as in the audit. */
  minCell: z.number().int().min(0).default(10),
  /** A group with fewer referrals than this has its bootstrap numbers suppressed, as in the audit. */
  minClusters: z.number().int().min(1).default(5),
  /** Features to switch on and off (counterfactual pairs); [] = none. */
  counterfactual: z.array(z.string()).default([]),
  /** Example profile ids per counterfactual feature (identifying: analysts only). */
  examples: z.number().int().min(0).default(0),
});
export type ReplayOptionsInput = z.input<typeof ReplayOptions>;

/** One number of one policy, by household race (`all` for everyone). */
export interface PolicyMetric {
  readonly metric: string;
  readonly group: string;
  /** xAUC: the group whose negatives are ranked against this group's positives. */
  readonly versus?: string;
  /** `difference`: black minus non-black households. */
  readonly contrast?: 'difference';
  readonly value: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly n: number;
}

/** One policy's numbers. */
export interface PolicyResult {
  readonly id: string;
  readonly score: ScorePolicy;
  readonly outcome: 'child' | 'household';
  readonly description: string;
  readonly metrics: readonly PolicyMetric[];
}

/** The replay report data (`sightline-replay/1`). */
export interface ReplayReport {
  readonly report: typeof REPLAY_REPORT_VERSION;
  readonly model: {
    readonly summary: string;
    readonly protocol: string;
    readonly bins: number;
    /** sha256 of the model file's bytes, when the caller read it from a file. */
    readonly sha256?: string;
  };
  readonly evaluation: {
    readonly description: string;
    readonly records: number;
    readonly households: number;
    readonly labels: { readonly child: string; readonly household: string };
  };
  readonly threshold: number;
  readonly falsePositive: string;
  readonly policies: readonly PolicyResult[];
  readonly ranges: readonly RangeRow[];
  /** Each policy's gaps and their paired change from the individual/child view. */
  readonly widening: readonly GapChange[];
  readonly distribution: readonly DistributionRow[];
  /** Share high-risk by people on the referral × household race (the base model only). */
  readonly householdSize: readonly HouseholdSizeRow[];
  readonly counterfactual: readonly CounterfactualResult[];
  readonly options: z.infer<typeof ReplayOptions>;
  readonly issues: readonly Issue[];
}

const KEEP = new Set(['auc', 'xauc', 'tpr', 'fpr', 'selection_rate', 'base_rate']);
const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The rows of the core kept for a replay, in its flat shape. */
function fromCore(rows: readonly MetricRow[]): PolicyMetric[] {
  return rows
    .filter((m) => KEEP.has(m.metric) && m.contrast !== 'ratio' && m.score === undefined)
    .map((m) => ({
      metric: m.metric,
      group: m.group,
      ...(m.metric === 'xauc' && m.versus !== undefined ? { versus: m.versus } : {}),
      ...(m.contrast === 'difference' ? { contrast: 'difference' as const } : {}),
      value: m.value,
      lo: m.lo,
      hi: m.hi,
      n: m.n,
    }));
}

/** Share of referral-households flagged, by household race, and the difference (Newcombe). */
export function householdsFlagged(
  ctx: PolicyContext,
  flagged: Uint8Array,
  rows: Uint32Array,
  minCell: number,
): PolicyMetric[] {
  const r = ctx.fs.records;
  const k = [0, 0, 0];
  const n = [0, 0, 0];
  for (const i of householdRows(rows, r.household)) {
    const g = r.householdRace[i]!;
    for (const s of [g, 2]) {
      n[s]!++;
      k[s]! += flagged[i]!;
    }
  }
  const out: PolicyMetric[] = [...HOUSEHOLD_RACE, 'all'].map((group, g) => {
    const w = wilson(k[g]!, n[g]!);
    const sup = n[g]! < minCell;
    return {
      metric: 'households_flagged',
      group,
      value: sup ? null : num(k[g]! / n[g]!),
      lo: sup ? null : num(w.lo),
      hi: sup ? null : num(w.hi),
      n: n[g]!,
    };
  });
  const sup = n[0]! < minCell || n[1]! < minCell;
  const [lo, hi] = newcombeDifference(k[0]!, n[0]!, k[1]!, n[1]!);
  out.push({
    metric: 'households_flagged',
    group: 'black',
    contrast: 'difference',
    value: sup ? null : num(k[0]! / n[0]! - k[1]! / n[1]!),
    lo: sup ? null : num(lo),
    hi: sup ? null : num(hi),
    n: n[0]!,
  });
  return out;
}

function evaluateView(
  ctx: PolicyContext,
  v: PolicyView,
  o: z.infer<typeof ReplayOptions>,
): PolicyResult {
  const r = ctx.fs.records;
  const rows = ctx.split.test;
  const core = auditByGroup(
    { y: v.y, score: v.values, cluster: r.household, rows },
    { name: 'household_race', labels: HOUSEHOLD_RACE, code: Int32Array.from(r.householdRace) },
    [{ label: 'high-risk', selected: v.flagged }],
    {
      replicates: o.replicates,
      seed: o.seed,
      reference: 'non_black',
      minCell: o.minCell,
      minClusters: o.minClusters,
    },
  );
  const metrics = fromCore(core);
  if (v.score !== 'individual') metrics.push(...householdsFlagged(ctx, v.flagged, rows, o.minCell));
  return {
    id: v.id,
    score: v.score,
    outcome: v.outcome,
    description: `score: ${POLICY_TEXT[v.score]}; outcome: ${ctx.labels[v.outcome]} (${v.outcome === 'child' ? "the child's own" : 'any child on the referral'})`,
    metrics,
  };
}

/**
 * Replays a scored model under every policy (see the file comment). The scored model is usually
 * `scoreBase(ctx)`; any model scored with the context's procedure can be replayed.
 * @example const report = runReplay(ctx, scoreBase(ctx), { replicates: 500 });
 */
export function runReplay(
  ctx: PolicyContext,
  m: ScoredModel,
  options: ReplayOptionsInput = {},
): ReplayReport {
  const o = ReplayOptions.parse(options);
  const threshold = o.threshold ?? defaultThreshold(ctx);
  const views = policyViews(ctx, m, threshold);
  const policies = views.map((v) => evaluateView(ctx, v, o));
  const rows = ctx.split.test;
  const issues: Issue[] = [...ctx.issues];
  const fallback = countFallback(ctx, rows);
  if (fallback > 0) {
    issues.push(
      issue(
        'I_POLICY_NO_ALLEGED_VICTIM',
        'info',
        `${fallback} evaluated referrals name no alleged victim among their children: under the alleged-victim policy they carry their household maximum.`,
      ),
    );
  }
  const bins = ctx.file.scale.kind === 'quantile' ? ctx.file.scale.bins : 20;
  return {
    report: REPLAY_REPORT_VERSION,
    model: {
      summary: modelSummary(ctx.file.model).text,
      protocol: `${ctx.file.protocol.name} v${ctx.file.protocol.version}`,
      bins,
    },
    evaluation: {
      description: ctx.evaluation,
      records: rows.length,
      households: householdRows(rows, ctx.fs.records.household).length,
      labels: ctx.labels,
    },
    threshold,
    falsePositive: FALSE_POSITIVE_TEXT,
    policies,
    ranges: policyRanges(policies),
    widening: gapWidening(ctx, views, { replicates: o.replicates, seed: o.seed }),
    distribution: policyDistribution(ctx, views, bins),
    householdSize: householdSizeView(ctx, [m], everInMarks(ctx)),
    counterfactual: o.counterfactual.map((f) =>
      counterfactualPairs(ctx, m, f, { examples: o.examples }),
    ),
    options: o,
    issues,
  };
}

/** Households (by referral index) in which someone carries an "ever-in" mark. */
export function everInMarks(ctx: PolicyContext): Uint8Array {
  const g = resolveGroup(featureGroup('ever_in'), ctx.file.model.features, ctx.fs.catalog);
  return householdMarks(ctx, g.features);
}

/** Evaluated referrals without an alleged victim among their child records. */
function countFallback(ctx: PolicyContext, rows: Uint32Array): number {
  const r = ctx.fs.records;
  const withVictim = new Set<number>();
  for (const i of rows) if (r.isAllegedVictim[i] === 1) withVictim.add(r.household[i]!);
  return householdRows(rows, r.household).length - withVictim.size;
}
