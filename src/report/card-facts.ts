/**
 * The card's facts read from the model file: what the model is, its intended use and misuse, whom
 * it describes and what its label means, with the limits that follow (selective labels, proxy
 * target, feedback), and the datasheet of the data it was trained and evaluated on.
 */
import { modelSummary, type ModelFile } from '../scoring/index.js';
import { fact, missing, type CardInputs, type Fact, type Json } from './card-types.js';

const LABEL_TEXT: Record<string, string> = {
  placement_2y: 'placement of the child in foster care within two years of the call',
  re_referral_2y: 'a new referral of the child within two years of the call',
  household_placement_2y: 'placement of any child of the referral within two years',
  household_re_referral_2y: 'a new referral of any child of the referral within two years',
};

const int = (n: number) => n.toLocaleString('en-US');
const sig = (x: number | null) =>
  x === null ? 'not recorded' : Number(x.toPrecision(4)).toString();
const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : 'no rows');

/** What the model file says about the model itself. */
export function modelFacts(file: ModelFile): Fact[] {
  const s = modelSummary(file.model);
  const scale = file.scale;
  const p = file.protocol;
  const out: Fact[] = [
    fact('Model', `${s.kind}: ${s.text}`, 'model'),
    fact(
      'Score scale',
      scale.kind === 'quantile'
        ? `${scale.bins} quantile bins (scores 1–${scale.bins}); cut points from: ${scale.population.description} (n = ${int(scale.population.n)}${scale.population.dataHash ? `, data ${scale.population.dataHash}` : ''})`
        : 'predicted probabilities (no score bins)',
      'model',
    ),
    fact('Household aggregation', file.aggregation, 'model'),
    fact(
      'Protocol',
      `${p.name} v${p.version}: high risk ${p.high ? `when a score is ≥ ${p.high.minScore}${p.high.anyChildUnder !== undefined ? ` and a child on the referral is under ${p.high.anyChildUnder}` : ''}` : 'none'}; low risk ${p.low ? `when every score is ≤ ${p.low.maxScore}${p.low.allChildrenAtLeast !== undefined ? ` and every child is at least ${p.low.allChildrenAtLeast}` : ''}` : 'none'}`,
      'model',
    ),
  ];
  if (file.model.kind === 'lasso') {
    out.push(
      fact(
        'Fitting',
        file.model.lambda === null
          ? 'logistic regression with the coefficients given (no λ recorded: an imported table)'
          : `LASSO logistic regression, λ = ${sig(file.model.lambda)} by the ${file.model.rule ?? 'given'} rule (λ_min ${sig(file.model.lambdaMin)}, λ_1se ${sig(file.model.lambdaOneSe)})`,
        'model',
      ),
    );
  }
  return out;
}

/** Intended use and misuse: the standing use policy, with the model's own label and protocol. */
export function useFacts(file: ModelFile): { use: Fact[]; misuse: Fact[] } {
  const label = file.training?.label ?? null;
  return {
    use: [
      fact(
        'Use',
        'Screening support at the hotline: the score informs the call screener’s decision to screen a referral in or out; it never makes the decision, and a supervisor may override any protocol.',
        'use policy',
      ),
      label === null
        ? missing('Prediction target', 'the model file has no training record (imported model)')
        : fact('Prediction target', `${LABEL_TEXT[label] ?? label} (${label})`, 'model'),
    ],
    misuse: [
      fact(
        'Not evidence',
        'A score is not evidence about the allegation in the call: it summarises records of the household, not what happened.',
        'use policy',
      ),
      fact(
        'Not for investigators',
        'Scores are not shown to investigators or used after screening (services, court, placement decisions).',
        'use policy',
      ),
      fact(
        'Not for other decisions',
        'Only screening support for the population it was trained on; not for any other agency, decision or population.',
        'use policy',
      ),
    ],
  };
}

/** Whom the model describes and what its label means, from the training record. */
export function populationFacts(file: ModelFile): { population: Fact[]; limits: Fact[] } {
  const t = file.training;
  if (t === null) {
    const why =
      'the model file has no training record (imported model): population, label and window are unknown';
    return { population: [missing('Training population', why)], limits: [missing('Limits', why)] };
  }
  const population = [
    fact(
      'Training population',
      `${t.population === 'screened_in' ? 'screened-in child-referral records' : 'all child-referral records'}, calls from ${t.from} up to ${t.to}: ${int(t.rowsPopulation)} records`,
      'model',
    ),
    fact('Label', `${LABEL_TEXT[t.label] ?? t.label} (${t.label})`, 'model'),
    fact(
      'Split',
      `${t.split} (test share ${t.testShare}${t.cutDate ? `, test from ${t.cutDate}` : ''}), ${t.folds}-fold CV, seed ${t.seed}: ${int(t.rowsTrain)} training records (${int(t.positivesTrain)} positive, ${pct(t.positivesTrain, t.rowsTrain)}), ${int(t.rowsTest)} test records (${int(t.positivesTest)} positive, ${pct(t.positivesTest, t.rowsTest)})`,
      'model',
    ),
    fact('Leakage check', t.leakage, 'model'),
    fact('Training data hash', t.dataHash, 'model'),
  ];
  const limits: Fact[] = [
    fact(
      'Selective labels',
      t.population === 'screened_in'
        ? 'Trained on screened-in records only: outcomes are observed where the agency investigated, so the model has not learned from screened-out referrals, the very calls it helps to screen.'
        : 'Trained on all records: screened-out children are labelled only through later re-referrals, so their outcomes are undercounted.',
      'model',
    ),
    fact(
      'Proxy target',
      t.label.includes('placement')
        ? 'Placement is an agency action, not a measure of harm: it stands in for maltreatment, and may do so differently for different groups.'
        : 'Re-referral reflects who reports families, not only what happens in them: it stands in for harm, and may do so differently for different groups.',
      'model',
    ),
    fact(
      'Feedback',
      'Screening decisions informed by the score change who is investigated, and so the labels a later model is trained on.',
      'use policy',
    ),
  ];
  return { population, limits };
}

/** The datasheet: the data behind the model, its evaluation and its monitoring. */
export function datasheetSections(inputs: CardInputs): { title: string; facts: Fact[] }[] {
  const t = inputs.model.value.training;
  const { population } = populationFacts(inputs.model.value);
  const audit = inputs.audit?.value;
  const monitor = inputs.monitor?.value;
  const pop = audit?.population as Json | undefined;
  const groupings = (audit?.groupings as Json[] | undefined) ?? [];
  const src = audit?.source as Json | undefined;
  const extract = src?.extract as Json | undefined;
  const mext = (monitor?.source as Json | undefined)?.extract as Json | undefined;
  const periods = (monitor?.periods as string[] | undefined) ?? [];
  const noAudit = 'no audit report given (--audit DIR from sightline audit)';
  const noMonitor = 'no monitoring report given (--monitor DIR from sightline monitor)';
  return [
    {
      title: 'Composition',
      facts: [
        ...population,
        extract?.records !== undefined
          ? fact(
              'Extract',
              `${int(extract.records as number)} child-referral records in the extract audited (data ${String(extract.dataHash)})`,
              'audit',
            )
          : missing('Extract', noAudit),
      ],
    },
    {
      title: 'Evaluation data',
      facts: pop
        ? [
            fact('Evaluated records', String(pop.description), 'audit'),
            fact(
              'Counts',
              `${int(pop.rows as number)} records, ${int(pop.positives as number)} with the outcome, ${int(pop.clusters as number)} referrals`,
              'audit',
            ),
            fact(
              'Left out',
              ((pop.excluded as Json[]) ?? [])
                .map((e) => `${String(e.reason)}: ${int(e.rows as number)}`)
                .join('; ') || 'none',
              'audit',
            ),
            ...groupings.map((g) =>
              fact(
                `Composition by ${String(g.name)}`,
                (g.groups as Json[])
                  .map((x) => `${String(x.label)} ${int(x.rows as number)}`)
                  .join(', '),
                'audit',
              ),
            ),
          ]
        : [missing('Evaluated records', noAudit)],
    },
    {
      title: 'Collection, maintenance and drift',
      facts: [
        t
          ? fact('Training window', `calls ${t.from} up to ${t.to}`, 'model')
          : missing('Training window', 'no training record'),
        mext
          ? fact(
              'Monitored extract',
              `as of ${String(mext.asOf)}, ${int(mext.records as number)} records (data ${String(mext.dataHash)}), ${periods.length} periods ${periods[0] ?? ''}–${periods[periods.length - 1] ?? ''}`,
              'monitor',
            )
          : missing('Monitored extract', noMonitor),
        missing(
          'Collection process and consent',
          'not recorded in any input file; the agency must document how records are collected and who may see them',
        ),
      ],
    },
  ];
}
