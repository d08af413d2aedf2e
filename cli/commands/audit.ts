/**
 * `sightline audit`: the fairness and validity audit, as report.json and report.html in one
 * folder, written atomically (built in a temporary sibling, then renamed into place) and
 * byte-identical for identical input.
 * - `sightline audit --scores FILE --score COL --label COL --group COL ... --out DIR` audits any
 *   scored table (CSV or Parquet), not only Sightline's own models.
 * - `sightline audit DIR --model MODEL --out DIR` audits a model file on a county extract.
 */
import { readFile, readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  SightlineError,
  sha256,
  stableStringify,
  writeFolderAtomic,
} from '../../src/core/index.js';
import { hashExtract, readExtract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { modelSummary, scoreRecords } from '../../src/scoring/index.js';
import { atLeast, topShareThreshold } from '../../src/metrics/index.js';
import {
  modelAuditSpec,
  readScoredTable,
  runAudit,
  type AuditOptions,
  type AuditReport,
  type AuditRule,
} from '../../src/audit/index.js';
import { auditReportHtml } from '../../src/report/index.js';
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

const REPORT_FILES = ['report.json', 'report.html'];

/** The core's options from the command line. */
function auditOptions(args: Args): AuditOptions {
  const o: AuditOptions = {
    replicates: intOpt(args, 'audit', 'replicates', 1000),
    seed: intOpt(args, 'audit', 'seed', 1),
    minCell: intOpt(args, 'audit', 'min-cell', 10),
    minClusters: intOpt(args, 'audit', 'min-clusters', 5),
    tolerance: numberOpt(args, 'audit', 'tolerance', 0.05),
    ratioTolerance: numberOpt(args, 'audit', 'ratio-tolerance', 0.2),
  };
  const reference = stringOpt(args, 'reference');
  if (o.replicates! < 0 || o.minCell! < 0 || o.tolerance! < 0 || o.ratioTolerance! < 0) {
    throw new SightlineError(
      'E_USAGE',
      'invalid audit option: --replicates, --min-cell and the tolerances must not be negative',
    );
  }
  if (o.minClusters! < 1) {
    throw new SightlineError('E_USAGE', `invalid --min-clusters: ${o.minClusters} (at least 1)`);
  }
  return reference === undefined ? o : { ...o, reference };
}

/**
 * Writes the report files into `out` atomically: a new folder is built beside it and renamed
 * into place. An existing `out` is replaced only when it holds nothing but a previous report.
 */
export async function writeReportDir(out: string, files: Record<string, string>): Promise<void> {
  const existing = await readdir(out).catch(() => null);
  if (existing !== null && existing.some((f) => !REPORT_FILES.includes(f))) {
    throw new SightlineError(
      'E_USAGE',
      `--out ${out} exists and holds other files (${existing
        .filter((f) => !REPORT_FILES.includes(f))
        .slice(0, 3)
        .join(', ')}). Fix: give a new folder, or the folder of a previous audit.`,
    );
  }
  await writeFolderAtomic(out, files, existing !== null);
}

/** Decision rules of a scored table: each --threshold, or the top-25% cut. */
function tableRules(args: Args, score: Float64Array, rows: Uint32Array): AuditRule[] {
  const given = (args.values.threshold as string[] | undefined) ?? [];
  if (given.length === 0) {
    const t = topShareThreshold(score, 0.25, rows);
    return [
      {
        label: `score>=${t}`,
        description: `score ${t} or more, the top 25% of the audited records: the default cut, --threshold sets others`,
        selected: atLeast(score, t),
      },
    ];
  }
  return given.map((text) => {
    const t = Number(text);
    if (text.trim() === '' || !Number.isFinite(t)) {
      throw new SightlineError('E_USAGE', `invalid --threshold: ${text} (a number is needed)`);
    }
    return { label: `score>=${t}`, description: `score ${t} or more`, selected: atLeast(score, t) };
  });
}

async function auditTable(args: Args, io: Io): Promise<{ report: AuditReport; heading: string[] }> {
  const file = requiredOpt(args, 'audit', 'scores');
  const groups = (args.values.group as string[] | undefined) ?? [];
  if (groups.length === 0) {
    throw new SightlineError(
      'E_USAGE',
      "sightline audit --scores needs at least one --group COL. Run 'sightline audit --help'.",
    );
  }
  const columns = {
    score: requiredOpt(args, 'audit', 'score'),
    label: requiredOpt(args, 'audit', 'label'),
    groups,
    cluster: stringOpt(args, 'cluster'),
    probability: stringOpt(args, 'probability'),
  };
  const t = await readScoredTable(file, columns);
  io.err(`audit: read ${t.rowsRead} rows of ${file}; ${t.rows.length} have a label and a score\n`);
  const name = basename(file);
  const report = runAudit({
    source: {
      kind: 'scores',
      file: name,
      format: t.format,
      sha256: t.sha256,
      columns,
      rowsRead: t.rowsRead,
    },
    population: `The ${t.rows.length.toLocaleString('en-US')} rows of ${name} with a label and a score.`,
    label: `"${columns.label}" (1 = the outcome happened)`,
    outcome: `"${columns.label}"`,
    score: `"${columns.score}"${columns.probability ? `, with probabilities in "${columns.probability}"` : ''}`,
    input: {
      y: t.y,
      score: t.score,
      ...(t.probability ? { probability: t.probability } : {}),
      cluster: t.cluster,
      rows: t.rows,
    },
    groupings: t.groupings,
    rules: tableRules(args, t.score, t.rows),
    exclusions: t.exclusions,
    options: auditOptions(args),
  });
  const heading = [
    `Scored table: ${name} (${t.format.toUpperCase()}, ${t.rowsRead.toLocaleString('en-US')} rows, sha256 ${t.sha256.slice(0, 16)}…). Clusters: ${columns.cluster ? `"${columns.cluster}"` : 'none given, so rows are resampled one by one'}.`,
  ];
  return { report, heading };
}

async function auditModel(args: Args, io: Io): Promise<{ report: AuditReport; heading: string[] }> {
  const dir = args.positionals[0]!;
  const modelPath = requiredOpt(args, 'audit', 'model');
  const model = await readModelFile(modelPath);
  const rows = stringOpt(args, 'rows') ?? 'test';
  if (rows !== 'test' && rows !== 'all') {
    throw new SightlineError('E_USAGE', `invalid --rows: ${rows} (test or all)`);
  }
  const { extract } = await readExtract(dir);
  const fs = buildFeatures(extract);
  const scored = scoreRecords(model, fs);
  const dataHash = await hashExtract(dir);
  io.err(`audit: ${fs.records.n} records of ${dir} scored\n`);
  const spec = modelAuditSpec(fs, model, scored, { rows, dataHash, audit: auditOptions(args) });
  // The model file's own bytes, so that a deployment gate can tell this model from another one.
  const modelSha256 = sha256(await readFile(modelPath));
  const report = runAudit({ ...spec, source: { ...spec.source, modelSha256 } });
  const tr = model.training;
  const heading = [
    `Model: ${modelSummary(model.model).text}, ${model.scale.kind === 'quantile' ? `scores 1–${model.scale.bins}` : 'probabilities'}, ${model.aggregation}, protocol ${model.protocol.name} v${model.protocol.version}${tr ? `; trained on ${tr.rowsTrain.toLocaleString('en-US')} records (${tr.population}, ${tr.label}, ${tr.from} to ${tr.to})` : ''}.`,
    `Extract: ${basename(dir)} (${dataHash.slice(0, 23)}…), as of ${extract.manifest.as_of}.`,
  ];
  return { report, heading };
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'fairness and validity audit of a scored table or of a model on an extract',
  usage: '(--scores FILE --score COL --label COL --group COL | DIR --model MODEL) --out DIR',
  description: [
    'Writes DIR/report.json (one object per number) and DIR/report.html (charts, tables and',
    'plain-language notes; opens offline): calibration by score and group, ROC and AUC, xAUC,',
    'error rates at the decision rules and score distributions, with 95% intervals (Wilson for',
    'rates; a bootstrap over clusters otherwise) and a verdict for each comparison with the',
    'reference group. Rows without a label or a score are counted and left out.',
  ].join('\n'),
  options: {
    scores: { type: 'string', value: 'FILE', help: 'scored table to audit (.csv or .parquet)' },
    score: { type: 'string', value: 'COL', help: 'score column (higher = riskier)' },
    label: { type: 'string', value: 'COL', help: 'outcome column: 1, 0, or empty when unknown' },
    group: {
      type: 'string',
      value: 'COL',
      multiple: true,
      help: 'grouping column, repeatable; A*B crosses two columns',
    },
    cluster: {
      type: 'string',
      value: 'COL',
      help: 'cluster (referral/household) id column; resampled whole by the bootstrap',
    },
    probability: {
      type: 'string',
      value: 'COL',
      help: 'predicted probability column (Brier, recalibration)',
    },
    threshold: {
      type: 'string',
      value: 'T',
      multiple: true,
      help: 'decision rule score >= T, repeatable (default: the top-25% cut)',
    },
    model: { type: 'string', value: 'MODEL', help: "with DIR: model file from 'sightline train'" },
    rows: {
      type: 'string',
      value: 'R',
      help: 'with --model: test (held-out rows when the split can be replayed; default) or all',
    },
    reference: { type: 'string', value: 'G', help: 'reference group (default: the largest)' },
    replicates: { type: 'string', value: 'N', help: 'bootstrap replicates (default 1000)' },
    seed: { type: 'string', value: 'N', help: 'bootstrap seed (default 1)' },
    'min-cell': {
      type: 'string',
      value: 'N',
      help: 'suppress numbers from fewer records (default 10)',
    },
    'min-clusters': {
      type: 'string',
      value: 'N',
      help: 'suppress every number of a group with fewer clusters (default 5)',
    },
    tolerance: { type: 'string', value: 'X', help: 'tolerance on differences (default 0.05)' },
    'ratio-tolerance': {
      type: 'string',
      value: 'X',
      help: 'tolerance on ratios, 1 ± X (default 0.2)',
    },
    out: { type: 'string', value: 'DIR', help: 'folder to write report.json and report.html into' },
  },
  positionals: [0, 1],
  async run(args, io) {
    const out = requiredOpt(args, 'audit', 'out');
    const byModel = args.positionals.length === 1 || stringOpt(args, 'model') !== undefined;
    if (
      byModel === (stringOpt(args, 'scores') !== undefined) ||
      (byModel && args.positionals.length !== 1)
    ) {
      throw new SightlineError(
        'E_USAGE',
        "sightline audit needs either --scores FILE (a scored table) or DIR --model MODEL (a model on an extract), not both. Run 'sightline audit --help'.",
      );
    }
    const t0 = performance.now();
    const { report, heading } = byModel ? await auditModel(args, io) : await auditTable(args, io);
    const html = await auditReportHtml(report, heading);
    await writeReportDir(out, {
      'report.json': `${stableStringify(report, 1)}\n`,
      'report.html': html,
    });
    const flagged = report.metrics.filter((m) => m.state === 'exceeds_tolerance');
    const unsure = report.metrics.filter((m) => m.state === 'inconclusive');
    io.err(`audit: done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    io.out(
      [
        `audit written to ${out} (report.json, report.html): ${report.population.rows} records, ${report.groupings.length} grouping(s)`,
        `comparisons exceeding the tolerance: ${flagged.length}; inconclusive: ${unsure.length}`,
        ...flagged
          .slice(0, 10)
          .map(
            (m) =>
              `  ${m.grouping} ${m.group} vs ${m.versus}: ${m.metric} ${m.contrast}${m.threshold ? ` at ${m.threshold}` : ''} = ${m.value?.toFixed(3)} (${m.lo?.toFixed(3)} to ${m.hi?.toFixed(3)})`,
          ),
        '',
      ].join('\n'),
    );
    return 0;
  },
};
