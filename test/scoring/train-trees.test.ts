import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFeatures } from '../../src/features/index.js';
import { synthesize } from '../../src/synth/index.js';
import { checkLeakage } from '../../src/split/index.js';
import { predictGbtMargin } from '../../src/models/index.js';
import {
  explainRecords,
  lassoParamsOf,
  parseTrainOptions,
  formatModelFile,
  parseModelFile,
  predictModel,
  trainModel,
} from '../../src/scoring/index.js';

const fs = buildFeatures(synthesize({ seed: 4, scale: 0.06 }).extract);
const keys = { household: fs.records.household, child: fs.records.child };
const gbt = await trainModel(fs, { seed: 2, model: 'gbt', gbt: { rounds: 300 } }, 'sha256:t');
const forest = await trainModel(
  fs,
  { seed: 2, model: 'forest', forest: { trees: 20 } },
  'sha256:t',
);
const lasso = await trainModel(
  fs,
  { seed: 2, lasso: { lambdaMinRatio: 0.02, nlambda: 30 } },
  'sha256:t',
);

test('every kind of model is trained on the same grouped split', () => {
  for (const t of [gbt, forest]) {
    assert.deepEqual([...t.split.test], [...lasso.split.test]);
    assert.deepEqual([...t.split.train], [...lasso.split.train]);
    assert.equal(t.cv, null);
  }
  assert.equal(gbt.file.model.kind, 'gbt');
  assert.equal(forest.file.model.kind, 'forest');
  assert.equal(forest.file.model.trees.length, 20);
});

test('boosted trees stop early on a grouped part of the training rows, never the test rows', () => {
  const m = gbt.file.model;
  assert.equal(m.kind, 'gbt');
  if (m.kind !== 'gbt' || m.source.kind !== 'sightline') return;
  const train = new Set(gbt.split.train);
  const valid = gbt.validRows;
  assert.ok(valid.length > 0);
  assert.ok(
    [...valid].every((r) => train.has(r)),
    'validation rows come from the training rows',
  );
  const share = valid.length / gbt.split.train.length;
  assert.ok(share > 0.12 && share < 0.28, `validation share ${share}`);
  const inValid = new Set(valid);
  const fit = Uint32Array.from(gbt.split.train.filter((r) => !inValid.has(r)));
  assert.ok(checkLeakage(keys, { train: fit, test: valid }).ok);
  assert.equal(m.source.rows, fit.length);
  assert.equal(m.source.validRows, valid.length);
  assert.equal(m.source.bestRound, m.trees.length);
  assert.ok(m.trees.length < 300, `stopped at ${m.trees.length} of 300 rounds`);
  // The kept rounds are those of the lowest validation loss.
  const loss = m.source.validLoss!;
  assert.equal(Math.min(...loss), loss[m.source.bestRound! - 1]);
});

test('tree model files round-trip and record the training choices', () => {
  for (const t of [gbt, forest]) {
    const back = parseModelFile(JSON.parse(formatModelFile(t.file)));
    assert.deepEqual(predictModel(back, fs.matrix), t.probability);
    assert.equal(back.training!.cutDate, null);
    assert.equal(back.training!.rowsTrain, t.split.train.length);
  }
});

const rows = Uint32Array.from(lasso.split.test.slice(0, 40));

test('explanations add up to the output of every kind of model', () => {
  const margin = predictGbtMargin(gbt.file.model as never, fs.matrix, rows);
  for (const t of [lasso, gbt, forest]) {
    const p = predictModel(t.file, fs.matrix, rows);
    explainRecords(t.file, fs, rows).forEach((e, i) => {
      const total = e.features.reduce((a, c) => a + c.contribution, e.baseline);
      assert.ok(Math.abs(total - e.output) < 1e-12);
      assert.ok(Math.abs(e.probability - p[i]!) < 1e-9, `${t.file.model.kind} row ${e.row}`);
      if (t === gbt) assert.ok(Math.abs(e.output - margin[i]!) < 1e-9);
      for (const sums of [e.bySource, e.byGroup]) {
        const s = sums.reduce((a, x) => a + x.contribution, e.baseline);
        assert.ok(Math.abs(s - e.output) < 1e-9);
        assert.equal(
          sums.reduce((a, x) => a + x.features, 0),
          e.features.length,
        );
      }
    });
  }
});

test('a LASSO contribution is the coefficient times the value; "ever" features are immutable', () => {
  const m = lasso.file.model;
  if (m.kind !== 'lasso') throw new Error('expected a LASSO');
  const at = new Map(fs.matrix.names.map((n, j) => [n, j]));
  const [e] = explainRecords(lasso.file, fs, rows.subarray(0, 1));
  assert.ok(e!.features.length > 0);
  assert.equal(e!.baseline, m.intercept);
  for (const c of e!.features) {
    const f = m.features.indexOf(c.feature);
    const col = fs.matrix.columns[at.get(c.feature)!]!;
    const x =
      col.kind === 'dense' ? col.values[e!.row]! : (col.values[col.rows.indexOf(e!.row)] ?? 0);
    assert.equal(c.value, x);
    assert.equal(c.contribution, m.coefficients[f]! * x);
    assert.equal(c.mutable, !c.feature.includes('.ever.'), c.feature);
    assert.equal(c.source, c.feature.split('.')[0]);
  }
  for (const s of e!.bySource) {
    const parts = e!.features.filter((c) => c.source === s.key && c.mutable === s.mutable);
    assert.equal(s.features, parts.length);
    assert.ok(Math.abs(s.contribution - parts.reduce((a, c) => a + c.contribution, 0)) < 1e-12);
  }
});

test('options given for one field of a block keep the block defaults of the others', () => {
  const o = parseTrainOptions({ lasso: { rule: 'min' }, gbt: { rounds: 5 } });
  assert.deepEqual(lassoParamsOf(o), { lambdaMinRatio: 0.01, rule: 'min' });
  assert.deepEqual(o.gbt, { rounds: 5 });
  assert.deepEqual(o.forest, {});
});
