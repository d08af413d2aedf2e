/**
 * The oracle-test questions of Chouldechova et al. (2018, §4.1) — would a concern remain if the
 * model predicted the outcome perfectly? — answered from what the inputs hold, or said to be
 * unanswerable from them: target-variable bias, target versus decision criteria, explainability,
 * effects of interventions.
 */
import { modelSummary } from '../scoring/index.js';
import { cardMetrics } from './card-evidence.js';
import { fact, missing, type CardInputs, type OracleAnswer } from './card-types.js';

const f3 = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : 'suppressed');

/** The oracle test: would a concern remain with a perfect predictor? */
export function oracleAnswers(inputs: CardInputs): OracleAnswer[] {
  const file = inputs.model.value;
  const t = file.training;
  const metrics = cardMetrics(inputs);
  const base = metrics.groupings[0];
  const rates = base
    ? fact(
        `Observed outcome rate by ${base.name}`,
        base.groups
          .filter((g) => g.metrics.base_rate?.value != null)
          .map(
            (g) =>
              `${g.group} ${f3(g.metrics.base_rate!.value)} (${f3(g.metrics.base_rate!.lo)}–${f3(g.metrics.base_rate!.hi)})`,
          )
          .join('; ') || 'all suppressed',
        'audit',
      )
    : missing('Observed outcome rate by group', metrics.missing ?? 'no grouping in the audit');
  const label = t
    ? fact('Label', `${t.label}, on ${t.population} records`, 'model')
    : missing('Label', 'no training record');
  const p = file.protocol;
  const s = modelSummary(file.model);
  return [
    {
      question:
        'Target-variable bias: is the outcome a faithful stand-in for harm, equally for every group?',
      concern: 'remains with a perfect predictor',
      answer: [
        label,
        rates,
        missing(
          'Agreement of the label with harm by group',
          'no input measures harm itself; this needs a case-file review',
        ),
      ],
      status: 'partly answered',
    },
    {
      question:
        'Prediction target versus decision criteria: does predicting the outcome answer the screening question?',
      concern: 'remains with a perfect predictor',
      answer: [
        label,
        fact(
          'How the score becomes a decision',
          `${p.name} v${p.version}${p.high ? `: high-risk protocol at score ≥ ${p.high.minScore}` : ''}, aggregated by ${file.aggregation}`,
          'model',
        ),
        fact(
          'Gap',
          'The score predicts a later agency outcome; the screener decides whether the allegation warrants an investigation now. Other considerations of the decision are not in the model.',
          'use policy',
        ),
      ],
      status: 'answered',
    },
    {
      question: 'Explainability: can the model say why a referral scores high?',
      concern: 'remains with a perfect predictor',
      answer: [
        fact(
          'Model form',
          file.model.kind === 'lasso'
            ? `a linear score: ${s.text}; each coefficient can be read, none is causal`
            : `${s.text}: per-referral explanations by feature group come from sightline explain and are not causal`,
          'model',
        ),
      ],
      status: 'answered',
    },
    {
      question: 'Effects of interventions: would a service change the predicted outcome?',
      concern: 'remains with a perfect predictor',
      answer: [
        missing(
          'Effect of services on the outcome',
          'the model describes the data as it is; no input estimates what an intervention would change (a causal study is needed)',
        ),
      ],
      status: 'not answerable from the inputs',
    },
  ];
}
