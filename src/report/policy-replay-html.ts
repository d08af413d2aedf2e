/**
 * The policy replay as one self-contained HTML page (from `sightline-replay/1` data alone): how
 * to read it (the policies, the high-risk line, the definition of a false positive), the range
 * of every measure across policies (Gerchick et al. 2023, Table 1), how each policy widens or
 * narrows the gaps of the individual view, every policy by household race, the score
 * distribution under each aggregation (Figure 1), the household-size view, counterfactual pairs,
 * and the issues. Formatting only; identical data gives identical bytes.
 */
import type { ReplayReport } from '../audit/index.js';
import { chartFigure } from './chart.js';
import { htmlPage, type Section } from './html.js';
import { table } from './audit-tables.js';
import { distributionByPolicySpec, householdSizeSpec } from './policy-charts.js';
import {
  d3,
  formatterOf,
  measureName,
  pct,
  policyName,
  pts,
  withInterval,
} from './policy-format.js';
import {
  counterfactualHtml,
  householdSizeTable,
  issuesSection,
  renumber,
  PAGE_STYLE,
} from './policy-parts.js';

function readingSection(r: ReplayReport): Section {
  return {
    id: 'reading',
    title: 'How to read this replay',
    notes: [
      `Each policy pairs a score aggregation (what a screener would see) with an outcome level (what counts as the outcome): ${r.policies.length} policies, all evaluated on the same records: ${r.evaluation.description} (${r.evaluation.households.toLocaleString('en-US')} referral-households). Outcomes: ${r.evaluation.labels.child} for the child, ${r.evaluation.labels.household} for the household.`,
      `The high-risk line is a score of ${r.threshold} or more; for the protocol policies it is the high-risk protocol (${r.model.protocol}).`,
      r.falsePositive,
      `Intervals are 95%: a bootstrap over referrals (${r.options.replicates.toLocaleString('en-US')} replicates, seed ${r.options.seed}) for AUC, xAUC and every change; Wilson intervals for shares; the wider of the bootstrap and Newcombe's interval for differences between groups. A "Black household" has at least one person on the referral recorded as Black.`,
      'These numbers do not say whether the tool is fair, nor which policy is right: they show how much the picture of one model depends on how it is aggregated and measured, so that choosing among them is seen as the policy decision it is.',
    ],
    html: `<style>${PAGE_STYLE}</style>`,
  };
}

function rangeSection(r: ReplayReport): Section {
  const rows = r.ranges
    .filter((x) => x.metric !== 'tpr')
    .map((x) => {
      const f = formatterOf(x.metric, x.contrast === 'difference');
      const name =
        x.contrast === 'difference'
          ? measureName(x.metric, 'gap')
          : measureName(x.metric, x.group, x.versus);
      return [
        name,
        f(x.individual),
        `${f(x.min)} (${x.minPolicy === null ? '—' : policyName(x.minPolicy)})`,
        `${f(x.max)} (${x.maxPolicy === null ? '—' : policyName(x.maxPolicy)})`,
        String(x.policies),
      ];
    });
  return {
    id: 'ranges',
    title: 'The range of each measure across policies (Table 1)',
    notes: [
      'The first column is the developers’ own view: each child’s score judged against the child’s outcome. The other two give the lowest and the highest value any policy yields, and where. Individual-score policies have no household share.',
    ],
    html: table(
      'Each measure under the individual view, and its range across policies',
      [
        'measure',
        'individual score × child’s outcome',
        'lowest (policy)',
        'highest (policy)',
        'policies',
      ],
      rows,
    ),
  };
}

function wideningSection(r: ReplayReport): Section {
  const rows = r.policies.map((p) => {
    const get = (m: string) => r.widening.find((w) => w.policy === p.id && w.measure === m);
    const sel = get('selection_gap');
    const fpr = get('fpr_gap');
    return [
      policyName(p.id),
      pts(sel?.gap ?? null),
      p.id === 'individual/child'
        ? 'reference'
        : withInterval(pts, sel?.change ?? null, sel?.lo ?? null, sel?.hi ?? null),
      pts(fpr?.gap ?? null),
      p.id === 'individual/child'
        ? 'reference'
        : withInterval(pts, fpr?.change ?? null, fpr?.lo ?? null, fpr?.hi ?? null),
    ];
  });
  return {
    id: 'widening',
    title: 'Do household views widen the gaps?',
    notes: [
      'Gap = Black minus non-Black households. The change is from the individual score × child’s outcome view, with a paired 95% interval (each replicate evaluates every policy on the same resampled referrals). An interval wholly above 0 means the policy widens the gap.',
    ],
    html: table(
      'Gaps in the share of records flagged and in FPR, and their change from the individual view',
      ['policy', 'flagged gap', 'change (95% interval)', 'FPR gap', 'change (95% interval)'],
      rows,
    ),
  };
}

function policiesSection(r: ReplayReport): Section {
  const groups = ['black', 'non_black', 'all'];
  const rows = r.policies.flatMap((p) =>
    groups.map((g) => {
      const m = (metric: string, extra?: (x: { versus?: string }) => boolean) =>
        p.metrics.find(
          (x) =>
            x.metric === metric &&
            x.group === g &&
            x.contrast === undefined &&
            (extra === undefined || extra(x)),
        );
      const cell = (metric: string, extra?: (x: { versus?: string }) => boolean) => {
        const x = m(metric, extra);
        return x === undefined
          ? '—'
          : withInterval(formatterOf(metric, false), x.value, x.lo, x.hi);
      };
      return [
        g === 'black' ? policyName(p.id) : '',
        g === 'all' ? 'everyone' : g === 'black' ? 'Black' : 'non-Black',
        cell('auc'),
        g === 'all' ? '' : cell('xauc'),
        cell('fpr'),
        cell('tpr'),
        cell('selection_rate'),
        cell('households_flagged'),
      ];
    }),
  );
  return {
    id: 'policies',
    title: 'Every policy, by household race',
    notes: [
      'xAUC: the chance that a child of this group with the outcome is ranked above a child of the other group without it (ties count ½). A low xAUC for Black households means their children with the outcome rank below non-Black children without it more often than the reverse.',
    ],
    html: table(
      'AUC, xAUC, FPR and TPR at the line, and the shares flagged (95% intervals)',
      [
        'policy',
        'households',
        'AUC',
        'xAUC vs the other group',
        'FPR',
        'TPR',
        'records flagged',
        'households flagged',
      ],
      rows,
    ),
  };
}

/**
 * The replay page. `heading` lines describe the model and the extract for the reader.
 * @example await writeFile('report.html', await replayReportHtml(report, ['Model: …']))
 */
export async function replayReportHtml(
  r: ReplayReport,
  heading: readonly string[],
): Promise<string> {
  const distribution: Section = {
    id: 'distribution',
    title: 'Scores by household race under each aggregation (Figure 1)',
    notes: [
      'The individual score counts child-referral records; the household aggregations and the protocol count referral-households, one value each. Under the individual score each score holds about 5% of records; household policies shift every family upward, and Black households more when they are larger or more often marked.',
    ],
    html: await chartFigure(
      'fig-distribution',
      'Share of records or households at each score or protocol, by household race, under each aggregation',
      'Bar charts, one per aggregation, of the share of Black and non-Black households at each score.',
      distributionByPolicySpec(r.distribution),
    ),
  };
  const size: Section = {
    id: 'household-size',
    title: 'High-risk protocol by household size',
    notes: [
      'Share of referral-households assigned the high-risk protocol, by the number of people named on the referral. The marked column is the share in which someone carries an "ever-in" mark (jail, juvenile probation or public benefits, ever). The ablation page compares this with a model retrained without the ever-in features.',
    ],
    html: `${await chartFigure('fig-size', 'Share assigned the high-risk protocol by people on the referral and household race, with 95% intervals', 'Line chart of the high-risk share by household size for Black and non-Black households.', householdSizeSpec(r.householdSize))}\n${householdSizeTable(r.householdSize)}`,
  };
  const sections: Section[] = [
    readingSection(r),
    rangeSection(r),
    wideningSection(r),
    policiesSection(r),
    distribution,
    size,
  ];
  if (r.counterfactual.length > 0)
    sections.push(counterfactualHtml(r.counterfactual, r.model.bins));
  sections.push(issuesSection(r.issues));
  const meta = [
    ...heading,
    `Model: ${r.model.summary}; scores 1–${r.model.bins}; protocol ${r.model.protocol}. High-risk line: score ≥ ${r.threshold}. AUC under the individual view: ${d3(r.ranges.find((x) => x.metric === 'auc' && x.group === 'all')?.individual ?? null)}; households flagged under the protocol: ${pct(r.policies.find((p) => p.id === 'protocol/child')?.metrics.find((m) => m.metric === 'households_flagged' && m.group === 'all')?.value ?? null)}.`,
    `Generated by sightline replay (${r.report}); the same input gives the same bytes.`,
  ];
  return renumber(htmlPage('Sightline policy replay: one model, many policies', meta, sections));
}
