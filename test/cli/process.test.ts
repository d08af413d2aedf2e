/**
 * `sightline process`: on a small synthetic county, with the truth file as the recomputed score
 * and with a model, byte-identical report.json and report.html for identical input, a --json
 * summary, and errors that name the fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { writeExtract } from '../../src/contract/index.js';
import { synthesize, truthCsv } from '../../src/synth/index.js';
import {
  MODEL_FILE_VERSION,
  PROTOCOL_PRESETS,
  formatModelFile,
  type ModelFile,
} from '../../src/scoring/index.js';
import { capture } from './capture.js';
import { logisticModel } from '../../src/models/index.js';

const tmp = await mkdtemp(join(tmpdir(), 'process-'));
const dir = join(tmp, 'county');
const run = synthesize({ seed: 8, scale: 0.05, set: { 'tool.wrong_display_rate': 0.05 } });
await writeExtract(dir, run.extract);
await writeFile(join(tmp, 'truth.csv'), truthCsv(run.state, run.layout));
const model: ModelFile = {
  format: 'sightline-model',
  schemaVersion: MODEL_FILE_VERSION,
  model: logisticModel(
    [
      'referrals.referral.household.ever.count',
      'child_welfare.placement.self.ever.indicator',
      'demographics.age',
    ],
    -2.5,
    [0.3, 0.9, -0.06],
    '0'.repeat(64),
  ),
  scale: {
    kind: 'quantile',
    bins: 20,
    cutPoints: Array.from({ length: 19 }, (_, k) => 0.02 + 0.012 * k),
    population: { description: 'hand-made', n: 100 },
  },
  aggregation: 'household_max',
  protocol: PROTOCOL_PRESETS['allegheny-v2']!,
  training: null,
};
await writeFile(join(tmp, 'model.json'), formatModelFile(model));
const TRUTH = ['--recomputed', join(tmp, 'truth.csv'), '--recomputed-column', 'tool_score'];

test.after(() => rm(tmp, { recursive: true, force: true }));

test('with the truth file: byte-identical reports, the wrong scores found, a summary', async () => {
  const texts: string[] = [];
  for (const d of ['a', 'b']) {
    const io = capture();
    assert.equal(await main(['process', dir, ...TRUTH, '--out', join(tmp, d)], io), 0, io.stderr);
    assert.match(
      io.stdout,
      /process report written to .*: \d+ referrals, \d+ decided by screening/,
    );
    assert.match(io.stdout, /wrong scores shown: \d+/);
    texts.push(
      await readFile(join(tmp, d, 'report.json'), 'utf8'),
      await readFile(join(tmp, d, 'report.html'), 'utf8'),
    );
  }
  assert.equal(texts[0], texts[2]);
  assert.equal(texts[1], texts[3]);
  const report = JSON.parse(texts[0]!);
  assert.equal(report.report, 'sightline-process/1');
  assert.equal(report.selectiveLabels, null);
  const wrong = new Set(
    truthCsv(run.state, run.layout)
      .split('\n')
      .slice(1)
      .filter((l) => l.split(',')[7] === '1')
      .map((l) => l.split(',')[0]),
  );
  assert.deepEqual(new Set(report.glitch.referralIds), wrong);
  assert.ok(wrong.size > 10);
  assert.match(texts[1]!, /<h2>Overrides of the high-risk protocol<\/h2>/);
  assert.match(texts[1]!, /Selective labels were not analysed/);
});

test('with a model: selective labels, and --json', async () => {
  const io = capture();
  const args = [
    'process',
    dir,
    '--model',
    join(tmp, 'model.json'),
    '--tool-rule',
    'protocol',
    '--json',
    '--out',
    join(tmp, 'm'),
  ];
  assert.equal(await main(args, io), 0, io.stderr);
  const summary = JSON.parse(io.stdout);
  assert.equal(summary.selectiveLabels, true);
  assert.equal(typeof summary.overrideRate, 'number');
  const report = JSON.parse(await readFile(join(tmp, 'm', 'report.json'), 'utf8'));
  assert.equal(report.selectiveLabels.cut, 16);
  assert.equal(report.fourWay.rule, 'the shown high-risk protocol');
  assert.ok(
    report.selectiveLabels.bounds.every(
      (b: { auc: { min: number; max: number } }) => b.auc.min <= b.auc.max,
    ),
  );
  // Another model's household scores differ from the shown ones: the report says so.
  assert.ok(report.issues.some((i: { code: string }) => i.code === 'W_PROCESS_GLITCH_MODEL'));
});

test('errors name the fix', async () => {
  const cases: [string[], RegExp, number][] = [
    [
      ['--tool-rule', 'often'],
      /invalid --tool-rule: often \(rate, protocol or a score threshold such as 16\) \[E_USAGE\]/,
      2,
    ],
    [['--score-source', 'model'], /invalid --score-source: model/, 2],
    [['--from', '2015-13-01'], /invalid --from: 2015-13-01 \(a date YYYY-MM-DD\)/, 2],
    [
      ['--recomputed', join(tmp, 'truth.csv')],
      /truth.csv needs the columns referral_id and score; .*Fix: name the score column with --recomputed-column/,
      1,
    ],
    [['--recomputed', join(tmp, 'nope.csv')], /--recomputed .*nope.csv not found/, 2],
  ];
  for (const [extra, re, code] of cases) {
    const io = capture();
    assert.equal(
      await main(['process', dir, ...extra, '--out', join(tmp, 'x')], io),
      code,
      io.stderr,
    );
    assert.match(io.stderr, re);
  }
  const io = capture();
  assert.equal(await main(['process', dir], io), 2);
  assert.match(io.stderr, /sightline process needs --out/);
});
