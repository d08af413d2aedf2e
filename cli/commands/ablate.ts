/**
 * `sightline ablate DIR --model MODEL --out OUT`: retrains the model's LASSO without each feature
 * group by the identical procedure (same rows, folds and parameters) and writes OUT/report.json
 * and OUT/report.html: the AUC change with a paired interval, the change in disparities, who
 * crosses the high-risk line, the household-size view with and without the ever-in features, and
 * model multiplicity. `--records` adds the ids of the records that cross (for an analyst with
 * access to the extract); `--register FILE` attaches the measurements to a decision register.
 */
import { SightlineError, stableStringify } from '../../src/core/index.js';
import {
  FEATURE_GROUP_NAMES,
  parseGroupDefinition,
  runAblation,
  type AblationOptionsInput,
} from '../../src/audit/index.js';
import { ablationReportHtml } from '../../src/report/index.js';
import { intOpt, requiredOpt, stringOpt, type Args, type Command } from '../command.js';
import { writeReportDir } from './audit.js';
import { loadPolicyContext, updateRegister } from './replay.js';

function ablationOptions(args: Args, defined: readonly string[]): AblationOptionsInput {
  const groups = (args.values.group as string[] | undefined) ?? [];
  const threads = stringOpt(args, 'threads');
  const o: AblationOptionsInput = {
    groups: groups.length > 0 ? groups : [...FEATURE_GROUP_NAMES, ...defined],
    replicates: intOpt(args, 'ablate', 'replicates', 1000),
    seed: intOpt(args, 'ablate', 'seed', 1),
    records: args.values.records === true,
    seeds: intOpt(args, 'ablate', 'seeds', 0),
    maxPerPath: intOpt(args, 'ablate', 'max-per-path', 8),
  };
  for (const [k, v] of [
    ['replicates', o.replicates],
    ['seeds', o.seeds],
    ['max-per-path', o.maxPerPath],
  ] as const) {
    if (v! < (k === 'max-per-path' ? 1 : 0)) {
      throw new SightlineError(
        'E_USAGE',
        `invalid --${k}: ${v} (${k === 'max-per-path' ? 'at least 1' : 'not negative'})`,
      );
    }
  }
  const concurrency = intOpt(args, 'ablate', 'concurrency', 2);
  if (concurrency < 1)
    throw new SightlineError('E_USAGE', `invalid --concurrency: ${concurrency} (at least 1)`);
  const out = { ...o, concurrency };
  return threads === undefined ? out : { ...out, threads: intOpt(args, 'ablate', 'threads', 1) };
}

export const ablateCommand: Command = {
  name: 'ablate',
  summary: 'retrain without each feature group by the identical procedure and compare',
  usage: 'DIR --model MODEL --out OUT [--group G]... [--define NAME=PATTERN]... [options]',
  description: [
    `Groups: ${FEATURE_GROUP_NAMES.join(', ')} (default: all five), or your own with`,
    '--define NAME=PATTERN[,PATTERN] over feature names (* matches anything). Each retraining uses',
    "the model's own training rows, grouped folds, CV parameters and λ rule, and refits the score",
    'scale the same way. Needs the extract the model was trained on (its data hash).',
  ].join('\n'),
  options: {
    model: { type: 'string', value: 'MODEL', help: "model file from 'sightline train' (LASSO)" },
    out: { type: 'string', value: 'DIR', help: 'folder to write report.json and report.html into' },
    group: {
      type: 'string',
      value: 'G',
      multiple: true,
      help: 'feature group to drop, repeatable (default: every named group)',
    },
    define: {
      type: 'string',
      value: 'NAME=PATTERN',
      multiple: true,
      help: 'define a feature group by name patterns, repeatable',
    },
    records: {
      type: 'boolean',
      help: 'include the ids of records that cross the high-risk line (identifying)',
    },
    seeds: {
      type: 'string',
      value: 'N',
      help: 'extra fold seeds for the multiplicity analysis (default 0)',
    },
    'max-per-path': {
      type: 'string',
      value: 'N',
      help: 'λs scored per path in the multiplicity analysis (default 8)',
    },
    replicates: { type: 'string', value: 'N', help: 'bootstrap replicates (default 1000)' },
    seed: { type: 'string', value: 'N', help: 'bootstrap seed (default 1)' },
    concurrency: {
      type: 'string',
      value: 'N',
      help: 'retrainings in flight at once (default 2; 1 = one by one on every core)',
    },
    threads: {
      type: 'string',
      value: 'N',
      help: 'worker threads per cross-validation (default 2; with --concurrency 1, every core)',
    },
    register: {
      type: 'string',
      value: 'FILE',
      help: 'decision register to attach the evidence to (drafted if missing)',
    },
    json: { type: 'boolean', help: 'print a JSON summary instead of text' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const out = requiredOpt(args, 'ablate', 'out');
    const defined = ((args.values.define as string[] | undefined) ?? []).map(parseGroupDefinition);
    const options = ablationOptions(
      args,
      defined.map((d) => d.name),
    );
    const t0 = performance.now();
    const { ctx, heading } = await loadPolicyContext(args, 'ablate', io);
    const report = await runAblation(ctx, options, defined, (m) =>
      io.err(`ablate: ${m} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`),
    );
    await writeReportDir(out, {
      'report.json': `${stableStringify(report, 1)}\n`,
      'report.html': await ablationReportHtml(report, heading),
    });
    const reg = stringOpt(args, 'register');
    const registered =
      reg === undefined ? null : await updateRegister(reg, ctx, { ablation: report, source: out });
    io.err(`ablate: done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const rows = report.ablations.map((a) => {
      const auc = a.comparison.find((c) => c.measure === 'auc');
      const gap = a.comparison.find((c) => c.measure === 'households_high' && c.group === 'gap');
      return { group: a.group, auc, gap };
    });
    if (args.values.json === true) {
      io.out(
        `${JSON.stringify({ out, ablations: rows, register: reg === undefined ? null : { path: reg, action: registered } })}\n`,
      );
      return 0;
    }
    const f = (v: number | null | undefined) =>
      v === null || v === undefined ? '—' : v.toFixed(3);
    io.out(
      [
        `ablation written to ${out} (report.json, report.html): ${report.ablations.length} retraining(s), ${report.multiplicity.candidates.length} models in the multiplicity analysis`,
        ...rows.map(
          (r) =>
            `  without ${r.group}: AUC change ${f(r.auc?.change)} (${f(r.auc?.lo)} to ${f(r.auc?.hi)}); high-risk household gap change ${f(r.gap?.change)} (${f(r.gap?.lo)} to ${f(r.gap?.hi)})`,
        ),
        ...(reg === undefined ? [] : [`register ${reg} ${registered}`]),
        '',
      ].join('\n'),
    );
    return 0;
  },
};
