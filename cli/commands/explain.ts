/**
 * `sightline explain DIR --model MODEL --referral ID [--person ID] [--top N] [--json]`: why each
 * child on a referral got its score: the probability, score, household score and protocol, then
 * every source system's and feature group's part of the model's output, split into what can
 * change and what never will under this model ("ever" records), and the largest single features
 * with their values. Contributions add up to the output exactly (src/scoring/explain.ts).
 */
import { readExtract } from '../../src/contract/index.js';
import { SightlineError, stableStringify } from '../../src/core/index.js';
import { buildFeatures } from '../../src/features/index.js';
import {
  explainRecords,
  scoreRecords,
  type ContributionSum,
  type Explanation,
} from '../../src/scoring/index.js';
import { intOpt, requiredOpt, stringOpt, type Command } from '../command.js';
import { readModelFile } from './model-io.js';

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`;
const lock = (mutable: boolean) => (mutable ? '' : '  [never changes]');

function sumLines(list: readonly ContributionSum[], top: number): string[] {
  const shown = list.slice(0, top);
  const rest = list.slice(top).reduce((a, s) => a + s.contribution, 0);
  return [
    ...shown.map(
      (s) =>
        `    ${signed(s.contribution).padStart(8)}  ${s.key} (${s.features} feature${s.features === 1 ? '' : 's'})${lock(s.mutable)}`,
    ),
    ...(list.length > top ? [`    ${signed(rest).padStart(8)}  ${list.length - top} more`] : []),
  ];
}

/** The text of one child's explanation. */
export function explanationText(
  e: Explanation,
  who: { person: string; score: number; householdScore: number; protocol: string; law: boolean },
  top: number,
): string {
  const unit = e.scale === 'log-odds' ? 'log-odds' : 'probability';
  const fixed = e.bySource.filter((s) => !s.mutable).reduce((a, s) => a + s.contribution, 0);
  return [
    `person ${who.person}: probability ${e.probability.toFixed(4)}, score ${who.score}, household score ${who.householdScore}, protocol ${who.protocol}${who.law ? ' (the law requires an investigation of this allegation whatever the score)' : ''}`,
    `  ${unit}: ${e.baseline.toFixed(3)} before any record, ${e.output.toFixed(3)} with them; records that can never change under this model add ${signed(fixed)}`,
    '  by source system:',
    ...sumLines(e.bySource, top),
    '  by feature group:',
    ...sumLines(e.byGroup, top),
    '  largest single features:',
    ...e.features
      .slice(0, top)
      .map(
        (c) =>
          `    ${signed(c.contribution).padStart(8)}  ${c.feature} = ${Number(c.value.toPrecision(6))}: ${c.description}${lock(c.mutable)}`,
      ),
    '',
  ].join('\n');
}

export const explainCommand: Command = {
  name: 'explain',
  summary: "explain the scores of a referral's children: each source's and record's part",
  usage: 'DIR --model MODEL --referral ID [--person ID] [--top N] [--json]',
  description: [
    'Contributions are exact: β·x for a logistic model (baseline: the intercept, a record with no',
    'history), TreeSHAP for trees (baseline: the expected output); they add up to the output.',
    '"never changes" marks features that count a record ever held ("ever" windows).',
  ].join('\n'),
  options: {
    model: { type: 'string', value: 'MODEL', help: 'model file' },
    referral: { type: 'string', value: 'ID', help: 'referral_id of the call' },
    person: { type: 'string', value: 'ID', help: 'one child only (person_id)' },
    top: { type: 'string', value: 'N', help: 'lines per list (default 8)' },
    json: { type: 'boolean', help: 'print the explanations as JSON' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const file = await readModelFile(requiredOpt(args, 'explain', 'model'));
    const referral = requiredOpt(args, 'explain', 'referral');
    const person = stringOpt(args, 'person');
    const top = intOpt(args, 'explain', 'top', 8);
    if (top < 1) throw new SightlineError('E_USAGE', `invalid --top: ${top} (at least 1)`);
    const { extract } = await readExtract(args.positionals[0]!);
    const fs = buildFeatures(extract);
    const r = fs.records;
    const rows: number[] = [];
    for (let i = 0; i < r.n; i++) {
      if (r.referralId[i] === referral && (person === undefined || r.personId[i] === person)) {
        rows.push(i);
      }
    }
    if (rows.length === 0) {
      throw new SightlineError(
        'E_EXPLAIN_NOT_FOUND',
        `no child-referral record for referral ${referral}${person === undefined ? '' : ` and person ${person}`}. Fix: give a referral_id (and a child's person_id) from the extract's referral_people table`,
      );
    }
    const scored = scoreRecords(file, fs);
    const explained = explainRecords(file, fs, Uint32Array.from(rows));
    const who = (i: number) => ({
      person: r.personId[i]!,
      score: scored.score[i]!,
      householdScore: scored.householdScore[i]!,
      protocol: scored.protocol[i]!,
      law: scored.lawRequiresInvestigation[i] === 1,
    });
    if (args.values['json'] === true) {
      const json = explained.map((e) => ({ ...who(e.row), ...e, row: undefined }));
      io.out(`${stableStringify({ referral, explanations: json }, 2)}\n`);
      return 0;
    }
    io.out(
      [
        `referral ${referral}: ${rows.length} child record${rows.length === 1 ? '' : 's'}, model ${file.model.kind}`,
        ...explained.map((e) => explanationText(e, who(e.row), top)),
      ].join('\n'),
    );
    return 0;
  },
};
