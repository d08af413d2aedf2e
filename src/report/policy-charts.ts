/**
 * Vega-Lite specs of the policy pages, built from report data only (nothing here computes a
 * measure): the score distribution by household race under each aggregation (Gerchick et al.
 * 2023, Figure 1), each ablation's AUC change and disparity change with paired intervals
 * (Table 2 as a chart), the share of marked households labelled high-risk before and after
 * (Figure 2), the household-size view (Figure 3), and the multiplicity scatter.
 */
import type {
  AblationResult,
  Candidate,
  DistributionRow,
  HouseholdSizeRow,
} from '../audit/index.js';
import { PALETTE } from './audit-charts.js';
import type { ChartSpec } from './chart.js';

const RACE_TITLES: Readonly<Record<string, string>> = {
  black: 'Black households',
  non_black: 'non-Black households',
};
const raceColour = {
  field: 'race',
  type: 'nominal',
  title: 'household race',
  scale: { domain: Object.values(RACE_TITLES), range: PALETTE.slice(0, 2) },
  legend: { labelLimit: 400 },
};

/** Figure 1: share of records (individual) or households at each score or protocol, per policy. */
export function distributionByPolicySpec(rows: readonly DistributionRow[]): ChartSpec {
  const policies = [...new Set(rows.map((r) => r.policy))];
  return {
    vconcat: policies.map((policy) => {
      const mine = rows.filter((r) => r.policy === policy && r.group !== 'all');
      const values = mine
        .filter((r) => Number.isFinite(r.share))
        .map((r) => ({
          value: String(r.value),
          race: RACE_TITLES[r.group] ?? r.group,
          share: r.share,
        }));
      const unit = mine[0]?.unit ?? 'records';
      return {
        title: `${policy.replace(/_/g, ' ')} (share of ${unit})`,
        width: 620,
        height: 140,
        data: { values },
        mark: 'bar',
        encoding: {
          x: {
            field: 'value',
            type: 'ordinal',
            title: policy === 'protocol' ? 'protocol' : 'score',
            sort: [...new Set(values.map((v) => v.value))],
            axis: { labelAngle: 0 },
          },
          xOffset: { field: 'race', sort: Object.values(RACE_TITLES) },
          y: { field: 'share', type: 'quantitative', title: 'share', axis: { format: '%' } },
          color: raceColour,
        },
      };
    }),
  };
}

/** Table 2 as a chart: each ablation's change in one measure with its paired 95% interval. */
export function changeSpec(
  ablations: readonly AblationResult[],
  measure: string,
  group: string,
  title: string,
  percent: boolean,
): ChartSpec {
  const values = ablations.flatMap((a) => {
    const c = a.comparison.find((x) => x.measure === measure && x.group === group);
    return c === undefined || c.change === null
      ? []
      : [
          {
            group: `without ${a.group.replace(/_/g, ' ')}`,
            change: c.change,
            lo: c.lo ?? c.change,
            hi: c.hi ?? c.change,
          },
        ];
  });
  const x = { type: 'quantitative', title, ...(percent ? { axis: { format: '+.1%' } } : {}) };
  return {
    width: 520,
    height: 28 * Math.max(1, values.length),
    data: { values },
    encoding: {
      y: { field: 'group', type: 'nominal', title: null, sort: null, axis: { labelLimit: 400 } },
    },
    layer: [
      { mark: { type: 'rule', color: '#999' }, encoding: { x: { datum: 0, ...x } } },
      {
        mark: { type: 'rule', strokeWidth: 2, color: PALETTE[0] },
        encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' } },
      },
      {
        mark: { type: 'point', filled: true, size: 60, color: PALETTE[0] },
        encoding: { x: { field: 'change', ...x } },
      },
    ],
  };
}

/** Figure 2: share of marked households assigned the high-risk protocol, before and after. */
export function markedSpec(ablations: readonly AblationResult[]): ChartSpec {
  const values = ablations.flatMap((a) => {
    const c = a.comparison.find((x) => x.measure === 'marked_high' && x.group === 'marked');
    if (c === undefined || c.a === null || c.b === null) return [];
    const name = a.group.replace(/_/g, ' ');
    return [
      { group: name, model: 'with the group', share: c.a },
      { group: name, model: 'retrained without it', share: c.b },
    ];
  });
  return {
    width: 520,
    height: 30 * Math.max(1, values.length / 2),
    data: { values },
    mark: 'bar',
    encoding: {
      y: {
        field: 'group',
        type: 'nominal',
        title: 'households marked by',
        sort: null,
        axis: { labelLimit: 400 },
      },
      yOffset: { field: 'model', sort: ['with the group', 'retrained without it'] },
      x: {
        field: 'share',
        type: 'quantitative',
        title: 'share assigned the high-risk protocol',
        axis: { format: '%' },
      },
      color: {
        field: 'model',
        type: 'nominal',
        title: null,
        scale: { range: [PALETTE[1], PALETTE[2]] },
        legend: { labelLimit: 400 },
        sort: ['with the group', 'retrained without it'],
      },
    },
  };
}

/** Figure 3: share of households high-risk by people on the referral × race, per model. */
export function householdSizeSpec(rows: readonly HouseholdSizeRow[]): ChartSpec {
  const values = rows
    .filter((r) => r.group !== 'gap' && r.high !== null)
    .map((r) => ({
      model: r.model,
      size: r.size,
      race: RACE_TITLES[r.group] ?? r.group,
      high: r.high,
      lo: r.lo,
      hi: r.hi,
    }));
  const sizes = [...new Set(values.map((v) => v.size))];
  return {
    data: { values },
    facet: { column: { field: 'model', type: 'nominal', title: null, sort: null } },
    spec: {
      width: 280,
      height: 220,
      encoding: {
        x: {
          field: 'size',
          type: 'ordinal',
          title: 'people named on the referral',
          sort: sizes,
          axis: { labelAngle: 0 },
        },
        color: raceColour,
      },
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            y: {
              field: 'high',
              type: 'quantitative',
              title: 'share high-risk',
              axis: { format: '%' },
            },
          },
        },
        {
          mark: { type: 'rule' },
          encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
        },
      ],
    },
  };
}

/** The multiplicity scatter: AUC against the high-risk household gap, one point per model. */
export function multiplicitySpec(candidates: readonly Candidate[]): ChartSpec {
  const values = candidates
    .filter((c) => c.measures['auc:all'] !== null && c.measures['households_high:gap'] !== null)
    .map((c) => ({
      fit: c.fit.replace(/_/g, ' ').replace(':', ' '),
      auc: c.measures['auc:all'],
      gap: c.measures['households_high:gap'],
      chosen: c.chosen ? 'chosen λ of its fit' : 'another λ within 1 SE',
      label: c.label,
    }));
  const fits = [...new Set(values.map((v) => v.fit))];
  return {
    width: 560,
    height: 300,
    data: { values },
    mark: { type: 'point', filled: true, size: 70, opacity: 0.85 },
    encoding: {
      x: {
        field: 'auc',
        type: 'quantitative',
        title: 'AUC (held-out records)',
        scale: { zero: false },
      },
      y: {
        field: 'gap',
        type: 'quantitative',
        title: 'high-risk household gap (Black − non-Black)',
        axis: { format: '.0%' },
        scale: { zero: false },
      },
      color: {
        field: 'fit',
        type: 'nominal',
        title: 'fit',
        scale: { domain: fits, range: PALETTE.slice(0, fits.length) },
      },
      shape: { field: 'chosen', type: 'nominal', title: null, legend: { labelLimit: 400 } },
      tooltip: [
        { field: 'label' },
        { field: 'auc', format: '.3f' },
        { field: 'gap', format: '.1%' },
      ],
    },
  };
}
