/**
 * `sightline synth`: writes a synthetic county extract (and its ground truth beside it, never in
 * it) from the documented causal simulation; `--report` prints each published target beside what
 * the run achieved.
 */
import { resolve } from 'node:path';
import { SightlineError, writeFileAtomic } from '../../src/core/index.js';
import { writeExtract } from '../../src/contract/index.js';
import {
  checkTargets,
  parseSetArgs,
  summarizeCounty,
  synthesize,
  targetsText,
  truthCsv,
} from '../../src/synth/index.js';
import { intOpt, numberOpt, requiredOpt, stringOpt, type Command } from '../command.js';

/** The default truth file of an extract folder: a sibling, so the extract never holds it. */
export const truthPathOf = (out: string): string => `${resolve(out)}.truth.csv`;

export const synthCommand: Command = {
  name: 'synth',
  summary: 'write a synthetic county extract from the documented causal simulation',
  usage: '--out DIR [--scale 1] [--seed N] [--set key=value ...] [--format csv|parquet] [--report]',
  description: [
    'At --scale 1 the county reproduces the published Allegheny figures (see --report).',
    'The same seed and knobs give byte-identical files. Knobs are listed with their',
    'defaults, bounds and neutral values in docs/synthetic-county.md.',
    'The ground truth (true placement risk per child record, the stand-in tool, the',
    "screener's recommendation) goes to a separate file, DIR.truth.csv by default.",
  ].join('\n'),
  options: {
    out: { type: 'string', value: 'DIR', help: 'extract folder to write (replaced atomically)' },
    scale: { type: 'string', value: 'X', default: '1', help: 'county size relative to Allegheny' },
    seed: { type: 'string', value: 'N', default: '1', help: 'integer seed' },
    set: {
      type: 'string',
      value: 'KEY=VALUE',
      multiple: true,
      help: 'override a knob (repeatable)',
    },
    format: { type: 'string', value: 'FMT', default: 'csv', help: 'table format: csv or parquet' },
    truth: { type: 'string', value: 'FILE', help: 'ground-truth file (default: DIR.truth.csv)' },
    report: { type: 'boolean', help: 'print each published target beside what was achieved' },
    json: { type: 'boolean', help: 'print the summary and target checks as JSON' },
  },
  positionals: [0, 0],
  async run(args, io) {
    const out = requiredOpt(args, 'synth', 'out');
    const format = stringOpt(args, 'format') ?? 'csv';
    if (format !== 'csv' && format !== 'parquet') {
      throw new SightlineError('E_USAGE', `invalid --format: ${format} (csv or parquet)`);
    }
    const scale = numberOpt(args, 'synth', 'scale', 1);
    const seed = intOpt(args, 'synth', 'seed', 1);
    const set = parseSetArgs((args.values.set as string[] | undefined) ?? []);
    const t0 = performance.now();
    io.err(`synth: simulating the county (scale ${scale}, seed ${seed})\n`);
    const run = synthesize({ seed, scale, set });
    await writeExtract(out, run.extract, { format });
    const truth = stringOpt(args, 'truth') ?? truthPathOf(out);
    await writeFileAtomic(truth, truthCsv(run.state, run.layout));
    const x = run.extract;
    io.err(
      `synth: wrote ${out} (${x.referrals.n} referrals, ${x.persons.n} persons, ${x.referral_persons.n} referral_persons, ${x.events.n} events) and ${truth} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    if (args.values.report === true || args.values.json === true) {
      const summary = summarizeCounty(x);
      const checks = checkTargets(summary, scale);
      if (args.values.json === true)
        io.out(`${JSON.stringify({ summary, targets: checks }, null, 2)}\n`);
      else io.out(targetsText(checks));
    }
    return 0;
  },
};
