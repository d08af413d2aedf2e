import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, denseColumn, makeMatrix } from '../../src/core/index.js';
import type { Rng } from '../../src/core/index.js';
import { fitGbt } from '../../src/models/gbt-fit.js';
import {
  GBT_SCHEMA_VERSION,
  parseGbtModel,
  predictGbt,
  predictGbtMargin,
  type GbtModel,
} from '../../src/models/gbt-model.js';
import { TREE_ERRORS } from '../../src/models/tree-messages.js';
import type { TreeArrays } from '../../src/models/tree-model.js';
import { throwsCode } from './data.js';
import { randomSparseColumn, randomTree, treeData, walkSum } from './gbt-data.js';

const { X, y } = treeData(500);
const model = fitGbt({ rounds: 12, maxLeaves: 10, learningRate: 0.3 }, X, y, { seed: 1 });

function syntheticModel(trees: TreeArrays[], features: string[]): GbtModel {
  return parseGbtModel({
    kind: 'gbt',
    schemaVersion: GBT_SCHEMA_VERSION,
    objective: 'binary:logistic',
    features,
    baseMargin: 0.25,
    trees,
    params: null,
    source: {
      kind: 'xgboost-json',
      sha256: '0'.repeat(64),
      version: 'test',
      objective: 'binary:logistic',
      baseScore: 0.5,
    },
  });
}

test('a model round-trips exactly through JSON text and is frozen', () => {
  const text = JSON.stringify(model);
  const loaded = parseGbtModel(JSON.parse(text));
  assert.deepEqual(loaded, model);
  assert.equal(JSON.stringify(loaded), text);
  assert.deepEqual(predictGbt(loaded, X), predictGbt(model, X));
  assert.equal(loaded.kind, 'gbt');
  assert.equal(loaded.schemaVersion, GBT_SCHEMA_VERSION);
  assert.ok(Object.isFrozen(loaded) && Object.isFrozen(loaded.trees[0]!.threshold));
  assert.ok(Object.isFrozen(model));
});

test('batch prediction equals walking every tree, for all rows and any row subset', () => {
  const m = predictGbtMargin(model, X);
  for (let r = 0; r < 500; r++) assert.equal(m[r], walkSum(model, X, r, model.baseMargin));
  const rows = Uint32Array.of(499, 3, 250, 0, 17);
  assert.deepEqual(
    predictGbtMargin(model, X, rows),
    Float64Array.from(rows, (r) => m[r]!),
  );
  assert.deepEqual(predictGbtMargin(model, X, new Uint32Array(0)), new Float64Array(0));
  const p = predictGbt(model, X, rows);
  p.forEach((v, i) => assert.equal(v, 1 / (1 + Math.exp(-m[rows[i]!]!))));
});

test('wide and deep trees, negative thresholds, NaN and negative sparse values', () => {
  const rng = createRng(12);
  const n = 300;
  const cols = [];
  const value = (r: Rng) => (r.bernoulli(0.05) ? NaN : Math.round((r.next() * 5 - 1.5) * 4) / 4);
  for (let j = 0; j < 4; j++) cols.push(randomSparseColumn(rng, n, 0.3, value));
  cols.push(
    denseColumn(Float64Array.from({ length: n }, () => (rng.bernoulli(0.1) ? NaN : rng.normal()))),
  );
  const M = makeMatrix(n, ['a', 'b', 'c', 'd', 'e'], cols);
  for (const nLeaves of [1, 2, 31, 32, 33, 64, 100, 300]) {
    const trees = [randomTree(rng, nLeaves, 5), randomTree(rng, 7, 5)];
    const sm = syntheticModel(trees, ['a', 'b', 'c', 'd', 'e']);
    const got = predictGbtMargin(sm, M);
    for (let r = 0; r < n; r++)
      assert.equal(got[r], walkSum(sm, M, r, 0.25), `${nLeaves} leaves, row ${r}`);
    const sub = Uint32Array.of(299, 5, 150);
    assert.deepEqual(
      predictGbtMargin(sm, M, sub),
      Float64Array.from(sub, (r) => got[r]!),
    );
  }
});

test('columns are matched by name; only features some split uses must be present', () => {
  const used = new Set(model.trees.flatMap((t) => t.feature.filter((f) => f >= 0)));
  const order = [...X.names.keys()].reverse().filter((j) => used.has(j));
  const M = makeMatrix(
    X.nRows,
    order.map((j) => X.names[j]!),
    order.map((j) => X.columns[j]!),
  );
  assert.deepEqual(predictGbtMargin(model, M), predictGbtMargin(model, X));
  assert.ok(!used.has(5), 'the constant column is never used');
  const lacking = makeMatrix(X.nRows, ['other'], [X.columns[0]!]);
  throwsCode(
    () => predictGbt(model, lacking),
    TREE_ERRORS.feature,
    `model feature ${[...used].sort((a, b) => a - b).map((j) => X.names[j]!)[0]} is not a column of the matrix; build the matrix with the model's feature catalog`,
  );
  throwsCode(() => predictGbt(model, X, Uint32Array.of(500)), TREE_ERRORS.rows);
  const twice = 'invalid rows: row 4 appears twice (positions 0 and 2)';
  throwsCode(() => predictGbt(model, X, Uint32Array.of(4, 1, 4)), TREE_ERRORS.rows, twice);
  throwsCode(
    () =>
      predictGbt(
        model,
        X,
        Uint32Array.from({ length: 300 }, (_, i) => [4, 1, 4][i] ?? 10 + i),
      ),
    TREE_ERRORS.rows,
    twice,
  );
});

test('parseGbtModel names each field that does not match', () => {
  const plain = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
  throwsCode(() => parseGbtModel({ ...plain, schemaVersion: 2 }), TREE_ERRORS.file);
  const badTree = JSON.parse(JSON.stringify(model)) as { trees: TreeArrays[] };
  badTree.trees[0]!.left[0] = 0;
  throwsCode(
    () => parseGbtModel(badTree),
    TREE_ERRORS.file,
    'invalid gbt model: trees.0: node 0 has child 0 (children come after parents); trees.0: node 1 has 0 parents — re-export the model or fix these fields',
  );
  const badFeature = JSON.parse(JSON.stringify(model)) as { trees: TreeArrays[] };
  badFeature.trees[1]!.feature[0] = 99;
  throwsCode(
    () => parseGbtModel(badFeature),
    TREE_ERRORS.file,
    'invalid gbt model: trees.1: node 0 splits on feature 99, the model has 6 — re-export the model or fix these fields',
  );
  throwsCode(
    () => parseGbtModel({ ...plain, features: ['a', 'a', 'b', 'c', 'd', 'e'] }),
    TREE_ERRORS.file,
    'invalid gbt model: features: feature a appears twice — re-export the model or fix these fields',
  );
  throwsCode(() => parseGbtModel({ ...plain, extra: 1 }), TREE_ERRORS.file);
});
