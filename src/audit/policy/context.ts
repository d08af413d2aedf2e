/**
 * What every policy analysis starts from: the model (file), the records it is judged on, and the
 * procedure that made it, replayed. From a training result the rows, split and folds are taken as
 * they are; from a model file they are rebuilt from its training record (population, window,
 * label, split and seed), which gives the same rows when the extract is the training extract (its
 * data hash matches). The evaluation rows are the held-out (test) rows, as in the independent
 * audit; with another extract, every population row, and no retraining is possible.
 *
 * Outcome levels: `child` is the child's own outcome (placement_2y or re_referral_2y), `household`
 * the same outcome for any child on the referral (household_placement_2y, …), whichever of the two
 * the model was trained on.
 */
import { SightlineError, issue, parseDate, type Issue } from '../../core/index.js';
import type { FeatureSet, LabelName } from '../../features/index.js';
import { groupKFold, groupSplit, temporalHoldout, type Split } from '../../split/index.js';
import {
  parseTrainOptions,
  populationRows,
  predictModel,
  type ModelFile,
  type TrainResult,
} from '../../scoring/index.js';

/** The two outcome levels of a replay. */
export const OUTCOME_LEVELS = ['child', 'household'] as const;
export type OutcomeLevel = (typeof OUTCOME_LEVELS)[number];

/** Everything the policy analyses share (see the file comment). */
export interface PolicyContext {
  readonly fs: FeatureSet;
  readonly file: ModelFile;
  /** Population rows (matured, labelled, in the training window). */
  readonly population: Uint32Array;
  /** The model's split; `test` holds the evaluation rows. */
  readonly split: Split;
  /** Fold of each training row (aligned with split.train); null when the split is not replayed. */
  readonly folds: Int32Array | null;
  /** The labels of each outcome level (0/1 per record), and their names. */
  readonly y: Readonly<Record<OutcomeLevel, Uint8Array>>;
  readonly labels: Readonly<Record<OutcomeLevel, LabelName>>;
  /** The base model's predicted probability for every record. */
  readonly probability: Float64Array;
  /** Whose predictions cut the score scale (the procedure refits it for other models). */
  readonly scaleReference: 'test' | 'train';
  /** True when rows, split and folds are the training run's own. */
  readonly replayed: boolean;
  /** The evaluation rows in words. */
  readonly evaluation: string;
  readonly issues: readonly Issue[];
}

const PAIR: Record<LabelName, [LabelName, LabelName]> = {
  placement_2y: ['placement_2y', 'household_placement_2y'],
  household_placement_2y: ['placement_2y', 'household_placement_2y'],
  re_referral_2y: ['re_referral_2y', 'household_re_referral_2y'],
  household_re_referral_2y: ['re_referral_2y', 'household_re_referral_2y'],
};

function labelsOf(fs: FeatureSet, label: LabelName) {
  const [child, household] = PAIR[label];
  const bin = (l: Int8Array) => Uint8Array.from(l, (v) => (v === 1 ? 1 : 0));
  return {
    labels: { child, household },
    y: { child: bin(fs.labels[child]), household: bin(fs.labels[household]) },
  };
}

/** Whose predictions cut the file's scale: `train` when its description says so, else `test`. */
export function scaleReferenceOf(file: ModelFile): 'test' | 'train' {
  return file.scale.kind === 'quantile' && file.scale.population.description.startsWith('training')
    ? 'train'
    : 'test';
}

function requireQuantile(file: ModelFile): void {
  if (file.scale.kind !== 'quantile') {
    throw new SightlineError(
      'E_POLICY_SCALE',
      'the model file scores on the probability scale, so it has no high-risk line or protocol scores to replay. Fix: give a model with a quantile score scale (sightline train --bins 20).',
    );
  }
}

/** The model's predictions on the population rows (NaN on every other record). */
function populationPredictions(file: ModelFile, fs: FeatureSet, rows: Uint32Array): Float64Array {
  const out = new Float64Array(fs.records.n).fill(NaN);
  const p = predictModel(file, fs.matrix, rows);
  rows.forEach((r, k) => (out[r] = p[k]!));
  return out;
}

/** The context of a training result (its own rows, split, folds and predictions). */
function fromTrainResult(fs: FeatureSet, t: TrainResult): PolicyContext {
  requireQuantile(t.file);
  const { labels, y } = labelsOf(fs, t.file.training!.label);
  return {
    fs,
    file: t.file,
    population: t.population,
    split: t.split,
    folds: t.folds,
    y,
    labels,
    probability: t.probability,
    scaleReference: scaleReferenceOf(t.file),
    replayed: true,
    evaluation: `the ${t.split.test.length.toLocaleString('en-US')} held-out (test) records of the model's own split`,
    issues: [],
  };
}

/**
 * The policy context of a model: from a training result as it is, or from a model file replayed
 * on `fs` (see the file comment).
 * @throws SightlineError E_POLICY_SCALE for a model without a quantile scale; E_POLICY_MODEL for a
 *   model file without a training record.
 * @example const ctx = policyContext(fs, file, await hashExtract(dir));
 */
export function policyContext(
  fs: FeatureSet,
  source: TrainResult | ModelFile,
  dataHash: string,
): PolicyContext {
  if (!('format' in source)) return fromTrainResult(fs, source);
  const file = source;
  requireQuantile(file);
  const tr = file.training;
  if (tr === null) {
    throw new SightlineError(
      'E_POLICY_MODEL',
      'the model file has no training record (an imported model), so its population, label and split are unknown. Fix: train the model with sightline train, or audit its scores with sightline audit --scores.',
    );
  }
  const o = parseTrainOptions({
    population: tr.population,
    label: tr.label,
    from: tr.from,
    to: tr.to,
    seed: tr.seed,
  });
  const { rows } = populationRows(fs, o);
  const { labels, y } = labelsOf(fs, tr.label);
  const keys = { household: fs.records.household, child: fs.records.child };
  const issues: Issue[] = [];
  let split: Split = { train: new Uint32Array(0), test: rows };
  let replayed = tr.dataHash === dataHash;
  if (replayed) {
    split =
      tr.split === 'grouped'
        ? groupSplit(keys, { testShare: tr.testShare, seed: tr.seed, rows })
        : temporalHoldout(fs.records.callDay, { cutDay: parseDate(tr.cutDate!), rows });
    replayed = split.train.length === tr.rowsTrain && split.test.length === tr.rowsTest;
    if (!replayed) split = { train: new Uint32Array(0), test: rows };
  }
  if (!replayed) {
    issues.push(
      issue(
        'W_POLICY_NOT_REPLAYED',
        'warning',
        `the model's training split could not be replayed on this extract (${tr.dataHash === dataHash ? 'row counts differ' : 'a different data hash'}): every population record is evaluated, training records included, and ablations cannot retrain. Fix: give the extract the model was trained on.`,
      ),
    );
  }
  const folds = replayed ? groupKFold(keys, split.train, tr.folds, tr.seed) : null;
  return {
    fs,
    file,
    population: rows,
    split,
    folds,
    y,
    labels,
    probability: populationPredictions(file, fs, rows),
    scaleReference: scaleReferenceOf(file),
    replayed,
    evaluation: replayed
      ? `the ${split.test.length.toLocaleString('en-US')} held-out (test) records of the model's own split, replayed with its seed`
      : `all ${rows.length.toLocaleString('en-US')} population records (the split could not be replayed)`,
    issues,
  };
}
