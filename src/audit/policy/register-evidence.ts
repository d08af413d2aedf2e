/**
 * Evidence for the decision register, from replay and ablation reports: short sentences with the
 * numbers behind them (as `measures`), attached to the decisions they bear on. Formatting only:
 * every number comes from a report.
 */
import type { AblationReport } from './ablation.js';
import type { DecisionId, Evidence } from './register.js';
import type { ReplayReport } from './replay.js';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const pts = (v: number | null) =>
  v === null ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} pts`;
const d3 = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/** Evidence from a replay: for the aggregation and the protocol decisions. */
export function replayEvidence(r: ReplayReport, source: string | null): [DecisionId, Evidence][] {
  const range = (metric: string, group: string, contrast?: string) =>
    r.ranges.find((x) => x.metric === metric && x.group === group && x.contrast === contrast);
  const auc = range('auc', 'all');
  const fpr = range('fpr', 'black', 'difference');
  const widen = r.widening.find(
    (w) => w.policy === 'household_max/child' && w.measure === 'selection_gap',
  );
  const protocol = r.policies.find((p) => p.id === 'protocol/child');
  const hh = (group: string, contrast?: string) =>
    protocol?.metrics.find(
      (m) => m.metric === 'households_flagged' && m.group === group && m.contrast === contrast,
    )?.value ?? null;
  return [
    [
      'aggregation',
      {
        analysis: 'replay',
        summary: `Across ${r.policies.length} policies (score aggregation × outcome level), AUC ranges ${d3(auc?.min ?? null)}–${d3(auc?.max ?? null)} and the FPR gap (Black − non-Black households) ${pts(fpr?.min ?? null)} to ${pts(fpr?.max ?? null)}. The household maximum changes the gap in the share flagged high-risk by ${pts(widen?.change ?? null)} (95% interval ${pts(widen?.lo ?? null)} to ${pts(widen?.hi ?? null)}) from the individual score.`,
        measures: {
          auc_min: auc?.min ?? null,
          auc_max: auc?.max ?? null,
          fpr_gap_min: fpr?.min ?? null,
          fpr_gap_max: fpr?.max ?? null,
          household_max_selection_gap_change: widen?.change ?? null,
          household_max_selection_gap_change_lo: widen?.lo ?? null,
          household_max_selection_gap_change_hi: widen?.hi ?? null,
        },
        source,
      },
    ],
    [
      'protocol',
      {
        analysis: 'replay',
        summary: `Under the protocol, ${pct(hh('black'))} of Black and ${pct(hh('non_black'))} of non-Black referral-households are assigned the high-risk protocol (gap ${pts(hh('black', 'difference'))}).`,
        measures: {
          households_high_black: hh('black'),
          households_high_non_black: hh('non_black'),
          households_high_gap: hh('black', 'difference'),
        },
        source,
      },
    ],
  ];
}

/** Evidence from an ablation: feature groups, feature selection (multiplicity), household size. */
export function ablationEvidence(
  r: AblationReport,
  source: string | null,
): [DecisionId, Evidence][] {
  const measures: Record<string, number | null> = {};
  const lines = r.ablations.map((a) => {
    const get = (m: string, g: string) =>
      a.comparison.find((c) => c.measure === m && c.group === g);
    const auc = get('auc', 'all');
    const gap = get('households_high', 'gap');
    measures[`${a.group}.auc_change`] = auc?.change ?? null;
    measures[`${a.group}.auc_change_lo`] = auc?.lo ?? null;
    measures[`${a.group}.auc_change_hi`] = auc?.hi ?? null;
    measures[`${a.group}.high_gap_change`] = gap?.change ?? null;
    return `without ${a.group.replace(/_/g, ' ')}: AUC ${d3(auc?.change ?? null)} (${d3(auc?.lo ?? null)} to ${d3(auc?.hi ?? null)}), high-risk household gap ${pts(gap?.change ?? null)}`;
  });
  const out: [DecisionId, Evidence][] = [
    [
      'feature_groups',
      {
        analysis: 'ablation',
        summary: `Retrained by the identical procedure: ${lines.join('; ')}.`,
        measures,
        source,
      },
    ],
  ];
  const m = r.multiplicity;
  const gap = m.ranges.find((x) => x.measure === 'households_high:gap');
  const auc = m.ranges.find((x) => x.measure === 'auc:all');
  out.push([
    'feature_selection',
    {
      analysis: 'multiplicity',
      summary: `${m.candidates.length} models scored within one standard error of the best CV loss (λs, feature groups${r.options.seeds > 0 ? ', fold seeds' : ''}): AUC ${d3(auc?.min ?? null)}–${d3(auc?.max ?? null)}, high-risk household gap ${pts(gap?.min ?? null)} to ${pts(gap?.max ?? null)}.`,
      measures: {
        candidates: m.candidates.length,
        auc_min: auc?.min ?? null,
        auc_max: auc?.max ?? null,
        high_gap_min: gap?.min ?? null,
        high_gap_max: gap?.max ?? null,
      },
      source,
    },
  ]);
  const big = (r.householdSize ?? []).filter((x) => x.group === 'gap' && x.size.endsWith('+'));
  if (big.length > 0) {
    out.push([
      'aggregation',
      {
        analysis: 'household_size',
        summary: `Referrals with ${big[0]!.size} people: high-risk gap ${big.map((b) => `${pts(b.high)} (${b.model})`).join(', ')}.`,
        measures: Object.fromEntries(big.map((b) => [`${b.model}.largest_gap`, b.high])),
        source,
      },
    ]);
  }
  return out;
}
