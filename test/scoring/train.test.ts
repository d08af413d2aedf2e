import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFeatures } from '../../src/features/index.js';
import { synthesize } from '../../src/synth/index.js';
import { checkLeakage } from '../../src/split/index.js';
import { DECISION } from '../../src/contract/index.js';
import { parseDate } from '../../src/core/index.js';
import {
  formatModelFile,
  naiveValidation,
  parseModelFile,
  predictModel,
  scoreRecords,
  trainModel,
} from '../../src/scoring/index.js';
import { auc } from '../../src/metrics/index.js';

const fs = buildFeatures(synthesize({ seed: 4, scale: 0.06 }).extract);
// A shorter λ path than glmnet's default keeps the test quick; the choice of λ is the same rule.
const FAST = { lasso: { lambdaMinRatio: 0.02, nlambda: 40 } };
const trained = await trainModel(fs, { seed: 2, ...FAST }, 'sha256:test');

test('training uses matured screened-in records of the window, split with no shared child or referral', () => {
  const r = fs.records;
  const from = parseDate('2010-04-01');
  const to = parseDate('2014-08-01');
  let expected = 0;
  for (let i = 0; i < r.n; i++) {
    const inWindow = r.callDay[i]! >= from && r.callDay[i]! < to;
    if (inWindow && r.decision[i] === DECISION.indexOf('in') && fs.labels.placement_2y[i]! >= 0)
      expected++;
  }
  assert.equal(trained.population.length, expected);
  const { train, test: held } = trained.split;
  assert.equal(train.length + held.length, expected);
  assert.ok(Math.abs(held.length / expected - 0.3) < 0.05, `test share ${held.length / expected}`);
  const leak = checkLeakage({ household: r.household, child: r.child }, trained.split);
  assert.ok(leak.ok, leak.message);
  assert.equal(trained.folds.length, train.length);
  assert.deepEqual([...new Set(trained.folds)].sort(), [0, 1, 2, 3, 4]);
  const tr = trained.file.training!;
  assert.equal(tr.rowsTrain, train.length);
  assert.equal(
    tr.positivesTrain + tr.positivesTest,
    trained.population.reduce((a, i) => a + trained.y[i]!, 0),
  );
});

test('the model file round-trips: write, parse, predict give identical numbers', () => {
  const text = formatModelFile(trained.file);
  const again = parseModelFile(JSON.parse(text));
  const p = predictModel(again, fs.matrix);
  assert.deepEqual(p, trained.probability);
  assert.equal(formatModelFile(again), text);
  assert.throws(() => parseModelFile({ format: 'other' }), /not a Sightline model file/);
  assert.throws(() => parseModelFile({ ...JSON.parse(text), schemaVersion: 9 }), /schemaVersion 9/);
  assert.throws(() => parseModelFile({ ...JSON.parse(text), aggregation: 'mean' }), /aggregation/);
});

test('ventile cut points are the type-7 quantiles of the test rows, and scores count them', () => {
  const scored = scoreRecords(trained.file, fs, trained.probability);
  const scale = trained.file.scale;
  assert.equal(scale.kind, 'quantile');
  if (scale.kind !== 'quantile') return;
  const p = Float64Array.from(trained.split.test, (r) => trained.probability[r]!).sort();
  const n = p.length;
  scale.cutPoints.forEach((c, k) => {
    const h = (n - 1) * ((k + 1) / 20);
    const lo = Math.floor(h);
    const q = p[lo]! + (h - lo) * (p[Math.min(lo + 1, n - 1)]! - p[lo]!);
    assert.ok(Math.abs(c - q) < 1e-15, `cut ${k + 1}: ${c} vs ${q}`);
  });
  assert.equal(scale.population.n, n);
  for (const r of trained.split.test) {
    const above: number = scale.cutPoints.filter((c) => trained.probability[r]! > c).length;
    assert.equal(scored.score[r], 1 + above);
  }
  // Household score is the maximum over the referral's children.
  const max = new Map<number, number>();
  for (let i = 0; i < fs.records.n; i++) {
    const h = fs.records.household[i]!;
    max.set(h, Math.max(max.get(h) ?? 0, scored.score[i]!));
  }
  for (let i = 0; i < fs.records.n; i += 37)
    assert.equal(scored.householdScore[i], max.get(fs.records.household[i]!));
});

test('the honest AUC is well above chance; the naive procedure splits children and referrals', async () => {
  const honest = auc(trained.y, trained.probability, trained.split.test);
  assert.ok(honest > 0.65, `honest AUC ${honest}`);
  const naive = await naiveValidation(fs, { seed: 2, ...FAST });
  assert.ok(!naive.leakage.ok);
  assert.ok(naive.leakage.sharedChildren > 0);
  assert.ok(naive.leakage.sharedReferrals > 0);
  assert.equal(naive.probability.length, naive.split.test.length);
  // Whether the mistakes inflate AUC is measured, not assumed: the demo reports both figures.
});

test('bad training options are usage errors that say the fix', async () => {
  await assert.rejects(
    () => trainModel(fs, { protocol: 'v9' }, 'x'),
    /unknown protocol v9\. Fix: one of allegheny-v1/,
  );
  await assert.rejects(() => trainModel(fs, { split: 'temporal' }, 'x'), /needs a cut date/);
  await assert.rejects(
    () => trainModel(fs, { from: '2018-01-01', to: '2018-02-01' }, 'x'),
    /only 0 matured screened_in records/,
  );
  await assert.rejects(
    () => trainModel(fs, { testShare: 1.5 }, 'x'),
    /invalid training option testShare/,
  );
});
