/**
 * `sightline replay DIR --model MODEL --out OUT`: the policy replay of a model on its county
 * extract — every score aggregation × outcome level by household race with intervals, the range
 * of each measure across policies, the score distribution under each, the household-size view
 * and counterfactual pairs — written as OUT/report.json and OUT/report.html (atomically,
 * byte-identical for identical input). `--register FILE` attaches the measurements to a decision
 * register (drafted from the model when FILE does not exist yet).
 */
import { readFile } from 'node:fs/promises';
import { SightlineError, sha256, stableStringify, writeFileAtomic } from '../../src/core/index.js';
import { hashExtract, readExtract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import type { ModelFile } from '../../src/scoring/index.js';
import {
  DEFAULT_COUNTERFACTUAL_FEATURE,
  attachEvidence,
  draftRegister,
  formatRegister,
  parseRegister,
  policyContext,
  runReplay,
  scoreBase,
  type DraftOptions,
  type PolicyContext,
} from '../../src/audit/index.js';
import { replayReportHtml } from '../../src/report/index.js';
import {
  intOpt,
  numberOpt,
  requiredOpt,
  stringOpt,
  type Args,
  type Command,
  type Io,
} from '../command.js';
import { readModelFile } from './model-io.js';
import { writeReportDir } from './audit.js';

/** A model replayed on an extract: the context every policy command starts from. */
export async function loadPolicyContext(
  args: Args,
  cmd: string,
  io: Io,
): Promise<{ ctx: PolicyContext; heading: string[] }> {
  const dir = args.positionals[0]!;
  const file: ModelFile = await readModelFile(requiredOpt(args, cmd, 'model'));
  const { extract } = await readExtract(dir);
  const fs = buildFeatures(extract);
  const dataHash = await hashExtract(dir);
  io.err(`${cmd}: ${fs.records.n} records of ${dir}, ${fs.catalog.length} features\n`);
  const ctx = policyContext(fs, file, dataHash);
  const tr = file.training;
  const heading = [
    `Extract: ${dir.split('/').pop()} (${dataHash.slice(0, 23)}…), as of ${extract.manifest.as_of}.${tr ? ` Model trained on ${tr.rowsTrain.toLocaleString('en-US')} ${tr.population} records, label ${tr.label}, calls ${tr.from} to ${tr.to}.` : ''}`,
  ];
  return { ctx, heading };
}

/** Attaches evidence to the register at `path` (drafted from the model when it does not exist). */
export async function updateRegister(
  path: string,
  ctx: PolicyContext,
  evidence: DraftOptions,
): Promise<'drafted' | 'updated'> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) {
    await writeFileAtomic(path, formatRegister(draftRegister(ctx.file, evidence)));
    return 'drafted';
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SightlineError(
      'E_REGISTER',
      `register ${path} is not JSON (${(e as Error).message}). Fix: give a register file written by sightline register.`,
    );
  }
  const register = parseRegister(value, `register ${path}`);
  await writeFileAtomic(path, formatRegister(attachEvidence(register, evidence)));
  return 'updated';
}

function counterfactualFeatures(args: Args, ctx: PolicyContext): string[] {
  const given = (args.values.counterfactual as string[] | undefined) ?? [];
  if (given.includes('none')) return [];
  if (given.length > 0) return given;
  return ctx.file.model.features.includes(DEFAULT_COUNTERFACTUAL_FEATURE)
    ? [DEFAULT_COUNTERFACTUAL_FEATURE]
    : [];
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay a model under every score aggregation × outcome level, by household race',
  usage: 'DIR --model MODEL --out OUT [options]',
  description: [
    'Policies: individual score, household maximum, alleged-victim score and protocol, each judged',
    "against the child's own outcome and against any child's on the referral. For each: AUC, xAUC",
    'both ways, FPR and TPR at the high-risk line, the shares of records and households flagged,',
    'by household race with 95% intervals; the range of each measure across policies; how each',
    'policy widens the gaps of the individual view (paired intervals); score distributions; the',
    'household-size view; counterfactual pairs. A false positive under a protocol is a child whose',
    'household is assigned the high-risk protocol although the outcome did not happen.',
  ].join('\n'),
  options: {
    model: { type: 'string', value: 'MODEL', help: "model file from 'sightline train'" },
    out: { type: 'string', value: 'DIR', help: 'folder to write report.json and report.html into' },
    threshold: {
      type: 'string',
      value: 'T',
      help: "high-risk score line (default: the protocol's high-risk score)",
    },
    replicates: { type: 'string', value: 'N', help: 'bootstrap replicates (default 1000)' },
    seed: { type: 'string', value: 'N', help: 'bootstrap seed (default 1)' },
    'min-cell': {
      type: 'string',
      value: 'N',
      help: 'suppress numbers from fewer records (default 10)',
    },
    counterfactual: {
      type: 'string',
      value: 'FEATURE',
      multiple: true,
      help: `feature to switch on and off, repeatable; none to skip (default ${DEFAULT_COUNTERFACTUAL_FEATURE} when the model has it)`,
    },
    examples: {
      type: 'string',
      value: 'N',
      help: 'example pair ids per feature, for an analyst with access to records (default 0); sightline serve does not serve a replay that has them',
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
    const out = requiredOpt(args, 'replay', 'out');
    const t0 = performance.now();
    const { ctx, heading } = await loadPolicyContext(args, 'replay', io);
    const threshold = stringOpt(args, 'threshold');
    const replayed = runReplay(ctx, scoreBase(ctx), {
      threshold: threshold === undefined ? null : numberOpt(args, 'replay', 'threshold', 0),
      replicates: intOpt(args, 'replay', 'replicates', 1000),
      seed: intOpt(args, 'replay', 'seed', 1),
      minCell: intOpt(args, 'replay', 'min-cell', 10),
      counterfactual: counterfactualFeatures(args, ctx),
      examples: intOpt(args, 'replay', 'examples', 0),
    });
    // The model file's own bytes, so that a deployment gate can tell this model from another one.
    const modelBytes = await readFile(requiredOpt(args, 'replay', 'model'));
    const report = { ...replayed, model: { ...replayed.model, sha256: sha256(modelBytes) } };
    await writeReportDir(out, {
      'report.json': `${stableStringify(report, 1)}\n`,
      'report.html': await replayReportHtml(report, heading),
    });
    const reg = stringOpt(args, 'register');
    const registered =
      reg === undefined ? null : await updateRegister(reg, ctx, { replay: report, source: out });
    io.err(`replay: done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const auc = report.ranges.find((r) => r.metric === 'auc' && r.group === 'all');
    const gap = report.widening.find(
      (w) => w.policy === 'household_max/child' && w.measure === 'selection_gap',
    );
    const summary = {
      out,
      policies: report.policies.length,
      records: report.evaluation.records,
      aucRange: [auc?.min ?? null, auc?.max ?? null],
      householdMaxGapChange:
        gap === undefined ? null : { change: gap.change, lo: gap.lo, hi: gap.hi },
      register: reg === undefined ? null : { path: reg, action: registered },
    };
    if (args.values.json === true) {
      io.out(`${JSON.stringify(summary)}\n`);
      return 0;
    }
    io.out(
      [
        `replay written to ${out} (report.json, report.html): ${report.policies.length} policies on ${report.evaluation.records} records`,
        `AUC across policies: ${auc?.min?.toFixed(3)} to ${auc?.max?.toFixed(3)} (individual score × child's outcome: ${auc?.individual?.toFixed(3)})`,
        `household maximum changes the flagged-share gap (Black − non-Black) by ${gap?.change?.toFixed(3)} (95% interval ${gap?.lo?.toFixed(3)} to ${gap?.hi?.toFixed(3)})`,
        ...(reg === undefined ? [] : [`register ${reg} ${registered}`]),
        ...report.issues.map((i) => `${i.severity}: ${i.message}`),
        '',
      ].join('\n'),
    );
    return 0;
  },
};
