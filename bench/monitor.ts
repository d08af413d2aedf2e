/**
 * Monthly monitoring (issue 7) over five years of a full-scale synthetic county, against its goal:
 * monitoring 60 months (2014-01 to 2018-12) of every child-referral record — the score and 40
 * predictors against the training reference (PSI, JSD, the test), ventile occupancy, volume,
 * screen-in and override rates, AUC and observed/expected, each by household race — in under
 * 10 s. Timed phase by phase: the monitoring itself (input + runMonitor), the HTML, and for
 * context the steps before it (synthesis, features, scoring) and `sightline monitor` end to end
 * on the written extract. Also prints what the county's default law change (+22% mandated calls
 * from 2015-01-01) does to the monitor at full scale: the first volume alert, and the alerts
 * against the stated false-alarm bound.
 *
 *   node --import tsx bench/monitor.ts [--scale 1] [--end-to-end]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDate } from '../src/core/index.js';
import { writeExtract } from '../src/contract/index.js';
import { buildFeatures, type FeatureSet } from '../src/features/index.js';
import { synthesize } from '../src/synth/index.js';
import {
  MODEL_FILE_VERSION,
  PROTOCOL_PRESETS,
  fitQuantileScale,
  formatModelFile,
  predictModel,
  scoreRecords,
  type ModelFile,
} from '../src/scoring/index.js';
import { decisionTable, modelMonitorInput, runMonitor } from '../src/audit/index.js';
import { monitorReportHtml } from '../src/report/index.js';
import { main } from '../cli/main.js';
import { peakRssMb, report, timed } from './measure.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    'end-to-end': { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
const REFERENCE = { referenceFrom: '2010-04-01', referenceTo: '2014-08-01' };
const RANGE = { from: '2014-01-01', to: '2019-01-01' };

/**
 * A fixed logistic model on 40 features (every 10th feature of the catalog, among those that vary), with
 * ventiles cut on the reference window's screened-in records: the monitoring is what is measured.
 */
function benchModel(fs: FeatureSet): ModelFile {
  const names: string[] = [];
  fs.matrix.columns.forEach((c, j) => {
    const varies =
      c.kind === 'sparse' ? c.rows.length > 100 : new Set(c.values.subarray(0, 5000)).size > 1;
    if (varies && j % 10 === 0 && names.length < 40) names.push(fs.matrix.names[j]!);
  });
  const file: ModelFile = {
    format: 'sightline-model',
    schemaVersion: MODEL_FILE_VERSION,
    model: {
      kind: 'lasso',
      schemaVersion: 1,
      link: 'logit',
      features: names,
      intercept: -2.5,
      coefficients: names.map((_, k) => (k % 3 === 0 ? 0.2 : 0.05)),
      lambda: null,
      lambdaMin: null,
      lambdaOneSe: null,
      rule: null,
      cv: null,
      params: null,
      source: { kind: 'coefficient-table', sha256: '0'.repeat(64) },
    },
    scale: { kind: 'probability' },
    aggregation: 'household_max',
    protocol: PROTOCOL_PRESETS['allegheny-v2']!,
    training: null,
  };
  const r = fs.records;
  const [from, to] = [parseDate(REFERENCE.referenceFrom), parseDate(REFERENCE.referenceTo)];
  const rows = Uint32Array.from({ length: r.n }, (_, i) => i).filter(
    (i) => r.callDay[i]! >= from && r.callDay[i]! < to && r.decision[i] === 0,
  );
  // Calibrate the intercept in the large on the reference window (bisection), so that the
  // observed/expected check does not simply report a model that was never calibrated.
  const label = fs.labels.placement_2y;
  const matured = rows.filter((i) => label[i]! >= 0);
  const p0 = predictModel(file, fs.matrix);
  const x = Float64Array.from(matured, (i) => Math.log(p0[i]! / (1 - p0[i]!)) + 2.5);
  const observed = matured.reduce((a, i) => a + (label[i] === 1 ? 1 : 0), 0);
  let [lo, hi] = [-12, 4];
  for (let k = 0; k < 60; k++) {
    const b = (lo + hi) / 2;
    if (x.reduce((a, v) => a + 1 / (1 + Math.exp(-(v + b))), 0) > observed) hi = b;
    else lo = b;
  }
  (file.model as { intercept: number }).intercept = (lo + hi) / 2;
  file.scale = fitQuantileScale(predictModel(file, fs.matrix), {
    rows,
    population: { description: 'screened-in records of the reference window', n: rows.length },
  });
  return file;
}

const synth = await timed(() => synthesize({ seed: 1, scale }));
const features = await timed(() => buildFeatures(synth.value.extract));
const fs = features.value;
const file = benchModel(fs);
const scoring = await timed(() => scoreRecords(file, fs));
const monitorRecords = fs.records.callDay.filter(
  (d) => d >= parseDate(RANGE.from) && d < parseDate(RANGE.to),
).length;
const run = async () => {
  const input = modelMonitorInput(
    synth.value.extract,
    fs,
    file,
    scoring.value,
    decisionTable(synth.value.extract),
    { predictors: 'model', source: {} },
  );
  return runMonitor(input, { ...REFERENCE, ...RANGE, by: 'month' });
};
await run(); // warm-up (JIT), then the timed run
const monitor = await timed(run);
const html = await timed(() => monitorReportHtml(monitor.value, []));
const quarterly = await timed(async () => {
  const input = modelMonitorInput(
    synth.value.extract,
    fs,
    file,
    scoring.value,
    decisionTable(synth.value.extract),
    {
      predictors: 'model',
      source: {},
    },
  );
  return runMonitor(input, { ...REFERENCE, ...RANGE, by: 'quarter' });
});
const rep = monitor.value;
const firstVolume = rep.alerts.find(
  (a) => a.quantity === 'volume' && a.group === 'all' && a.status === 'alert',
);
const pre2015 = rep.alerts.filter((a) => a.status === 'alert' && a.period < '2015-01').length;
const figures: Record<string, number | string> = {
  scale,
  'records monitored (2014-2018)': monitorRecords,
  'records in the extract': fs.records.n,
  'predictors monitored': file.model.features.length,
  months: rep.periods.length,
  series: rep.series.length,
  'checks with a verdict': rep.checks.made,
  'monitor s (goal < 10)': monitor.seconds,
  'monitor cpu s': monitor.cpuSeconds,
  'html s': html.seconds,
  'quarterly monitor s': quarterly.seconds,
  'synthesize s': synth.seconds,
  'features s': features.seconds,
  'score s': scoring.seconds,
  'first volume alert (all)': firstVolume?.period ?? 'none',
  'first volume alert by quarter (all)':
    quarterly.value.alerts.find(
      (a) => a.quantity === 'volume' && a.group === 'all' && a.status === 'alert',
    )?.period ?? 'none',
  'alerts before 2015-01': pre2015,
  alerts: rep.checks.alerts,
  'false-alarm bound': rep.checks.falseAlarmBound,
  'feed MB': JSON.stringify(rep).length / 1e6,
  'html MB': html.value.length / 1e6,
};
if (values['end-to-end']) {
  const tmp = await mkdtemp(join(tmpdir(), 'bench-monitor-'));
  try {
    await writeExtract(join(tmp, 'county'), synth.value.extract);
    await writeFile(join(tmp, 'model.json'), formatModelFile(file));
    const io = { out: () => undefined, err: () => undefined };
    const args = [
      'monitor',
      join(tmp, 'county'),
      '--model',
      join(tmp, 'model.json'),
      '--by',
      'month',
      '--from',
      RANGE.from,
      '--to',
      RANGE.to,
      '--out',
      join(tmp, 'out'),
    ];
    const cli = await timed(() => main(args, io));
    figures['sightline monitor end to end s'] = cli.seconds;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
figures['peak RSS MB'] = peakRssMb();
report('monitor', figures);
const byQuantity = new Map<string, string[]>();
for (const a of rep.alerts) {
  if (a.status !== 'alert') continue;
  const k = `${a.quantity} ${a.measure} ${a.group}`;
  byQuantity.set(k, [...(byQuantity.get(k) ?? []), a.period]);
}
for (const [k, v] of byQuantity) console.log(`  alerts: ${k}: ${v.length} (first ${v[0]})`);
