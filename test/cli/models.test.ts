import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { readExtract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { parseModelFile, predictModel, scoreRecords } from '../../src/scoring/index.js';
import { capture } from './capture.js';

const tmp = await mkdtemp(join(tmpdir(), 'models-'));
const county = join(tmp, 'county');
const run = async (...argv: string[]) => {
  const io = capture();
  const code = await main(argv, io);
  return { code, ...io };
};
const ok = async (...argv: string[]) => {
  const r = await run(...argv);
  assert.equal(r.code, 0, r.stderr);
  return r;
};
await ok('synth', '--out', county, '--scale', '0.04', '--seed', '5');
const FAST = ['--lambda-min-ratio', '0.02'];
await ok('train', county, '--out', join(tmp, 'lasso.json'), ...FAST);
const fs = buildFeatures((await readExtract(county)).extract);
const load = async (name: string) =>
  parseModelFile(JSON.parse(await readFile(join(tmp, name), 'utf8')));

test.after(() => rm(tmp, { recursive: true, force: true }));

test('train --model gbt and --model forest write tree model files', async () => {
  const g = await ok('train', county, '--out', join(tmp, 'gbt.json'), '--model', 'gbt');
  assert.match(g.stdout, /draft decision register \(unsigned\) to .*gbt\.register\.json/);
  const register = JSON.parse(await readFile(join(tmp, 'gbt.register.json'), 'utf8'));
  assert.equal(register.model.kind, 'gbt');
  assert.match(JSON.stringify(register.decisions), /unsigned/);
  assert.match(
    g.stdout,
    /boosted trees: \d+ trees of at most 15 leaves .* early stopping at round \d+/,
  );
  const f = await ok(
    'train',
    county,
    '--out',
    join(tmp, 'forest.json'),
    '--model',
    'forest',
    '--trees',
    '12',
  );
  assert.match(f.stdout, /random forest: 12 trees/);
  assert.equal((await load('gbt.json')).model.kind, 'gbt');
  assert.equal((await load('forest.json')).model.kind, 'forest');
  const bad = await run('train', county, '--out', join(tmp, 'x.json'), '--model', 'svm');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid training option model/);
});

test('explain prints every source and group, and --json adds up to the output', async () => {
  const file = await load('lasso.json');
  const scored = scoreRecords(file, fs);
  const row = fs.records.referralId.findIndex((_, i) => scored.protocol[i] === 'high');
  const referral = fs.records.referralId[row >= 0 ? row : 0]!;
  const text = await ok(
    'explain',
    county,
    '--model',
    join(tmp, 'lasso.json'),
    '--referral',
    referral,
  );
  assert.match(text.stdout, new RegExp(`^referral ${referral}: \\d+ child records?, model lasso`));
  assert.match(text.stdout, /by source system:\n/);
  assert.match(text.stdout, /by feature group:\n/);
  const json = await ok(
    'explain',
    county,
    '--model',
    join(tmp, 'lasso.json'),
    '--referral',
    referral,
    '--json',
  );
  const out = JSON.parse(json.stdout) as {
    explanations: {
      person: string;
      probability: number;
      baseline: number;
      output: number;
      score: number;
      bySource: { contribution: number }[];
    }[];
  };
  const rows = [...fs.records.referralId.keys()].filter(
    (i) => fs.records.referralId[i] === referral,
  );
  assert.equal(out.explanations.length, rows.length);
  out.explanations.forEach((e, k) => {
    const sum = e.bySource.reduce((a, s) => a + s.contribution, e.baseline);
    assert.ok(Math.abs(sum - e.output) < 1e-9);
    assert.ok(Math.abs(e.probability - scored.probability[rows[k]!]!) < 1e-12);
    assert.equal(e.score, scored.score[rows[k]!]);
  });
  const missing = await run(
    'explain',
    county,
    '--model',
    join(tmp, 'lasso.json'),
    '--referral',
    'nope',
  );
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no child-referral record for referral nope/);
});

test("a county's coefficient table imports as a model that scores like the original", async () => {
  const lasso = await load('lasso.json');
  if (lasso.model.kind !== 'lasso') throw new Error('expected a LASSO');
  const m = lasso.model;
  const lines = ['feature,coefficient', `(Intercept),${m.intercept}`];
  m.features.forEach((f, j) => m.coefficients[j] !== 0 && lines.push(`${f},${m.coefficients[j]}`));
  await writeFile(join(tmp, 'table.csv'), `${lines.join('\n')}\n`);
  const out = join(tmp, 'imported.json');
  const r = await ok(
    'import',
    '--coefficients',
    join(tmp, 'table.csv'),
    '--out',
    out,
    '--extract',
    county,
  );
  assert.match(r.stdout, /20 bins cut on screened_in records of the extract/);
  const imported = await load('imported.json');
  assert.equal(imported.training, null);
  const a = predictModel(imported, fs.matrix);
  const b = predictModel(lasso, fs.matrix);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-12);
  // The county's own cut points define its scale exactly.
  await writeFile(join(tmp, 'cuts.txt'), '0.05\n0.1\n0.2\n');
  await ok(
    'import',
    '--coefficients',
    join(tmp, 'table.csv'),
    '--out',
    out,
    '--cut-points',
    join(tmp, 'cuts.txt'),
  );
  const cut = await load('imported.json');
  assert.deepEqual(cut.scale.kind === 'quantile' && cut.scale.cutPoints, [0.05, 0.1, 0.2]);
  await writeFile(join(tmp, 'bad.txt'), '0.05\n0.04\n');
  const bad = await run(
    'import',
    '--coefficients',
    join(tmp, 'table.csv'),
    '--out',
    out,
    '--cut-points',
    join(tmp, 'bad.txt'),
  );
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /entry 2 \(0.04\) is not above entry 1 \(0.05\)/);
  const none = await run('import', '--out', out);
  assert.match(none.stderr, /exactly one model/);
});

test('an XGBoost JSON model imports as a model file that predicts as XGBoost did', async () => {
  const dir = new URL('../fixtures/xgboost/', import.meta.url);
  const out = join(tmp, 'xgb.json');
  const r = await ok('import', '--xgboost', new URL('model.json', dir).pathname, '--out', out);
  assert.match(
    r.stdout,
    /boosted trees, \d+ trees over \d+ features; score scale the raw probability/,
  );
  const file = await load('xgb.json');
  assert.equal(file.model.kind, 'gbt');
  assert.equal(file.model.kind === 'gbt' && file.model.source.kind, 'xgboost-json');
});
