/**
 * The selective-labels section of the process report: coverage by label status and group, the
 * model on re-referred-then-screened-in records beside screened-in ones, the worst and best case
 * over the unobserved outcomes, and the contraction comparison with its assumption.
 */
import type { ProcessReport, SelectiveLabelsResult } from '../audit/index.js';
import { table } from './audit-tables.js';
import { chartFigure } from './chart.js';
import type { Section } from './html.js';
import { boundsSpec, contractionSpec, coverageSpec } from './process-labels-charts.js';
import { count, num, pct, rateText } from './process-format.js';

const STATUS_TEXT: Readonly<Record<string, string>> = {
  screened_in: 'screened in: outcome observed',
  out_then_screened_in: 'screened out, re-referred and screened in within 2 years: partly observed',
  out_unobserved: 'screened out, not screened in again: unknown',
  undecided: 'no decision recorded',
  all: 'all matured records',
};

async function coverageHtml(s: SelectiveLabelsResult): Promise<string> {
  const groups = [...new Set(s.coverage.map((c) => c.group))];
  const fig = await chartFigure(
    'coverage',
    'Share of matured records by what is known of their outcome',
    'Stacked bars of label status by household race',
    coverageSpec(s.coverage, groups),
  );
  const rows = s.coverage
    .filter((c) => c.records > 0)
    .map((c) => [
      STATUS_TEXT[c.status] ?? c.status,
      c.group,
      count(c.records),
      pct(c.share),
      rateText(c.positive),
    ]);
  return `${fig}\n${table(`Label coverage (${s.label})`, ['status', 'group', 'records', 'share of group', 'outcome recorded'], rows)}`;
}

function performanceHtml(s: SelectiveLabelsResult): string {
  return table(
    `The model on the two kinds of labelled records (score ≥ ${s.cut} for TPR and FPR; 95% intervals)`,
    ['records', 'group', 'n', 'outcome rate', 'AUC', 'TPR', 'FPR'],
    s.performance
      .filter((p) => p.records > 0)
      .map((p) => [
        STATUS_TEXT[p.status] ?? p.status,
        p.group,
        count(p.records),
        pct(p.positive.rate),
        `${num(p.auc.value)} (${num(p.auc.lo)} to ${num(p.auc.hi)})`,
        `${pct(p.tpr.rate)} (${pct(p.tpr.lo)} to ${pct(p.tpr.hi)})`,
        `${pct(p.fpr.rate)} (${pct(p.fpr.lo)} to ${pct(p.fpr.hi)})`,
      ]),
  );
}

async function boundsHtml(s: SelectiveLabelsResult): Promise<string> {
  const fig = await chartFigure(
    'bounds',
    'Observed value (dot) and the range over every labelling of the unobserved records (bar)',
    'Bounds on AUC and FPR by household race',
    boundsSpec(s),
  );
  const t = table(
    'Worst and best case over the unobserved outcomes',
    [
      'group',
      'labelled',
      'unobserved',
      'AUC observed',
      'AUC worst–best',
      `FPR at ≥ ${s.cut} observed`,
      'FPR lowest–highest',
      'TPR observed',
      'TPR lowest–highest',
    ],
    s.bounds.map((b) => [
      b.group,
      count(b.auc.labelled),
      count(b.auc.unknown),
      num(b.auc.observed),
      `${num(b.auc.min)} – ${num(b.auc.max)}`,
      pct(b.atCut.fpr.observed),
      `${pct(b.atCut.fpr.min)} – ${pct(b.atCut.fpr.max)}`,
      pct(b.atCut.tpr.observed),
      `${pct(b.atCut.tpr.min)} – ${pct(b.atCut.tpr.max)}`,
    ]),
  );
  return `${fig}\n${t}`;
}

async function contractionHtml(s: SelectiveLabelsResult): Promise<string> {
  const c = s.contraction;
  const fig = await chartFigure(
    'contraction',
    'Failure rate against screen-out rate: the model on the most lenient screeners’ cases (line) and screeners (points)',
    'Contraction curve',
    contractionSpec(c),
  );
  const t = table(
    'Screeners pooled by leniency, and the model at the same screen-out rate on the lenient caseload',
    [
      'who',
      'cases',
      'screen-out rate',
      'failure rate (people)',
      'failure rate (model, same screen-out rate)',
    ],
    [
      [
        `${c.lenient.label} (${c.lenient.screeners.length})`,
        count(c.lenient.cases),
        pct(c.lenient.screenOutRate),
        pct(c.lenient.failureRate, 2),
        '—',
      ],
      ...c.bands.map((b) => [
        `screeners, ${b.label}`,
        count(b.cases),
        pct(b.screenOutRate),
        pct(b.failureRate, 2),
        pct(b.model, 2),
      ]),
    ],
  );
  return `${fig}\n${t}`;
}

/** The section, or a note saying why it is missing. */
export async function labelsSection(r: ProcessReport): Promise<Section> {
  const s = r.selectiveLabels;
  if (s === null) {
    return {
      id: 'labels',
      title: 'Selective labels',
      notes: [
        'Not run: the selective-labels analysis needs a model (--model MODEL) to score the records.',
      ],
      html: '',
    };
  }
  const c = s.contraction;
  return {
    id: 'labels',
    title: 'Selective labels: whose outcomes the data can show',
    notes: [
      `${count(s.matured)} matured child-referral records (two-year window closed). Placement is seen only when someone investigates: a screened-out child’s outcome is known only if the child was re-referred and screened in within two years.`,
      'The bounds assume nothing about the unobserved outcomes: every possible labelling is allowed. A wide range means the observed AUC or FPR cannot be trusted for the whole population.',
      `Contraction (Lakkaraju et al. 2017): the ${c.lenient.screeners.length} most lenient screeners (of ${c.screenersUsed} with enough cases) screened out ${pct(c.lenient.screenOutRate)} of their ${count(c.lenient.cases)} referrals. A failure is a referral screened out whose child was placed within two years. Assumption: ${c.assumption}`,
    ],
    html: `<h3>Coverage</h3>\n${await coverageHtml(s)}\n<h3>Re-referred, then screened in</h3>\n${performanceHtml(s)}\n<h3>Bounds</h3>\n${await boundsHtml(s)}\n<h3>Contraction</h3>\n${await contractionHtml(s)}`,
  };
}
