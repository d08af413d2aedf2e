import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, denseColumn, makeMatrix, sparseColumn } from '../../src/core/index.js';
import { auc } from '../../src/metrics/index.js';
import { fitGbt } from '../../src/models/gbt-fit.js';
import { GbtParams } from '../../src/models/gbt-params.js';
import { predictGbt, predictGbtMargin } from '../../src/models/gbt-model.js';
import { logLoss } from '../../src/models/tree-fit-inputs.js';
import { TREE_ERRORS } from '../../src/models/tree-messages.js';
import type { TreeArrays } from '../../src/models/tree-model.js';
import { repeatRows, throwsCode } from './data.js';
import { iota, maxDiff, treeData } from './gbt-data.js';

const { X, y } = treeData(600);
const train = Uint32Array.from({ length: 400 }, (_, i) => i);
const valid = Uint32Array.from({ length: 200 }, (_, i) => 400 + i);

function depth(t: TreeArrays, i = 0): number {
  return t.feature[i]! < 0 ? 0 : 1 + Math.max(depth(t, t.left[i]!), depth(t, t.right[i]!));
}
const leaves = (t: TreeArrays) => t.feature.filter((f) => f < 0).length;

test('one stump by hand: XGBoost leaf weights −η·G/(H+λ) and gain', () => {
  const M = makeMatrix(4, ['x'], [sparseColumn(Uint32Array.of(2, 3), Float64Array.of(1, 1))]);
  const yy = Uint8Array.of(0, 1, 1, 1);
  const m = fitGbt(
    { rounds: 1, maxDepth: 1, maxLeaves: 0, learningRate: 0.5, minChildWeight: 0 },
    M,
    yy,
    { seed: 1 },
  );
  const t = m.trees[0]!;
  assert.equal(m.baseMargin, Math.log(3));
  // p = 0.75: g = p − y = [0.75, −0.25, −0.25, −0.25], h = 0.1875 each.
  assert.deepEqual(t.feature, [0, -1, -1]);
  assert.equal(t.threshold[0], 0.5);
  assert.ok(Math.abs(t.value[1]! - (-0.5 * 0.5) / 1.375) < 1e-15);
  assert.ok(Math.abs(t.value[2]! - (0.5 * 0.5) / 1.375) < 1e-15);
  assert.ok(Math.abs(t.gain[0]! - (2 * 0.25) / 1.375) < 1e-12);
  assert.ok(Math.abs(t.cover[0]! - 0.75) < 1e-15);
  const p = predictGbtMargin(m, M);
  assert.ok(
    maxDiff(p, [
      Math.log(3) + t.value[1]!,
      Math.log(3) + t.value[1]!,
      Math.log(3) + t.value[2]!,
      Math.log(3) + t.value[2]!,
    ]) < 1e-15,
  );
});

test('the fit learns the interaction; validation curve equals log-loss of the predictions', () => {
  const m = fitGbt({ rounds: 30, maxLeaves: 8, learningRate: 0.2 }, X, y, {
    rows: train,
    validRows: valid,
    seed: 2,
  });
  assert.equal(m.trees.length, 30);
  const p = predictGbt(m, X, valid);
  const yv = Uint8Array.from(valid, (r) => y[r]!);
  assert.ok(auc(yv, p) > 0.65, `valid AUC ${auc(yv, p)}`);
  assert.equal(m.source.kind, 'sightline');
  if (m.source.kind !== 'sightline') return;
  const margins = predictGbtMargin(m, X, valid);
  const expected = logLoss(margins, Float64Array.from(yv), new Float64Array(200).fill(1));
  assert.ok(Math.abs(m.source.validLoss!.at(-1)! - expected) < 1e-12);
  assert.equal(m.source.validRows, 200);
  for (const t of m.trees) assert.ok(leaves(t) <= 8);
});

test('training margins by partition equal prediction from raw thresholds', () => {
  // Validating on the training rows themselves: the binned walk must agree with the raw one.
  const m = fitGbt({ rounds: 10, maxLeaves: 12 }, X, y, { rows: train, validRows: train, seed: 4 });
  if (m.source.kind !== 'sightline') throw new Error('kind');
  const margins = predictGbtMargin(m, X, train);
  const yt = Float64Array.from(train, (r) => y[r]!);
  const loss = logLoss(margins, yt, new Float64Array(train.length).fill(1));
  assert.ok(Math.abs(m.source.validLoss!.at(-1)! - loss) < 1e-12);
});

test('deterministic for a seed, with row and column sampling; the seed matters', () => {
  const params = {
    rounds: 8,
    subsample: 0.7,
    colsampleByTree: 0.8,
    colsampleByNode: 0.7,
    maxLeaves: 6,
  };
  const a = fitGbt(params, X, y, { rows: train, seed: 7 });
  const b = fitGbt(params, X, y, { rows: train, seed: 7 });
  const c = fitGbt(params, X, y, { rows: train, seed: 8 });
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.notEqual(JSON.stringify(a.trees), JSON.stringify(c.trees));
});

test('unit weights = no weights; integer weights = repeated rows', () => {
  const small = treeData(150, 5);
  const params = { rounds: 5, maxLeaves: 6, minChildWeight: 0.5 };
  const plain = fitGbt(params, small.X, small.y, { seed: 1 });
  const ones = fitGbt(params, small.X, small.y, {
    seed: 1,
    weights: new Float64Array(150).fill(1),
  });
  assert.equal(JSON.stringify(ones), JSON.stringify(plain));
  const w = Float64Array.from({ length: 150 }, (_, i) => 1 + (i % 3 === 0 ? 1 : 0));
  const weighted = fitGbt(params, small.X, small.y, { seed: 1, weights: w });
  const rep = Uint32Array.from([...iota(150)].flatMap((i) => (i % 3 === 0 ? [i, i] : [i])));
  const Xr = repeatRows(small.X, rep);
  const yr = Uint8Array.from(rep, (r) => small.y[r]!);
  const repeated = fitGbt(params, Xr, yr, { seed: 1 });
  assert.ok(
    maxDiff(predictGbtMargin(weighted, small.X), predictGbtMargin(repeated, small.X)) < 1e-9,
  );
});

test('growth limits: depthwise depth, lossguide leaves, minChildWeight, gamma, alpha', () => {
  const deep = fitGbt({ rounds: 3, growPolicy: 'depthwise', maxDepth: 2, maxLeaves: 0 }, X, y, {
    seed: 1,
  });
  for (const t of deep.trees) assert.ok(depth(t) <= 2 && leaves(t) === 4);
  const capped = fitGbt({ rounds: 3, growPolicy: 'depthwise', maxDepth: 3, maxLeaves: 5 }, X, y, {
    seed: 1,
  });
  for (const t of capped.trees) assert.ok(depth(t) <= 3 && leaves(t) <= 5);
  const heavy = fitGbt({ rounds: 3, maxLeaves: 31, minChildWeight: 20 }, X, y, { seed: 1 });
  for (const t of heavy.trees) t.feature.forEach((f, i) => f < 0 && assert.ok(t.cover[i]! >= 20));
  const stumps = fitGbt({ rounds: 3, gamma: 1e6 }, X, y, { seed: 1 });
  for (const t of stumps.trees) assert.deepEqual(t.feature, [-1]);
  const l1 = fitGbt({ rounds: 1, alpha: 1e6 }, X, y, { seed: 1 });
  assert.deepEqual(l1.trees[0]!.value, [0]);
});

test('early stopping keeps the trees up to the best validation round', () => {
  const m = fitGbt(
    { rounds: 300, learningRate: 0.5, maxLeaves: 16, earlyStoppingRounds: 5 },
    X,
    y,
    { rows: train, validRows: valid, seed: 1 },
  );
  if (m.source.kind !== 'sightline') throw new Error('kind');
  const loss = m.source.validLoss!;
  const best = m.source.bestRound!;
  assert.ok(loss.length < 300);
  assert.equal(m.trees.length, best);
  assert.equal(loss.length, best + 5);
  assert.equal(Math.min(...loss), loss[best - 1]);
});

test('missing values take the learned default side; a NaN-only signal is learned', () => {
  const n = 400;
  const rng = createRng(9);
  const v = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? NaN : rng.normal()));
  const yy = Uint8Array.from({ length: n }, (_, i) =>
    i % 4 === 0 ? (rng.bernoulli(0.9) ? 1 : 0) : rng.bernoulli(0.1) ? 1 : 0,
  );
  const M = makeMatrix(n, ['v'], [denseColumn(v)]);
  const m = fitGbt({ rounds: 10, maxLeaves: 2, learningRate: 0.5 }, M, yy, { seed: 1 });
  const p = predictGbt(m, M);
  assert.ok(p[0]! > 0.75 && p[1]! < 0.25, `${p[0]} ${p[1]}`);
});

test('bad inputs: codes and messages', () => {
  throwsCode(
    () => fitGbt({ rounds: 0 }, X, y, { seed: 1 }),
    TREE_ERRORS.params,
    "invalid model parameters: rounds: Too small: expected number to be >=1 — see GbtParams for each field's range",
  );
  throwsCode(
    () => fitGbt({ maxLeaves: 0, maxDepth: 0 }, X, y, { seed: 1 }),
    TREE_ERRORS.params,
    "invalid model parameters: maxLeaves: maxLeaves and maxDepth are both 0 (unlimited); set one — see GbtParams for each field's range",
  );
  assert.equal(GbtParams.partial().parse({ rounds: 5 }).rounds, 5, 'the schema composes');
  throwsCode(
    () => fitGbt({ earlyStoppingRounds: 3 }, X, y, { seed: 1 }),
    TREE_ERRORS.params,
    "invalid model parameters: earlyStoppingRounds: early stopping needs validRows in the fit options — see GbtParams for each field's range",
  );
  throwsCode(
    () => fitGbt({ learningRate: 0.1, eta: 0.3 } as never, X, y, { seed: 1 }),
    TREE_ERRORS.params,
  );
  const bad = Uint8Array.from(y);
  bad[3] = 2;
  throwsCode(
    () => fitGbt({}, X, bad, { seed: 1 }),
    TREE_ERRORS.label,
    'y at row 3 is 2; labels must be 0 or 1 — recode the outcome before fitting',
  );
  throwsCode(() => fitGbt({}, X, new Uint8Array(600), { seed: 1 }), TREE_ERRORS.oneClass);
  throwsCode(
    () => fitGbt({}, X, y, { seed: 1, weights: new Float64Array(5) }),
    TREE_ERRORS.weights,
    'invalid weights: weights has 5 entries, the matrix has 600 rows',
  );
  const neg = new Float64Array(600).fill(1);
  neg[9] = -1;
  throwsCode(
    () => fitGbt({}, X, y, { seed: 1, weights: neg }),
    TREE_ERRORS.weights,
    'invalid weights: weight at row 9 is -1; weights must be finite and ≥ 0',
  );
  throwsCode(() => fitGbt({}, X, y, { seed: 1, rows: Uint32Array.of(1, 1) }), TREE_ERRORS.rows);
});
