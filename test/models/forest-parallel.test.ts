import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitForest } from '../../src/models/forest-fit.js';
import { fitForestParallel, PARALLEL_FOREST_MIN_ROWS } from '../../src/models/index.js';
import { TREE_ERRORS } from '../../src/models/tree-messages.js';
import { treeData } from './gbt-data.js';

const n = PARALLEL_FOREST_MIN_ROWS + 1000;
const { X, y } = treeData(n, 9);
const rows = Uint32Array.from({ length: n - 500 }, (_, i) => i + 250);
const weights = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 3));
const params = { trees: 9, minLeafWeight: 5, maxDepth: 8 };

test('a forest grown on two threads is the forest grown on one, bit for bit', async () => {
  const one = fitForest(params, X, y, { rows, weights, seed: 7 });
  const two = await fitForestParallel(params, X, y, { rows, weights, seed: 7, threads: 2 });
  const three = await fitForestParallel(params, X, y, { rows, weights, seed: 7, threads: 3 });
  assert.equal(JSON.stringify(two), JSON.stringify(one));
  assert.equal(JSON.stringify(three), JSON.stringify(one));
  assert.ok(Object.isFrozen(two) && Object.isFrozen(two.trees[0]));
  const other = await fitForestParallel(params, X, y, { rows, weights, seed: 8, threads: 2 });
  assert.notEqual(JSON.stringify(other), JSON.stringify(one), 'the seed matters');
});

test('bad input fails the same way on several threads as on one', async () => {
  const bad = Uint8Array.from(y);
  bad[300] = 2;
  await assert.rejects(
    fitForestParallel(params, X, bad, { rows, seed: 1, threads: 2 }),
    (e: { code?: string }) => e.code === TREE_ERRORS.label,
  );
  await assert.rejects(
    fitForestParallel({ trees: 0 }, X, y, { rows, seed: 1, threads: 2 }),
    (e: { code?: string }) => e.code === TREE_ERRORS.params,
  );
  await assert.rejects(fitForestParallel(params, X, y, { rows, seed: 1, threads: 0 }), RangeError);
});
