/**
 * Report sections about the first model: how it was trained, how it does on held-out records,
 * what the screener would see (score distribution, protocol rates), and what the Allegheny
 * validation mistakes would have claimed on the same data.
 */
import {
  aucWithInterval,
  protocolRates,
  ratesAtCut,
  scoreDistribution,
  type AucEstimate,
} from '../../src/audit/index.js';
import type { FeatureSet } from '../../src/features/index.js';
import { chartFigure, htmlTable, type Cell, type Section } from '../../src/report/index.js';
import type { NaiveResult, ScoredRecords, TrainResult } from '../../src/scoring/index.js';
import { maxScore } from '../../src/scoring/index.js';
import type { CvLassoResult } from '../../src/models/index.js';

const REPLICATES = 500;
const f3 = (v: number | null) => (v === null ? NaN : Number(v.toFixed(3)));
const interval = (e: AucEstimate) =>
  `${e.value.toFixed(3)} (${e.lo.toFixed(3)}–${e.hi.toFixed(3)})`;

/** Everything the model sections show, as report.json data. */
export async function modelSections(
  fs: FeatureSet,
  t: TrainResult,
  naive: NaiveResult,
  scored: ScoredRecords,
  seed: number,
): Promise<{ sections: Section[]; json: Record<string, unknown> }> {
  const file = t.file;
  const tr = file.training!;
  const top = maxScore(file.scale);
  const cut = top - Math.round(top / 4) + 1;
  const test = t.split.test;
  const honest = aucWithInterval(t.y, t.probability, test, fs.records.household, REPLICATES, seed);
  const naiveP = new Float64Array(t.y.length).fill(NaN);
  naive.split.test.forEach((r, i) => (naiveP[r] = naive.probability[i]!));
  const naiveAuc = aucWithInterval(
    naive.y,
    naiveP,
    naive.split.test,
    fs.records.household,
    REPLICATES,
    seed,
  );
  const rates = ratesAtCut(t.y, scored.score, test, fs.records, cut, seed).filter(
    (m) => m.threshold !== undefined && m.contrast === undefined,
  );
  const dist = scoreDistribution(scored.score, test, fs.records, top);
  const protocols = protocolRates(scored.protocol, test, fs.records);
  const m = t.file.model;
  if (m.kind !== 'lasso' || t.cv === null) {
    throw new Error('modelSections describes a LASSO trained by trainModel');
  }
  const nonzero = m.coefficients.filter((b) => b !== 0).length;
  const sections: Section[] = [
    {
      id: 'training',
      title: 'How the model was trained',
      notes: [
        `Population: ${tr.population === 'screened_in' ? 'screened-in' : 'all'} child-referral records of calls from ${tr.from} up to ${tr.to} whose two-year outcome window has closed; label: ${tr.label} (an agency action, not harm itself). Split: whole groups of records linked by a child or a referral go to one side (${tr.rowsTrain} training, ${tr.rowsTest} test records). ${t.leakage.message}.`,
        `LASSO logistic regression, λ chosen by grouped ${tr.folds}-fold cross-validation inside the training records with the one-standard-error rule: λ_min = ${m.lambdaMin?.toPrecision(4)}, λ_1se = ${m.lambdaOneSe?.toPrecision(4)}; ${nonzero} of ${m.features.length} features have a non-zero coefficient. Scores 1–${top} are cut at the quantiles of the ${file.scale.kind === 'quantile' ? file.scale.population.description : 'probability'} — "not a principled decision", as the Allegheny developers said, so it is recorded with the model.`,
      ],
      html: await cvChart(t.cv),
    },
    {
      id: 'performance',
      title: 'How well it ranks held-out records',
      notes: [
        `AUC is the chance that a randomly chosen child who was placed scored higher than one who was not (½ for ties). 95% intervals resample referrals, not rows, because siblings share outcomes. The top-25% cut is score ≥ ${cut}.`,
        'Outcomes exist only for screened-in records: these numbers say nothing about how the model ranks children whose calls were screened out.',
      ],
      html: [
        htmlTable(
          'Test-set AUC of the predicted probability',
          ['records', 'AUC (95% interval)'],
          [[honest.n, interval(honest)]],
        ),
        htmlTable(
          `Rates at score ≥ ${cut}, by household race (95% Wilson intervals)`,
          ['metric', 'group', 'value', 'interval', 'denominator'],
          rates.map((r): Cell[] => [
            r.metric,
            r.group,
            f3(r.value),
            r.lo === null ? '—' : `${r.lo.toFixed(3)}–${r.hi!.toFixed(3)}`,
            r.n,
          ]),
        ),
      ].join('\n'),
    },
    {
      id: 'scores',
      title: 'What a screener would see',
      notes: [
        `Scores 1–${top} of test records (each score holds about ${Math.round(100 / top)}% of them by construction), and the protocol of each test household under ${file.protocol.name} v${file.protocol.version}.`,
      ],
      html: [
        await chartFigure(
          'score-distribution',
          'Share of test records at each score, by household race',
          `Bar chart of the share of test records at each score from 1 to ${top}, for Black households, non-Black households and all.`,
          {
            width: 560,
            height: 220,
            data: { values: dist.filter((d) => d.group !== 'all') },
            mark: 'bar',
            encoding: {
              x: { field: 'score', type: 'ordinal', title: 'score' },
              xOffset: { field: 'group' },
              y: {
                field: 'share',
                type: 'quantitative',
                title: 'share of records',
                axis: { format: '%' },
              },
              color: {
                field: 'group',
                type: 'nominal',
                title: 'household',
                scale: { range: ['#1b6ca8', '#d9822b'] },
              },
            },
          },
        ),
        htmlTable(
          'Protocol of test households',
          ['household', 'protocol', 'households', 'share'],
          protocols.map((p): Cell[] => [p.group, p.protocol, p.households, f3(p.share)]),
        ),
      ].join('\n'),
    },
    {
      id: 'validation-mistakes',
      title: 'What the Allegheny validation mistakes would have reported',
      notes: [
        'The naive procedure splits records at random (the same child, and siblings on one call, land on both sides) and selects features on all records before splitting. The honest procedure keeps every child and referral on one side and selects inside the training records only.',
        `Naive split: ${naive.leakage.message}. Features selected on all data: ${naive.selected}.`,
      ],
      html: htmlTable(
        'Test AUC under each procedure (95% cluster-bootstrap intervals)',
        ['procedure', 'test records', 'AUC'],
        [
          ['honest: grouped split, selection inside training', honest.n, interval(honest)],
          ['naive: record-level split, selection on all data', naiveAuc.n, interval(naiveAuc)],
        ],
      ),
    },
  ];
  const json = {
    training: tr,
    lambda: {
      min: m.lambdaMin,
      oneSe: m.lambdaOneSe,
      rule: m.rule,
      nonzero,
      features: m.features.length,
    },
    test: { auc: honest, cut: `score>=${cut}`, rates, scoreDistribution: dist, protocols },
    naive: { auc: naiveAuc, selected: naive.selected, leakage: naive.leakage.message },
  };
  return { sections, json };
}

async function cvChart(result: CvLassoResult): Promise<string> {
  const cv = result.cv;
  const values = Array.from(cv.lambdas, (l, i) => ({
    logLambda: Math.log(l),
    cvm: cv.cvm[i]!,
    lo: cv.cvm[i]! - cv.cvsd[i]!,
    hi: cv.cvm[i]! + cv.cvsd[i]!,
  }));
  const rules = [
    { logLambda: Math.log(cv.lambdaMin), rule: 'λ_min' },
    { logLambda: Math.log(cv.lambdaOneSe), rule: 'λ_1se' },
  ];
  return chartFigure(
    'cv-curve',
    'Cross-validated deviance along the λ path, with ±1 standard error and the two chosen λ',
    'Line chart of mean cross-validated binomial deviance against log lambda, with a band of one standard error and vertical rules at lambda min and lambda one-SE.',
    {
      width: 560,
      height: 220,
      layer: [
        {
          data: { values },
          mark: { type: 'area', opacity: 0.25, color: '#5b6b80' },
          encoding: {
            x: { field: 'logLambda', type: 'quantitative', title: 'log λ' },
            y: { field: 'lo', type: 'quantitative', title: 'CV deviance', scale: { zero: false } },
            y2: { field: 'hi' },
          },
        },
        {
          data: { values },
          mark: { type: 'line', color: '#1a1a1a' },
          encoding: {
            x: { field: 'logLambda', type: 'quantitative' },
            y: { field: 'cvm', type: 'quantitative' },
          },
        },
        {
          data: { values: rules },
          mark: { type: 'rule', strokeDash: [4, 3] },
          encoding: {
            x: { field: 'logLambda', type: 'quantitative' },
            color: { field: 'rule', type: 'nominal', title: '' },
          },
        },
      ],
    },
  );
}
