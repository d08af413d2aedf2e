/**
 * The feature-group ablation as one self-contained HTML page (from `sightline-ablation/1` data
 * alone): what was retrained and how, the AUC change of each ablation with its paired interval
 * (Gerchick et al. 2023, Table 2), the change in disparities, who crosses the high-risk line and
 * how marked households fare (Figure 2), the household-size view with and without the "ever-in"
 * features (Figure 3), model multiplicity, the crossing records when they were asked for, and the
 * issues. Formatting only; identical data gives identical bytes.
 */
import type { AblationReport, AblationResult } from '../audit/index.js';
import { chartFigure } from './chart.js';
import { htmlPage, type Section } from './html.js';
import { table } from './audit-tables.js';
import { changeSpec, householdSizeSpec, markedSpec, multiplicitySpec } from './policy-charts.js';
import { d3, formatterOf, measureName, pct, withInterval } from './policy-format.js';
import { householdSizeTable, issuesSection, renumber, PAGE_STYLE } from './policy-parts.js';

/** Shown record rows at most (report.json holds them all). */
const MAX_RECORDS = 200;

const GROUP_WORDS: Readonly<Record<string, string>> = {
  black: 'Black',
  non_black: 'non-Black',
  marked: 'marked by the group',
  unmarked: 'not marked',
  all: 'all',
};

const name = (a: AblationResult) => `without ${a.group.replace(/_/g, ' ')}`;

function readingSection(r: AblationReport): Section {
  return {
    id: 'reading',
    title: 'How to read this ablation',
    notes: [
      `Each group of features was dropped and the LASSO retrained by the identical procedure: the same training rows, the same grouped folds, the same CV parameters and λ rule, its score scale refitted the same way. Every model is then judged on the same records: ${r.evaluation.description}.`,
      `Measures are taken under the model's protocol (${r.model.protocol}): the share of referral-households assigned the high-risk protocol, and the FPR of that protocol (children whose household is high-risk although the outcome did not happen ÷ children without the outcome). Gap = Black minus non-Black households.`,
      `Every change comes with a paired 95% interval: each of ${r.options.replicates.toLocaleString('en-US')} bootstrap replicates (seed ${r.options.seed}) resamples referrals once and scores both models on that draw.`,
      'A change in AUC of less than 0.01 with a visible change in who is labelled high-risk is the finding of the independent audit: when several models are equally accurate, choosing the features is a policy choice.',
    ],
    html: `<style>${PAGE_STYLE}</style>`,
  };
}

async function aucSection(r: AblationReport): Promise<Section> {
  const rows = r.ablations.map((a) => {
    const auc = a.comparison.find((c) => c.measure === 'auc');
    return [
      name(a),
      `${a.dropped} (${a.droppedNonzero.length} non-zero in the base model)`,
      a.model === null
        ? 'base model kept'
        : `${a.model.nonzero}, λ = ${a.model.lambda.toPrecision(3)}`,
      d3(auc?.a ?? null),
      d3(auc?.b ?? null),
      withInterval((v) => d3(v, true), auc?.change ?? null, auc?.lo ?? null, auc?.hi ?? null),
    ];
  });
  return {
    id: 'auc',
    title: 'What each group adds to accuracy (Table 2)',
    html: [
      table(
        'AUC on the held-out records of the base model and of each retrained model',
        [
          'model',
          'features dropped',
          'non-zero features after',
          'AUC with',
          'AUC without',
          'change (paired 95% interval)',
        ],
        rows,
      ),
      await chartFigure(
        'fig-auc',
        'Change in AUC from dropping each group, with paired 95% intervals',
        'Dot and interval chart of the AUC change of each ablation.',
        changeSpec(r.ablations, 'auc', 'all', 'change in AUC', false),
      ),
    ].join('\n'),
  };
}

async function disparitySection(r: AblationReport): Promise<Section> {
  const shown: [string, string][] = [
    ['households_high', 'black'],
    ['households_high', 'non_black'],
    ['households_high', 'gap'],
    ['fpr_high', 'gap'],
  ];
  const rows = r.ablations.flatMap((a) =>
    shown.map(([m, g], k) => {
      const c = a.comparison.find((x) => x.measure === m && x.group === g);
      return [
        k === 0 ? name(a) : '',
        measureName(m, g),
        formatterOf(m, g === 'gap')(c?.a ?? null),
        formatterOf(m, g === 'gap')(c?.b ?? null),
        withInterval(formatterOf(m, true), c?.change ?? null, c?.lo ?? null, c?.hi ?? null),
      ];
    }),
  );
  return {
    id: 'disparities',
    title: 'What each group does to disparities',
    html: [
      table(
        'High-risk shares and gaps with and without each group (changes with paired 95% intervals)',
        ['model', 'measure', 'with', 'without', 'change'],
        rows,
      ),
      await chartFigure(
        'fig-gap',
        'Change in the high-risk household gap (Black − non-Black) from dropping each group',
        'Dot and interval chart of the change in the gap of each ablation.',
        changeSpec(r.ablations, 'households_high', 'gap', 'change in the gap', true),
      ),
    ].join('\n'),
  };
}

async function crossingSection(r: AblationReport): Promise<Section> {
  const rows = r.ablations.flatMap((a) =>
    a.crossings.map((c, k) => [
      k === 0 ? name(a) : '',
      GROUP_WORDS[c.group] ?? c.group,
      c.households.toLocaleString('en-US'),
      `${c.highBefore.toLocaleString('en-US')} → ${c.highAfter.toLocaleString('en-US')}`,
      c.left.toLocaleString('en-US'),
      c.entered.toLocaleString('en-US'),
    ]),
  );
  return {
    id: 'crossings',
    title: 'Who crosses the high-risk line (Figure 2)',
    notes: [
      'Referral-households assigned the high-risk protocol by the base model and not by the retrained one (left), and the reverse (entered). "Marked" households have someone with a non-zero value in a feature of the dropped group — for juvenile probation, any history with the juvenile probation system.',
    ],
    html: [
      table(
        'Households crossing the high-risk line, by household race and mark',
        ['model', 'households', 'n', 'high-risk before → after', 'left', 'entered'],
        rows,
      ),
      await chartFigure(
        'fig-marked',
        'Share of households marked by each group that are assigned the high-risk protocol, with and without the group',
        'Bar chart of the high-risk share of marked households before and after each ablation.',
        markedSpec(r.ablations),
      ),
    ].join('\n'),
  };
}

async function multiplicitySection(r: AblationReport): Promise<Section> {
  const m = r.multiplicity;
  const ranges = m.ranges.map((x) => {
    const [metric = '', group = ''] = x.measure.split(':');
    const f = formatterOf(metric, group === 'gap');
    return [
      measureName(metric, group),
      f(x.min),
      f(x.max),
      x.minCandidate ?? '—',
      x.maxCandidate ?? '—',
    ];
  });
  return {
    id: 'multiplicity',
    title: 'Model multiplicity: equally good models, different disparities',
    notes: [
      `A model is within one standard error of the best when its CV loss is at most ${d3(m.best.cutoff)} (the lowest loss, ${d3(m.best.cvm)} in ${m.best.fit}, plus its standard error ${d3(m.best.cvsd)}). Candidates are λs along the paths of the base model, of each ablation (same folds)${r.options.seeds > 0 ? ' and of other fold seeds (other folds: their losses compare only approximately)' : ''}; at most ${r.options.maxPerPath} per path are scored (qualifying per path: ${Object.entries(
        m.qualifying,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}).`,
    ],
    html: [
      table(
        `The range of each measure among the ${m.candidates.length} models scored`,
        ['measure', 'lowest', 'highest', 'lowest in', 'highest in'],
        ranges,
      ),
      await chartFigure(
        'fig-multiplicity',
        'AUC and high-risk household gap of every model within one standard error of the best',
        'Scatter of AUC against the high-risk household gap, one point per model.',
        multiplicitySpec(m.candidates),
      ),
    ].join('\n'),
  };
}

function recordsSection(r: AblationReport): Section | null {
  const all = r.ablations.flatMap((a) => (a.records ?? []).map((x) => ({ a, x })));
  if (r.ablations.every((a) => a.records === null)) return null;
  const rows = all
    .slice(0, MAX_RECORDS)
    .map(({ a, x }) => [
      name(a),
      x.referralId,
      x.personId,
      GROUP_WORDS[x.householdRace] ?? x.householdRace,
      x.marked ? 'yes' : 'no',
      `${x.scoreBefore} → ${x.scoreAfter}`,
      `${x.protocolBefore} → ${x.protocolAfter}`,
    ]);
  return {
    id: 'records',
    title: 'The records behind the crossings (for an analyst with access)',
    notes: [
      `These ids identify families: this page and report.json are for people entitled to the extract. ${all.length.toLocaleString('en-US')} records${all.length > MAX_RECORDS ? `; the first ${MAX_RECORDS} are shown, report.json holds all` : ''}.`,
    ],
    html: table(
      'Child-referral records of households that crossed the high-risk line',
      ['model', 'referral', 'person', 'household', 'marked', 'score', 'protocol'],
      rows,
    ),
  };
}

/**
 * The ablation page. `heading` lines describe the model and the extract for the reader.
 * @example await writeFile('report.html', await ablationReportHtml(report, ['Model: …']))
 */
export async function ablationReportHtml(
  r: AblationReport,
  heading: readonly string[],
): Promise<string> {
  const size: Section | null =
    r.householdSize === null
      ? null
      : {
          id: 'household-size',
          title:
            'High-risk protocol by household size, with and without the ever-in features (Figure 3)',
          notes: [
            'The more people on a referral, the more chances that one of them carries an "ever-in" mark; under the household maximum one mark can raise the whole household. The gap rows give Black minus non-Black households with Newcombe intervals.',
          ],
          html: `${await chartFigure('fig-size', 'Share assigned the high-risk protocol by people on the referral and household race, with 95% intervals', 'Line charts of the high-risk share by household size for each model.', householdSizeSpec(r.householdSize))}\n${householdSizeTable(r.householdSize)}`,
        };
  const sections = [
    readingSection(r),
    await aucSection(r),
    await disparitySection(r),
    await crossingSection(r),
    ...(size === null ? [] : [size]),
    await multiplicitySection(r),
    ...[recordsSection(r)].filter((s): s is Section => s !== null),
    issuesSection([...r.issues, ...r.ablations.flatMap((a) => a.issues)]),
  ];
  const base = r.ablations[0]?.comparison.find((c) => c.measure === 'auc')?.a ?? null;
  const meta = [
    ...heading,
    `Base model: ${r.model.summary}, λ = ${r.model.lambda?.toPrecision(4) ?? '—'}, AUC ${d3(base)}; protocol ${r.model.protocol}; households high-risk ${pct(r.ablations[0]?.comparison.find((c) => c.measure === 'households_high' && c.group === 'all')?.a ?? null)}.`,
    `Generated by sightline ablate (${r.report}); the same input gives the same bytes.`,
  ];
  return renumber(
    htmlPage(
      'Sightline feature-group ablation: the same procedure without a source',
      meta,
      sections,
    ),
  );
}
