import { test } from 'node:test';
import assert from 'node:assert/strict';
import { denseColumn, makeMatrix, matrixValue } from '../../src/core/index.js';
import type { Matrix } from '../../src/core/index.js';
import { fitForest } from '../../src/models/forest-fit.js';
import { predictForest } from '../../src/models/forest-model.js';
import { fitGbt } from '../../src/models/gbt-fit.js';
import { GBT_SCHEMA_VERSION, parseGbtModel, predictGbtMargin } from '../../src/models/gbt-model.js';
import type { TreeArrays } from '../../src/models/tree-model.js';
import { treeExpectation, treeShap } from '../../src/models/treeshap.js';
import { treeData } from './gbt-data.js';

/** v(S): the cover-weighted expectation of a tree with the features in S fixed at x. */
function game(t: TreeArrays, x: (f: number) => number, S: Set<number>, i = 0): number {
  const f = t.feature[i]!;
  if (f < 0) return t.value[i]!;
  const l = t.left[i]!;
  const r = t.right[i]!;
  if (S.has(f)) {
    const v = x(f);
    const hot = v < t.threshold[i]! ? l : v >= t.threshold[i]! ? r : t.defaultLeft[i] ? l : r;
    return game(t, x, S, hot);
  }
  return (
    (t.cover[l]! / t.cover[i]!) * game(t, x, S, l) + (t.cover[r]! / t.cover[i]!) * game(t, x, S, r)
  );
}

/** Shapley values of the game by enumerating every subset of the features. */
function bruteShapley(
  trees: readonly TreeArrays[],
  x: (f: number) => number,
  p: number,
  scale = 1,
): number[] {
  const phi = new Array<number>(p).fill(0);
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  for (let i = 0; i < p; i++) {
    for (let mask = 0; mask < 1 << p; mask++) {
      if (mask & (1 << i)) continue;
      const S = new Set<number>();
      for (let j = 0; j < p; j++) if (mask & (1 << j)) S.add(j);
      const w = (fact(S.size) * fact(p - S.size - 1)) / fact(p);
      const withI = new Set(S).add(i);
      for (const t of trees) phi[i]! += scale * w * (game(t, x, withI) - game(t, x, S));
    }
  }
  return phi;
}

function valueOf(X: Matrix, row: number) {
  return (f: number) => matrixValue(X, row, f);
}

/** A hand-made tree: feature 0 split twice on one path, NaN defaults both ways, uneven covers. */
const hand: TreeArrays = {
  feature: [0, 1, 0, -1, -1, 2, -1, -1, -1],
  threshold: [5, 1, 8, 0, 0, 0.5, 0, 0, 0],
  defaultLeft: [true, false, false, false, false, true, false, false, false],
  left: [1, 3, 5, -1, -1, 7, -1, -1, -1],
  right: [2, 4, 6, -1, -1, 8, -1, -1, -1],
  value: [0, 0, 0, 1.5, -2, 0, 4, 0.25, -0.75],
  cover: [100, 30, 70, 10, 20, 45, 25, 15, 30],
  gain: [1, 1, 1, 0, 0, 1, 0, 0, 0],
};

test('TreeSHAP equals brute-force Shapley values of the path-dependent game (hand tree)', () => {
  const rows = [
    [3, 0, 0],
    [3, 2, 1],
    [6, 0, 1],
    [9, 5, 0],
    [NaN, NaN, NaN],
    [6, NaN, 0.2],
  ];
  const X = makeMatrix(
    rows.length,
    ['a', 'b', 'c'],
    [0, 1, 2].map((j) => denseColumn(Float64Array.from(rows, (r) => r[j]!))),
  );
  const model = parseGbtModel({
    kind: 'gbt',
    schemaVersion: GBT_SCHEMA_VERSION,
    objective: 'binary:logistic',
    features: ['a', 'b', 'c'],
    baseMargin: -1,
    trees: [hand],
    params: null,
    source: {
      kind: 'xgboost-json',
      sha256: 'a'.repeat(64),
      version: 'test',
      objective: 'binary:logistic',
      baseScore: 0.5,
    },
  });
  const shap = treeShap(model, X);
  assert.equal(shap.output, 'margin');
  assert.ok(Math.abs(shap.expected - (-1 + treeExpectation(hand))) < 1e-15);
  const margins = predictGbtMargin(model, X);
  rows.forEach((_, r) => {
    const brute = bruteShapley([hand], valueOf(X, r), 3);
    for (let f = 0; f < 3; f++)
      assert.ok(Math.abs(shap.values[r * 3 + f]! - brute[f]!) < 1e-12, `row ${r} feature ${f}`);
    const sum = shap.values.slice(r * 3, r * 3 + 3).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum + shap.expected - margins[r]!) < 1e-12);
  });
});

test('gbt: brute force on fitted trees, and contributions sum to the margin (1e-9)', () => {
  const { X, y } = treeData(400, 21);
  const model = fitGbt(
    { rounds: 6, growPolicy: 'depthwise', maxDepth: 4, maxLeaves: 0, learningRate: 0.5 },
    X,
    y,
    { seed: 1 },
  );
  const p = X.names.length;
  const rows = Uint32Array.from({ length: 400 }, (_, i) => i);
  const shap = treeShap(model, X, rows);
  const margins = predictGbtMargin(model, X);
  for (let r = 0; r < 400; r++) {
    let sum = shap.expected;
    for (let f = 0; f < p; f++) sum += shap.values[r * p + f]!;
    assert.ok(Math.abs(sum - margins[r]!) < 1e-9, `row ${r}: ${sum} vs ${margins[r]}`);
  }
  for (const r of [0, 7, 99]) {
    const brute = bruteShapley(model.trees, valueOf(X, r), p);
    for (let f = 0; f < p; f++) assert.ok(Math.abs(shap.values[r * p + f]! - brute[f]!) < 1e-10);
  }
  assert.ok(
    shap.values.every((v, k) => k % p !== 5 || v === 0),
    'the constant feature gets 0',
  );
  const sub = treeShap(model, X, Uint32Array.of(99, 0));
  assert.deepEqual(sub.values.slice(0, p), shap.values.slice(99 * p, 100 * p));
  assert.deepEqual(sub.values.slice(p), shap.values.slice(0, p));
});

test('forest: contributions (probability scale) sum to the predicted probability', () => {
  const { X, y } = treeData(300, 22);
  const forest = fitForest({ trees: 5, maxDepth: 5 }, X, y, { seed: 2 });
  const p = X.names.length;
  const shap = treeShap(forest, X);
  assert.equal(shap.output, 'probability');
  const prob = predictForest(forest, X);
  for (let r = 0; r < 300; r++) {
    let sum = shap.expected;
    for (let f = 0; f < p; f++) sum += shap.values[r * p + f]!;
    assert.ok(Math.abs(sum - prob[r]!) < 1e-9);
  }
  const brute = bruteShapley(forest.trees, valueOf(X, 4), p, 1 / 5);
  for (let f = 0; f < p; f++) assert.ok(Math.abs(shap.values[4 * p + f]! - brute[f]!) < 1e-10);
});
