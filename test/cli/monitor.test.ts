/**
 * `sightline monitor`: on a small synthetic county with a hand-made model, byte-identical
 * report.json (the feed) and report.html for identical input, months and quarters, a --json
 * summary, and errors that name the fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { writeExtract } from '../../src/contract/index.js';
import { synthesize } from '../../src/synth/index.js';
import {
  MODEL_FILE_VERSION,
  PROTOCOL_PRESETS,
  formatModelFile,
  type ModelFile,
} from '../../src/scoring/index.js';
import { capture } from './capture.js';
import { logisticModel } from '../../src/models/index.js';

const tmp = await mkdtemp(join(tmpdir(), 'monitor-'));
const dir = join(tmp, 'county');
await writeExtract(dir, synthesize({ seed: 9, scale: 0.05 }).extract);
const model: ModelFile = {
  format: 'sightline-model',
  schemaVersion: MODEL_FILE_VERSION,
  model: logisticModel(
    [
      'referrals.referral.household.ever.count',
      'child_welfare.placement.self.ever.indicator',
      'demographics.age',
      'jail.booking.parents.3y.count',
    ],
    -3,
    [0.3, 0.9, -0.06, 0],
    '0'.repeat(64),
  ),
  scale: {
    kind: 'quantile',
    bins: 20,
    cutPoints: Array.from({ length: 19 }, (_, k) => 0.02 + 0.01 * k),
    population: { description: 'hand-made', n: 100 },
  },
  aggregation: 'household_max',
  protocol: PROTOCOL_PRESETS['allegheny-v2']!,
  training: null,
};
await writeFile(join(tmp, 'model.json'), formatModelFile(model));
const MODEL = ['--model', join(tmp, 'model.json')];

test.after(() => rm(tmp, { recursive: true, force: true }));

test('monthly: the feed and the page are byte-identical across runs', async () => {
  const texts: string[] = [];
  for (const d of ['a', 'b']) {
    const io = capture();
    assert.equal(
      await main(['monitor', dir, ...MODEL, '--by', 'month', '--out', join(tmp, d)], io),
      0,
      io.stderr,
    );
    assert.match(io.stdout, /monitoring written to .*: 105 months, \d+ checks/);
    texts.push(
      await readFile(join(tmp, d, 'report.json'), 'utf8'),
      await readFile(join(tmp, d, 'report.html'), 'utf8'),
    );
  }
  assert.equal(texts[0], texts[2]);
  assert.equal(texts[1], texts[3]);
  const feed = JSON.parse(texts[0]!);
  assert.equal(feed.report, 'sightline-monitor/1');
  assert.equal(feed.periods[0], '2010-04');
  assert.equal(feed.periods.at(-1), '2018-12');
  assert.deepEqual(feed.groups, ['black', 'non_black', 'all']);
  // The model uses three features (one coefficient is 0): three predictors are monitored.
  const predictors = new Set(
    feed.series
      .filter((s: { quantity: string }) => s.quantity.startsWith('predictor:'))
      .map((s: { quantity: string }) => s.quantity),
  );
  assert.equal(predictors.size, 3);
  assert.equal(feed.options.referenceFrom, '2010-04-01');
  assert.match(texts[1]!, /<h2>Call volume<\/h2>/);
  assert.match(texts[1]!, /class="vega-lite-spec"/);
});

test('quarterly, a custom window and thresholds, and --json', async () => {
  const io = capture();
  const args = [
    'monitor',
    dir,
    ...MODEL,
    '--by',
    'quarter',
    '--from',
    '2013-01-01',
    '--to',
    '2017-01-01',
    '--volume-alert',
    '0.3',
    '--predictors',
    'all',
    '--json',
    '--out',
    join(tmp, 'q'),
  ];
  assert.equal(await main(args, io), 0, io.stderr);
  const summary = JSON.parse(io.stdout);
  assert.equal(summary.periods, 16);
  assert.equal(typeof summary.checks.falseAlarmBound, 'number');
  const feed = JSON.parse(await readFile(join(tmp, 'q', 'report.json'), 'utf8'));
  assert.equal(feed.periods[0], '2013-Q1');
  assert.equal(feed.options.volumeAlert, 0.3);
  assert.ok(
    feed.series.filter((s: { quantity: string }) => s.quantity.startsWith('predictor:')).length >
      1000,
  );
});

test('errors name the fix', async () => {
  const cases: [string[], RegExp, number][] = [
    [['--by', 'week'], /invalid --by: week \(month or quarter\) \[E_USAGE\]/, 2],
    [['--alpha', '2'], /invalid --alpha: 2 \(between 0 and 1\)/, 2],
    [
      ['--reference-from', '2015-01-01', '--reference-to', '2014-01-01'],
      /the reference window 2015-01-01 to 2014-01-01 is empty/,
      2,
    ],
    [['--predictors', 'some'], /invalid --predictors: some \(model or all\)/, 2],
    [['--psi-alert', 'x'], /invalid --psi-alert: x \(sightline monitor needs a number\)/, 2],
  ];
  for (const [extra, re, code] of cases) {
    const io = capture();
    assert.equal(
      await main(['monitor', dir, ...MODEL, ...extra, '--out', join(tmp, 'x')], io),
      code,
      io.stderr,
    );
    assert.match(io.stderr, re);
  }
  const io = capture();
  assert.equal(await main(['monitor', dir, '--out', join(tmp, 'x')], io), 2);
  assert.match(io.stderr, /sightline monitor needs --model/);
});
