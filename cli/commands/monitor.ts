/**
 * `sightline monitor DIR --model MODEL --by month --out OUT`: monthly (or quarterly) monitoring of
 * a model on an extract — the score and each predictor against the training reference, ventile
 * occupancy, call volume, screen-in and override rates, and outcomes once their windows close, by
 * group, with alerts — as report.json (the feed, sightline-monitor/1) and report.html, written
 * atomically and byte-identical for identical input.
 */
import { basename } from 'node:path';
import { SightlineError, parseDate, stableStringify } from '../../src/core/index.js';
import { hashExtract, readExtract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { modelSummary, scoreRecords } from '../../src/scoring/index.js';
import {
  decisionTable,
  modelMonitorInput,
  modelReference,
  runMonitor,
  type MonitorOptions,
  type MonitorReport,
} from '../../src/audit/index.js';
import { monitorReportHtml } from '../../src/report/index.js';
import { intOpt, numberOpt, requiredOpt, stringOpt, type Args, type Command } from '../command.js';
import { writeReportDir } from './audit.js';
import { readModelFile } from './model-io.js';

/** Threshold options: flag name → option key and default. */
const THRESHOLDS = {
  alpha: ['alpha', 0.001],
  'psi-warn': ['psiWarn', 0.1],
  'psi-alert': ['psiAlert', 0.25],
  'volume-warn': ['volumeWarn', 0.075],
  'volume-alert': ['volumeAlert', 0.15],
  'rate-warn': ['rateWarn', 0.05],
  'rate-alert': ['rateAlert', 0.1],
  'auc-warn': ['aucWarn', 0.03],
  'auc-alert': ['aucAlert', 0.05],
  'oe-warn': ['oeWarn', 0.1],
  'oe-alert': ['oeAlert', 0.25],
} as const;

function date(args: Args, name: string): string | undefined {
  const v = stringOpt(args, name);
  if (v !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(parseDate(v)))) {
    throw new SightlineError('E_USAGE', `invalid --${name}: ${v} (a date YYYY-MM-DD)`);
  }
  return v;
}

/** The monitoring options from the command line; the reference defaults to the model's window. */
function monitorOptions(args: Args, reference: { from: string; to: string }): MonitorOptions {
  const by = stringOpt(args, 'by') ?? 'month';
  if (by !== 'month' && by !== 'quarter') {
    throw new SightlineError('E_USAGE', `invalid --by: ${by} (month or quarter)`);
  }
  const o: Record<string, unknown> = {
    by,
    referenceFrom: date(args, 'reference-from') ?? reference.from,
    referenceTo: date(args, 'reference-to') ?? reference.to,
    minRecords: intOpt(args, 'monitor', 'min-records', 50),
  };
  for (const k of ['from', 'to'] as const) {
    const v = date(args, k);
    if (v !== undefined) o[k] = v;
  }
  for (const [flag, [key, fallback]] of Object.entries(THRESHOLDS)) {
    const v = numberOpt(args, 'monitor', flag, fallback);
    if (v < 0 || (flag === 'alpha' && !(v > 0 && v < 1))) {
      throw new SightlineError(
        'E_USAGE',
        `invalid --${flag}: ${v} (${flag === 'alpha' ? 'between 0 and 1' : 'not negative'})`,
      );
    }
    o[key] = v;
  }
  if ((o.minRecords as number) < 1)
    throw new SightlineError(
      'E_USAGE',
      `invalid --min-records: ${String(o.minRecords)} (at least 1)`,
    );
  if (parseDate(o.referenceFrom as string) >= parseDate(o.referenceTo as string)) {
    throw new SightlineError(
      'E_USAGE',
      `the reference window ${String(o.referenceFrom)} to ${String(o.referenceTo)} is empty. Fix: --reference-from before --reference-to.`,
    );
  }
  return o as MonitorOptions;
}

async function buildFeed(args: Args): Promise<{ report: MonitorReport; heading: string[] }> {
  const dir = args.positionals[0]!;
  const modelPath = requiredOpt(args, 'monitor', 'model');
  const model = await readModelFile(modelPath);
  const predictors = stringOpt(args, 'predictors') ?? 'model';
  if (predictors !== 'model' && predictors !== 'all') {
    throw new SightlineError('E_USAGE', `invalid --predictors: ${predictors} (model or all)`);
  }
  const options = monitorOptions(args, modelReference(model));
  const { extract } = await readExtract(dir);
  const dataHash = await hashExtract(dir);
  const fs = buildFeatures(extract);
  const scored = scoreRecords(model, fs);
  const table = decisionTable(extract);
  const source = {
    extract: { name: basename(dir), dataHash, asOf: extract.manifest.as_of, records: fs.records.n },
    model: {
      file: basename(modelPath),
      summary: modelSummary(model.model).text,
      label: modelReference(model).label,
    },
  };
  const input = modelMonitorInput(extract, fs, model, scored, table, { predictors, source });
  const report = runMonitor(input, options);
  const heading = [
    `Extract: ${basename(dir)} (${dataHash.slice(0, 23)}…), as of ${extract.manifest.as_of}, ${fs.records.n.toLocaleString('en-US')} child-referral records.`,
    `Model: ${basename(modelPath)}, ${modelSummary(model.model).text}; ${input.predictors.length} predictors monitored; outcome ${modelReference(model).label}.`,
  ];
  return { report, heading };
}

export const monitorCommand: Command = {
  name: 'monitor',
  summary: 'monthly monitoring of scores, predictors, decisions and outcomes, with alerts',
  usage: 'DIR --model MODEL --out OUT [--by month|quarter] [options]',
  description: [
    'Writes OUT/report.json (the feed a dashboard reads, sightline-monitor/1) and OUT/report.html',
    '(time-series charts): per period and household race, PSI and Jensen–Shannon divergence of the',
    'score and each predictor the model uses against the reference window (default: the model’s',
    'training window), ventile occupancy, call volume against its seasonal reference, screen-in',
    'and override rates, and AUC and observed/expected outcomes once the two-year windows close.',
    'A check alerts when the change passes its threshold and its test rejects "no change" at',
    'level --alpha; with no change, at most alpha × checks false alerts are expected.',
  ].join('\n'),
  options: {
    model: { type: 'string', value: 'MODEL', help: "model file from 'sightline train'" },
    out: { type: 'string', value: 'OUT', help: 'folder to write report.json and report.html into' },
    by: { type: 'string', value: 'P', help: 'month (default) or quarter' },
    from: {
      type: 'string',
      value: 'DATE',
      help: 'first day monitored (default: the reference start)',
    },
    to: {
      type: 'string',
      value: 'DATE',
      help: 'end of the monitored range, exclusive (default: after as_of)',
    },
    'reference-from': {
      type: 'string',
      value: 'DATE',
      help: "reference window start (default: the model's training window)",
    },
    'reference-to': { type: 'string', value: 'DATE', help: 'reference window end, exclusive' },
    predictors: {
      type: 'string',
      value: 'P',
      help: 'model (the features the model uses; default) or all',
    },
    'min-records': {
      type: 'string',
      value: 'N',
      help: 'fewer records than this: no verdict (default 50)',
    },
    alpha: { type: 'string', value: 'X', help: 'level of each check’s test (default 0.001)' },
    'psi-warn': { type: 'string', value: 'X', help: 'PSI warning threshold (default 0.1)' },
    'psi-alert': { type: 'string', value: 'X', help: 'PSI alert threshold (default 0.25)' },
    'volume-warn': {
      type: 'string',
      value: 'X',
      help: 'volume |observed/expected − 1| warning (default 0.075)',
    },
    'volume-alert': { type: 'string', value: 'X', help: 'volume alert (default 0.15)' },
    'rate-warn': {
      type: 'string',
      value: 'X',
      help: 'screen-in/override rate change warning (default 0.05)',
    },
    'rate-alert': { type: 'string', value: 'X', help: 'rate change alert (default 0.1)' },
    'auc-warn': { type: 'string', value: 'X', help: 'AUC drop warning (default 0.03)' },
    'auc-alert': { type: 'string', value: 'X', help: 'AUC drop alert (default 0.05)' },
    'oe-warn': {
      type: 'string',
      value: 'X',
      help: 'observed/expected outside 1 ± X warns (default 0.1)',
    },
    'oe-alert': { type: 'string', value: 'X', help: 'observed/expected alert (default 0.25)' },
    json: { type: 'boolean', help: 'print a JSON summary with the alerts on stdout' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const out = requiredOpt(args, 'monitor', 'out');
    const t0 = performance.now();
    const { report, heading } = await buildFeed(args);
    const html = await monitorReportHtml(report, heading);
    await writeReportDir(out, {
      'report.json': `${stableStringify(report, 1)}\n`,
      'report.html': html,
    });
    io.err(`monitor: done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const alerts = report.alerts.filter((a) => a.status === 'alert');
    const first = new Map<string, string>();
    for (const a of alerts)
      if (!first.has(`${a.quantity} ${a.measure}`))
        first.set(`${a.quantity} ${a.measure}`, a.period);
    const summary = {
      out,
      periods: report.periods.length,
      checks: report.checks,
      firstAlert: Object.fromEntries(first),
      alerts: alerts.slice(0, 100),
    };
    if (args.values.json === true) io.out(`${stableStringify(summary, 1)}\n`);
    else {
      io.out(
        [
          `monitoring written to ${out} (report.json, report.html): ${report.periods.length} ${report.options.by === 'month' ? 'months' : 'quarters'}, ${report.checks.made} checks`,
          `alerts: ${report.checks.alerts}; warnings: ${report.checks.warnings}; expected false alerts if nothing changed: at most ${report.checks.falseAlarmBound}`,
          ...[...first].slice(0, 12).map(([q, p]) => `  first alert on ${q}: ${p}`),
          '',
        ].join('\n'),
      );
    }
    return 0;
  },
};
