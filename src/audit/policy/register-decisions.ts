/**
 * The decisions of a draft register, read off a model file (and, for a training result, its
 * held-out AUC): each in words, as parameters, and with the alternatives a reader should know
 * were available. Nothing here is signed: the people who own the decisions sign them.
 */
import type { z } from 'zod';
import { auc } from '../../metrics/index.js';
import type { ModelFile, TrainResult } from '../../scoring/index.js';
import { FEATURE_GROUPS, resolveGroup } from './groups.js';
import type { Decision } from './register.js';

type DecisionInput = z.input<typeof Decision>;
const alt = (choice: string, note = '') => ({ choice, note });

const LABEL_WORDS: Readonly<Record<string, string>> = {
  placement_2y: 'placement of the child within two years of the call',
  re_referral_2y: 're-referral of the child within two years',
  household_placement_2y: 'placement of any child of the referral within two years',
  household_re_referral_2y: 're-referral of any child of the referral within two years',
};

function populationDecision(file: ModelFile): DecisionInput {
  const tr = file.training!;
  const screened = tr.population === 'screened_in';
  return {
    id: 'population',
    title: 'Population the model learns from',
    choice: screened
      ? 'screened-in child-referral records only (the outcome is observed where the agency investigated)'
      : 'every child-referral record, screened in or out',
    value: { population: tr.population, records: tr.rowsPopulation },
    alternatives: [
      screened
        ? alt(
            'every child-referral record',
            'screened-out children are labelled only through later re-referrals (selective labels)',
          )
        : alt(
            'screened-in records only',
            'the outcome is then observed only where the agency chose to investigate',
          ),
    ],
  };
}

function labelDecision(file: ModelFile): DecisionInput {
  const tr = file.training!;
  return {
    id: 'label',
    title: 'Label and window',
    choice: `${LABEL_WORDS[tr.label] ?? tr.label} (${tr.label}), calls from ${tr.from} up to ${tr.to} whose two-year window has closed`,
    value: { label: tr.label, from: tr.from, to: tr.to, windowDays: 730 },
    alternatives: Object.keys(LABEL_WORDS)
      .filter((l) => l !== tr.label)
      .map((l) => alt(`${LABEL_WORDS[l]} (${l})`))
      .concat([
        alt(
          'another outcome window or call window',
          'placement is an agency action, a proxy for harm; its window decides whose outcomes count',
        ),
      ]),
  };
}

function splitDecision(file: ModelFile): DecisionInput {
  const tr = file.training!;
  const grouped = tr.split === 'grouped';
  return {
    id: 'split',
    title: 'Split and cross-validation folds',
    choice: grouped
      ? `grouped ${Math.round((1 - tr.testShare) * 100)}/${Math.round(tr.testShare * 100)} split (no child and no referral on both sides), seed ${tr.seed}; grouped ${tr.folds}-fold CV inside the training rows`
      : `temporal holdout at ${tr.cutDate ?? '?'}; grouped ${tr.folds}-fold CV inside the training rows`,
    value: {
      split: tr.split,
      testShare: tr.testShare,
      seed: tr.seed,
      folds: tr.folds,
      cutDate: tr.cutDate ?? null,
      rowsTrain: tr.rowsTrain,
      rowsTest: tr.rowsTest,
    },
    alternatives: [
      grouped
        ? alt(
            'temporal holdout (train on earlier calls, test on later ones)',
            'closer to deployment; returning children appear on both sides',
          )
        : alt('grouped random split', 'no child and no referral on both sides'),
      alt(
        'random split of records',
        "Allegheny's first validation: siblings and repeat children on both sides inflate the AUC",
      ),
    ],
  };
}

function selectionDecision(file: ModelFile, trained: TrainResult | null): DecisionInput {
  const m = file.model;
  const testAuc = trained === null ? null : auc(trained.y, trained.probability, trained.split.test);
  if (m.kind !== 'lasso') {
    return {
      id: 'feature_selection',
      title: 'Model and feature selection',
      choice: `${m.kind === 'gbt' ? 'gradient-boosted trees' : 'random forest'} over ${m.features.length} features`,
      value: { kind: m.kind, features: m.features.length, testAuc },
      alternatives: [
        alt(
          'LASSO logistic regression with λ by cross-validation',
          'sparse, readable coefficients',
        ),
      ],
    };
  }
  const nonzero = m.coefficients.filter((b) => b !== 0).length;
  const ratio = m.params?.lambdaMinRatio ?? null;
  return {
    id: 'feature_selection',
    title: 'Model and feature selection',
    choice: `LASSO logistic regression; λ by grouped ${file.training?.folds ?? '?'}-fold CV with the ${m.rule === 'min' ? 'minimum-loss' : 'one-standard-error'} rule (λ = ${m.lambda?.toPrecision(4) ?? '?'}); ${nonzero} of ${m.features.length} features non-zero`,
    value: {
      rule: m.rule,
      lambda: m.lambda,
      lambdaMin: m.lambdaMin,
      lambdaOneSe: m.lambdaOneSe,
      lambdaMinRatio: ratio,
      nonzero,
      features: m.features.length,
      testAuc,
    },
    alternatives: [
      alt(
        m.rule === 'min'
          ? 'λ by the one-standard-error rule'
          : 'λ_min (more features, often no better held out)',
      ),
      alt(
        'features chosen by t-statistics on all data',
        "Allegheny V1: selection outside the training split leaks; the threshold was 'rather arbitrary'",
      ),
      alt(
        'another model among those equally accurate',
        'model multiplicity: see the ablation evidence',
      ),
    ],
  };
}

function scaleDecision(file: ModelFile): DecisionInput {
  const s = file.scale;
  if (s.kind !== 'quantile') {
    return {
      id: 'score_scale',
      title: 'Score scale and its reference population',
      choice: 'the predicted probability itself',
      value: { kind: 'probability' },
      alternatives: [alt('ventiles 1–20')],
    };
  }
  return {
    id: 'score_scale',
    title: 'Score scale and its reference population',
    choice: `${s.bins} quantile bins (scores 1–${s.bins}) cut at the type-7 quantiles of the predictions of: ${s.population.description} (${s.population.n} records)`,
    value: {
      kind: 'quantile',
      bins: s.bins,
      reference: s.population.description,
      n: s.population.n,
    },
    alternatives: [
      alt(s.bins === 10 ? 'ventiles (1–20)' : 'deciles (1–10)'),
      alt('the predicted probability', 'an absolute risk instead of a rank among past referrals'),
      alt(
        'another reference population (training rows, all referrals, recent calls)',
        "'not a principled decision' (the Allegheny developers)",
      ),
    ],
  };
}

function aggregationDecision(file: ModelFile): DecisionInput {
  const words: Record<string, string> = {
    individual: "each child's own score",
    household_max: 'the highest score of the children on the referral',
    alleged_victim_max: 'the highest score among the alleged victims',
  };
  return {
    id: 'aggregation',
    title: 'What the screener sees for a household',
    choice: words[file.aggregation] ?? file.aggregation,
    value: { aggregation: file.aggregation },
    alternatives: Object.keys(words)
      .filter((a) => a !== file.aggregation)
      .map((a) => alt(words[a]!))
      .concat([alt('the protocol label only', 'high / low / no protocol for the whole household')]),
  };
}

function protocolDecision(file: ModelFile): DecisionInput {
  const p = file.protocol;
  const high =
    p.high === null
      ? 'no high-risk rule'
      : `high-risk (mandatory screen-in unless a supervisor overrides): a score ≥ ${p.high.minScore}${p.high.anyChildUnder === null ? '' : ` and a child under ${p.high.anyChildUnder}`}`;
  const low =
    p.low === null
      ? 'no low-risk rule'
      : `low-risk (screen-out recommended): every score ≤ ${p.low.maxScore}${p.low.allChildrenAtLeast === null ? '' : ` and every child at least ${p.low.allChildrenAtLeast}`}`;
  return {
    id: 'protocol',
    title: 'Protocol thresholds',
    choice: `${p.name} v${p.version}: ${high}; ${low}`,
    value: { protocol: p },
    alternatives: [
      alt('score ≥ 18 → mandatory screen-in (Allegheny V1)'),
      alt('the top 25% (score ≥ 16) flagged, no mandatory rule'),
      alt('no protocol: the score is shown and the screener decides'),
    ],
  };
}

function groupsDecision(file: ModelFile): DecisionInput {
  const m = file.model;
  const groups: Record<string, { features: number; nonzero: number | null }> = {};
  for (const g of FEATURE_GROUPS) {
    const r = resolveGroup(g, m.features, []);
    const set = new Set(r.features);
    const nonzero =
      m.kind === 'lasso'
        ? m.features.filter((f, j) => set.has(f) && m.coefficients[j] !== 0).length
        : null;
    groups[g.name] = { features: r.features.length, nonzero };
  }
  const used = Object.entries(groups).filter(([, v]) => v.features > 0);
  return {
    id: 'feature_groups',
    title: 'Source systems and feature groups included',
    choice:
      used.length === 0
        ? 'none of the named feature groups'
        : used
            .map(
              ([k, v]) =>
                `${k.replace(/_/g, ' ')} (${v.features} features${v.nonzero === null ? '' : `, ${v.nonzero} non-zero`})`,
            )
            .join('; '),
    value: { groups },
    alternatives: FEATURE_GROUPS.map((g) =>
      alt(`without ${g.name.replace(/_/g, ' ')}`, g.description),
    ),
  };
}

/** Every decision of a model file, in DECISION_IDS order. */
export function draftDecisions(file: ModelFile, trained: TrainResult | null): DecisionInput[] {
  return [
    populationDecision(file),
    labelDecision(file),
    splitDecision(file),
    selectionDecision(file, trained),
    scaleDecision(file),
    aggregationDecision(file),
    protocolDecision(file),
    groupsDecision(file),
  ];
}
