/**
 * The two summaries of a replay: the range each measure takes across the policies (the audit's
 * Table 1: how much the picture of a tool depends on how it is measured) and the score
 * distribution by household race under each aggregation (its Figure 1: household policies shift
 * every family's score upward, and Black households' more).
 */
import { HOUSEHOLD_RACE } from '../../features/index.js';
import type { PolicyContext } from './context.js';
import { SCORE_POLICIES, householdRows, type PolicyView, type ScorePolicy } from './policies.js';
import type { PolicyResult } from './replay.js';

/** The range of one measure across the policies. */
export interface RangeRow {
  readonly metric: string;
  readonly group: string;
  readonly versus?: string;
  readonly contrast?: 'difference';
  readonly min: number | null;
  readonly max: number | null;
  /** Policy ids at the minimum and the maximum. */
  readonly minPolicy: string | null;
  readonly maxPolicy: string | null;
  /** The value under the developers' own view: individual score, the child's outcome. */
  readonly individual: number | null;
  /** Policies with a value (suppressed ones are left out). */
  readonly policies: number;
}

/** Share of records (or households) at each score (or protocol) under one aggregation. */
export interface DistributionRow {
  readonly policy: ScorePolicy;
  readonly unit: 'records' | 'households';
  readonly group: string;
  /** The score 1..bins, or the protocol (low, none, high). */
  readonly value: number | string;
  readonly n: number;
  readonly share: number;
}

const keyOf = (m: { metric: string; group: string; versus?: string; contrast?: string }) =>
  `${m.metric}|${m.group}|${m.versus ?? ''}|${m.contrast ?? ''}`;

/** Min and max of every measure across policies (base rates are left out: not a measure). */
export function policyRanges(policies: readonly PolicyResult[]): RangeRow[] {
  const order: string[] = [];
  const acc = new Map<string, { row: RangeRow; values: [string, number][] }>();
  for (const p of policies) {
    for (const m of p.metrics) {
      if (m.metric === 'base_rate') continue;
      const key = keyOf(m);
      if (!acc.has(key)) {
        order.push(key);
        acc.set(key, {
          row: {
            metric: m.metric,
            group: m.group,
            ...(m.versus !== undefined ? { versus: m.versus } : {}),
            ...(m.contrast !== undefined ? { contrast: m.contrast } : {}),
            min: null,
            max: null,
            minPolicy: null,
            maxPolicy: null,
            individual: null,
            policies: 0,
          },
          values: [],
        });
      }
      if (m.value !== null) acc.get(key)!.values.push([p.id, m.value]);
    }
  }
  const metricOrder = ['auc', 'xauc', 'fpr', 'tpr', 'selection_rate', 'households_flagged'];
  const groupOrder = ['black', 'non_black', 'all'];
  const rank = (k: string) => {
    const [metric = '', group = '', , contrast = ''] = k.split('|');
    return metricOrder.indexOf(metric) * 10 + (contrast !== '' ? 9 : groupOrder.indexOf(group));
  };
  order.sort((a, b) => rank(a) - rank(b));
  return order.map((key) => {
    const { row, values } = acc.get(key)!;
    if (values.length === 0) return row;
    let lo = values[0]!;
    let hi = values[0]!;
    for (const v of values) {
      if (v[1] < lo[1]) lo = v;
      if (v[1] > hi[1]) hi = v;
    }
    const own = values.find(([id]) => id === 'individual/child');
    return {
      ...row,
      min: lo[1],
      max: hi[1],
      minPolicy: lo[0],
      maxPolicy: hi[0],
      individual: own === undefined ? null : own[1],
      policies: values.length,
    };
  });
}

/**
 * Score distribution by household race under each aggregation: records for the individual score,
 * referral-households (one value each) for the household aggregations and the protocol.
 */
export function policyDistribution(
  ctx: PolicyContext,
  views: readonly PolicyView[],
  bins: number,
): DistributionRow[] {
  const r = ctx.fs.records;
  const out: DistributionRow[] = [];
  for (const policy of SCORE_POLICIES) {
    const v = views.find((x) => x.score === policy)!;
    const unit = policy === 'individual' ? 'records' : 'households';
    const rows = unit === 'records' ? ctx.split.test : householdRows(ctx.split.test, r.household);
    const levels: (number | string)[] =
      policy === 'protocol'
        ? ['low', 'none', 'high']
        : Array.from({ length: bins }, (_, k) => k + 1);
    const groups = [...HOUSEHOLD_RACE, 'all'];
    const counts = groups.map(() => new Float64Array(levels.length));
    for (const i of rows) {
      const k = Math.round(v.values[i]!) - 1;
      if (!(k >= 0 && k < levels.length)) continue;
      counts[r.householdRace[i]!]![k]!++;
      counts[2]![k]!++;
    }
    groups.forEach((group, g) => {
      const total = counts[g]!.reduce((a, b) => a + b, 0);
      levels.forEach((value, k) => {
        const n = counts[g]![k]!;
        out.push({ policy, unit, group, value, n, share: total === 0 ? NaN : n / total });
      });
    });
  }
  return out;
}
