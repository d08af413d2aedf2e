/**
 * `sightline score DIR --model MODEL --out FILE`: scores every child-referral record of an
 * extract with a model file: probability, score, household score, protocol, and whether the law
 * requires an investigation regardless (abuse, severe neglect). CSV, written atomically.
 */
import { readExtract, csvField } from '../../src/contract/index.js';
import { writeFileAtomic } from '../../src/core/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { scoreRecords, type ScoredRecords } from '../../src/scoring/index.js';
import type { RecordTable } from '../../src/features/index.js';
import { requiredOpt, type Command } from '../command.js';
import { readModelFile } from './model-io.js';

/** Header of the scores file. */
export const SCORE_COLUMNS = [
  'referral_id',
  'person_id',
  'probability',
  'score',
  'household_score',
  'protocol',
  'law_requires_investigation',
] as const;

/** The scores file as CSV text, one row per record in the builder's order. */
export function scoresCsv(r: RecordTable, s: ScoredRecords): string {
  const lines = [SCORE_COLUMNS.join(',')];
  for (let i = 0; i < r.n; i++) {
    lines.push(
      [
        csvField(r.referralId[i]!),
        csvField(r.personId[i]!),
        s.probability[i]!.toPrecision(10),
        String(s.score[i]),
        String(s.householdScore[i]),
        s.protocol[i]!,
        s.lawRequiresInvestigation[i] === 1 ? 'true' : 'false',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'score every child-referral record of an extract with a model file',
  usage: 'DIR --model MODEL --out FILE',
  description: [
    'Writes one CSV row per child-referral record: referral_id, person_id, probability, score',
    '(on the model’s scale), household_score (by its aggregation policy), protocol (its rule set),',
    'law_requires_investigation (abuse or severe neglect: the score never decides these).',
  ].join('\n'),
  options: {
    model: { type: 'string', value: 'MODEL', help: "model file from 'sightline train'" },
    out: { type: 'string', value: 'FILE', help: 'CSV file to write' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const model = await readModelFile(requiredOpt(args, 'score', 'model'));
    const out = requiredOpt(args, 'score', 'out');
    const { extract } = await readExtract(args.positionals[0]!);
    const fs = buildFeatures(extract);
    const scored = scoreRecords(model, fs);
    await writeFileAtomic(out, scoresCsv(fs.records, scored));
    io.err(`score: ${fs.records.n} records scored, written to ${out}\n`);
    return 0;
  },
};
