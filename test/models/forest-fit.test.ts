import { test } from 'node:test';
import assert from 'node:assert/strict';
import { denseColumn, makeMatrix } from '../../src/core/index.js';
import { auc } from '../../src/metrics/index.js';
import { fitForest } from '../../src/models/forest-fit.js';
import {
  FOREST_SCHEMA_VERSION,
  parseForestModel,
  predictForest,
} from '../../src/models/forest-model.js';
import { featuresPerSplit } from '../../src/models/forest-params.js';
import { TREE_ERRORS } from '../../src/models/tree-messages.js';
import { throwsCode } from './data.js';
import { treeData, walkSum } from './gbt-data.js';

const { X, y } = treeData(600, 4);
const train = Uint32Array.from({ length: 400 }, (_, i) => i);
const test400 = Uint32Array.from({ length: 200 }, (_, i) => 400 + i);
const forest = fitForest({ trees: 25, minLeafWeight: 3 }, X, y, { rows: train, seed: 5 });

test('a forest predicts held-out rows better than chance, as the mean of its trees', () => {
  const p = predictForest(forest, X, test400);
  assert.ok(p.every((v) => v >= 0 && v <= 1));
  const yt = Uint8Array.from(test400, (r) => y[r]!);
  assert.ok(auc(yt, p) > 0.6, `AUC ${auc(yt, p)}`);
  for (const r of [400, 450, 599]) {
    assert.ok(
      Math.abs(predictForest(forest, X, Uint32Array.of(r))[0]! - walkSum(forest, X, r) / 25) <
        1e-15,
    );
  }
  assert.equal(forest.source.rows, 400);
  for (const t of forest.trees) t.feature.forEach((f, i) => f < 0 && assert.ok(t.cover[i]! >= 3));
});

test('deterministic for a seed; trees differ within a forest and across seeds', () => {
  const a = fitForest({ trees: 3, maxDepth: 6 }, X, y, { rows: train, seed: 9 });
  const b = fitForest({ trees: 3, maxDepth: 6 }, X, y, { rows: train, seed: 9 });
  const c = fitForest({ trees: 3, maxDepth: 6 }, X, y, { rows: train, seed: 10 });
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.notEqual(JSON.stringify(a.trees), JSON.stringify(c.trees));
  assert.notEqual(JSON.stringify(a.trees[0]), JSON.stringify(a.trees[1]));
});

test('one unsampled tree with every feature fits distinct rows exactly; leaves are shares', () => {
  const n = 60;
  const v = Float64Array.from({ length: n }, (_, i) => (i * 37) % n);
  const yy = Uint8Array.from({ length: n }, (_, i) => ((i * 7) % 5 < 2 ? 1 : 0));
  const M = makeMatrix(n, ['v'], [denseColumn(v)]);
  const one = fitForest(
    { trees: 1, bootstrap: false, maxFeatures: 'all', criterion: 'entropy' },
    M,
    yy,
    { seed: 1 },
  );
  assert.deepEqual([...predictForest(one, M)], [...yy]);
  const stump = fitForest({ trees: 1, bootstrap: false, maxDepth: 1 }, M, yy, { seed: 1 });
  const t = stump.trees[0]!;
  const left = [...v].map((x, i) => [x, yy[i]!] as const).filter(([x]) => x < t.threshold[0]!);
  assert.ok(Math.abs(t.value[1]! - left.reduce((s, [, l]) => s + l, 0) / left.length) < 1e-15);
  assert.equal(t.cover[1], left.length);
});

test('round trip through JSON; unit weights = no weights', () => {
  const text = JSON.stringify(forest);
  const loaded = parseForestModel(JSON.parse(text));
  assert.equal(JSON.stringify(loaded), text);
  assert.equal(loaded.schemaVersion, FOREST_SCHEMA_VERSION);
  assert.deepEqual(predictForest(loaded, X), predictForest(forest, X));
  const ones = fitForest({ trees: 25, minLeafWeight: 3 }, X, y, {
    rows: train,
    seed: 5,
    weights: new Float64Array(600).fill(1),
  });
  assert.equal(JSON.stringify(ones), text);
  throwsCode(() => parseForestModel({ ...JSON.parse(text), trees: [] }), TREE_ERRORS.file);
});

test('features per split, and bad parameters', () => {
  assert.equal(featuresPerSplit('sqrt', 1052), 32);
  assert.equal(featuresPerSplit('log2', 1052), 10);
  assert.equal(featuresPerSplit(0.5, 5), 2);
  assert.equal(featuresPerSplit(0.01, 5), 1);
  assert.equal(featuresPerSplit('all', 5), 5);
  throwsCode(
    () => fitForest({ trees: 0 }, X, y, { seed: 1 }),
    TREE_ERRORS.params,
    "invalid model parameters: trees: Too small: expected number to be >=1 — see ForestParams for each field's range",
  );
  throwsCode(() => fitForest({ maxFeatures: 2 }, X, y, { seed: 1 }), TREE_ERRORS.params);
});
