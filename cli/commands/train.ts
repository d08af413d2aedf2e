/**
 * `sightline train DIR --out MODEL`: trains a model (LASSO logistic by default; `--model gbt` or
 * `--model forest` for boosted trees or a random forest) on a county extract with
 * Allegheny's choices as defaults (screened-in, matured records of calls April 2010 – July 2014,
 * placement within two years, grouped 70/30 split, grouped 5-fold CV, λ by the 1-SE rule,
 * ventiles on the test set), every one of them an option; writes the model file and a draft of
 * its decision register (every design choice, its alternatives, unsigned).
 */
import { hashExtract, readExtract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { trainModel, type TrainOptionsInput, type TrainResult } from '../../src/scoring/index.js';
import { auc } from '../../src/metrics/index.js';
import { intOpt, numberOpt, requiredOpt, stringOpt, type Args, type Command } from '../command.js';
import { writeModelFile } from './model-io.js';
import { draftRegister, formatRegister } from '../../src/audit/index.js';
import { writeFileAtomic } from '../../src/core/index.js';

/** Training options from the command line (absent options keep their defaults). */
export function trainOptionsOf(args: Args, cmd: string): TrainOptionsInput {
  const o: Record<string, unknown> = {};
  for (const [flag, key] of [
    ['population', 'population'],
    ['label', 'label'],
    ['from', 'from'],
    ['to', 'to'],
    ['split', 'split'],
    ['cut-date', 'cutDate'],
    ['scale-reference', 'scaleReference'],
    ['aggregation', 'aggregation'],
    ['protocol', 'protocol'],
    ['model', 'model'],
  ] as const) {
    const v = stringOpt(args, flag);
    if (v !== undefined) o[key] = v;
  }
  if (stringOpt(args, 'test-share') !== undefined)
    o.testShare = numberOpt(args, cmd, 'test-share', 0.3);
  if (stringOpt(args, 'folds') !== undefined) o.folds = intOpt(args, cmd, 'folds', 5);
  if (stringOpt(args, 'seed') !== undefined) o.seed = intOpt(args, cmd, 'seed', 1);
  if (stringOpt(args, 'bins') !== undefined) o.bins = intOpt(args, cmd, 'bins', 20);
  const lasso: Record<string, unknown> = {};
  const rule = stringOpt(args, 'rule');
  if (rule !== undefined) lasso.rule = rule;
  if (stringOpt(args, 'lambda-min-ratio') !== undefined) {
    lasso.lambdaMinRatio = numberOpt(args, cmd, 'lambda-min-ratio', 0.01);
  }
  if (Object.keys(lasso).length > 0) o.lasso = lasso;
  const gbt: Record<string, unknown> = {};
  if (stringOpt(args, 'rounds') !== undefined) gbt.rounds = intOpt(args, cmd, 'rounds', 2000);
  if (stringOpt(args, 'leaves') !== undefined) gbt.maxLeaves = intOpt(args, cmd, 'leaves', 15);
  if (stringOpt(args, 'learning-rate') !== undefined) {
    gbt.learningRate = numberOpt(args, cmd, 'learning-rate', 0.03);
  }
  if (Object.keys(gbt).length > 0) o.gbt = gbt;
  if (stringOpt(args, 'trees') !== undefined) o.forest = { trees: intOpt(args, cmd, 'trees', 100) };
  return o as TrainOptionsInput;
}

/** The training options every training command shares. */
export const TRAIN_OPTIONS = {
  population: { type: 'string', value: 'P', help: 'screened_in (default) or all' },
  label: {
    type: 'string',
    value: 'L',
    help: 'placement_2y (default), re_referral_2y, household_placement_2y, household_re_referral_2y',
  },
  from: {
    type: 'string',
    value: 'DATE',
    help: 'first call date of the training window (default 2010-04-01)',
  },
  to: { type: 'string', value: 'DATE', help: 'end of the window, exclusive (default 2014-08-01)' },
  split: { type: 'string', value: 'S', help: 'grouped (default) or temporal' },
  'cut-date': {
    type: 'string',
    value: 'DATE',
    help: 'temporal split: calls on or after it are the test set',
  },
  'test-share': {
    type: 'string',
    value: 'X',
    help: 'grouped split: share of records held out (default 0.3)',
  },
  folds: {
    type: 'string',
    value: 'K',
    help: 'grouped CV folds inside the training rows (default 5)',
  },
  seed: { type: 'string', value: 'N', help: 'seed of the split and folds (default 1)' },
  model: { type: 'string', value: 'M', help: 'lasso (default), gbt (boosted trees) or forest' },
  rule: { type: 'string', value: 'R', help: 'λ rule: 1se (default) or min' },
  'lambda-min-ratio': {
    type: 'string',
    value: 'X',
    help: 'end of the λ path as a share of λ_max (default 0.01)',
  },
  rounds: {
    type: 'string',
    value: 'N',
    help: 'gbt: most boosting rounds; early stopping on a grouped 20% of training (default 2000)',
  },
  leaves: { type: 'string', value: 'N', help: 'gbt: leaves per tree (default 15)' },
  'learning-rate': { type: 'string', value: 'X', help: 'gbt: shrinkage (default 0.03)' },
  trees: { type: 'string', value: 'N', help: 'forest: number of trees (default 100)' },
  bins: { type: 'string', value: 'B', help: 'score scale bins: 20 ventiles (default), 10 deciles' },
  'scale-reference': {
    type: 'string',
    value: 'R',
    help: 'whose predictions cut the scale: test (default) or train',
  },
  aggregation: {
    type: 'string',
    value: 'A',
    help: 'household_max (default), individual, alleged_victim_max',
  },
  protocol: { type: 'string', value: 'P', help: 'allegheny-v2 (default), allegheny-v1, top-25' },
} as const;

/** Where the draft register goes by default: beside the model, `m.json` → `m.register.json`. */
export function registerPathOf(model: string): string {
  return model.endsWith('.json') ? `${model.slice(0, -5)}.register.json` : `${model}.register.json`;
}

/** One line on what was fitted: λ for a LASSO, rounds for boosted trees, trees for a forest. */
function fitLine(t: TrainResult): string {
  const m = t.file.model;
  if (m.kind === 'lasso') {
    const nonzero = m.coefficients.filter((b) => b !== 0).length;
    return `LASSO: λ_min ${m.lambdaMin?.toPrecision(4)}, λ_1se ${m.lambdaOneSe?.toPrecision(4)}; ${nonzero} of ${m.features.length} features non-zero at λ (${m.rule})`;
  }
  if (m.kind === 'gbt') {
    const stop =
      m.source.kind === 'sightline' && m.source.bestRound !== null
        ? `, early stopping at round ${m.source.bestRound} on ${t.validRows.length} held-out training records`
        : '';
    return `boosted trees: ${m.trees.length} trees of at most ${m.params?.maxLeaves} leaves at learning rate ${m.params?.learningRate}${stop}`;
  }
  return `random forest: ${m.trees.length} trees, ${typeof m.params.maxFeatures === 'number' ? `${m.params.maxFeatures * 100}% of the features` : `${m.params.maxFeatures} of the features`} drawn per split`;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a LASSO, boosted-tree or forest model on an extract and write the model file',
  usage: 'DIR --out MODEL [options]',
  description: [
    'Every selection and tuning step runs inside the training rows; the split is checked for',
    'leakage (no child and no referral on both sides) before anything is fitted.',
  ].join('\n'),
  options: {
    out: { type: 'string', value: 'MODEL', help: 'model file to write (JSON)' },
    register: {
      type: 'string',
      value: 'FILE',
      help: "the draft decision register (default: MODEL's name with .register.json)",
    },
    ...TRAIN_OPTIONS,
  },
  positionals: [1, 1],
  async run(args, io) {
    const dir = args.positionals[0]!;
    const out = requiredOpt(args, 'train', 'out');
    const options = trainOptionsOf(args, 'train');
    const { extract } = await readExtract(dir);
    const fs = buildFeatures(extract);
    const t = await trainModel(fs, options, await hashExtract(dir));
    await writeModelFile(out, t.file);
    const register = stringOpt(args, 'register') ?? registerPathOf(out);
    await writeFileAtomic(register, formatRegister(draftRegister(t)));
    const tr = t.file.training!;
    const testAuc = auc(t.y, t.probability, t.split.test);
    io.out(
      [
        `model written to ${out}; draft decision register (unsigned) to ${register}`,
        `population: ${tr.rowsPopulation} ${tr.population} records (train ${tr.rowsTrain}, test ${tr.rowsTest}); ${t.leakage.message}`,
        fitLine(t),
        `test AUC ${testAuc.toFixed(3)}`,
        ...t.issues.map((i) => `${i.severity}: ${i.message}`),
        '',
      ].join('\n'),
    );
    return 0;
  },
};
