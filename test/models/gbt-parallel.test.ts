import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFeatures } from '../../src/features/index.js';
import { fitGbt } from '../../src/models/gbt-fit.js';
import {
  fitGbtParallel,
  PARALLEL_GBT_MIN_WORK,
  type GbtParamsInput,
} from '../../src/models/index.js';
import { gbtWork } from '../../src/models/gbt-parallel.js';
import { parseGbtParams } from '../../src/models/gbt-params.js';
import { matrixFromShared, shareMatrix } from '../../src/models/shared-matrix.js';
import { TREE_ERRORS } from '../../src/models/tree-messages.js';
import { parseTrainOptions, populationRows } from '../../src/scoring/index.js';
import { synthesize } from '../../src/synth/index.js';
import { treeData } from './gbt-data.js';

// A small synthetic county (screened-in records, placement label, as sightline train): its 1,052
// feature columns make both chunks of every step real work.
const fs = buildFeatures(synthesize({ seed: 5, scale: 0.02 }).extract);
const X = fs.matrix;
const population = populationRows(fs, parseTrainOptions({}));
const y = population.y;
const rows = population.rows.filter((_, k) => k % 5 !== 0);
const validRows = population.rows.filter((_, k) => k % 5 === 0);
const weights = Float64Array.from({ length: X.nRows }, (_, i) => 0.5 + (i % 3));

const cases: [string, GbtParamsInput, { validRows?: Uint32Array; weights?: Float64Array }][] = [
  ['lossguide', { rounds: 12, maxLeaves: 15 }, {}],
  ['row subsample', { rounds: 12, maxLeaves: 15, subsample: 0.7 }, { weights }],
  ['colsample', { rounds: 12, colsampleByTree: 0.6, colsampleByNode: 0.5 }, {}],
  ['depthwise', { rounds: 8, growPolicy: 'depthwise', maxDepth: 4, maxLeaves: 0 }, {}],
  // Deep levels keep many histograms at once: the kernels' memory grows as the fit runs, and the
  // worker reads histograms past its first size.
  [
    'depthwise, deep',
    { rounds: 3, growPolicy: 'depthwise', maxDepth: 10, maxLeaves: 0, minChildWeight: 0 },
    {},
  ],
  [
    'early stopping',
    { rounds: 60, learningRate: 0.5, maxLeaves: 7, earlyStoppingRounds: 3 },
    { validRows },
  ],
];

for (const [name, params, extra] of cases) {
  test(`a boosted fit on two threads is the one-thread fit, bit for bit (${name})`, async () => {
    const opts = { rows, seed: 3, ...extra };
    const one = fitGbt(params, X, y, opts);
    const two = await fitGbtParallel(params, X, y, { ...opts, threads: 2 });
    const single = await fitGbtParallel(params, X, y, { ...opts, threads: 1 });
    assert.ok(one.trees.length > 1 && one.trees.some((t) => t.feature.length > 3));
    assert.equal(JSON.stringify(two), JSON.stringify(one));
    assert.equal(JSON.stringify(single), JSON.stringify(one));
    assert.ok(Object.isFrozen(two) && Object.isFrozen(two.trees[0]));
    if (extra.validRows !== undefined) {
      assert.ok(two.source.kind === 'sightline' && two.source.bestRound! < 60, 'it stopped');
    }
  });
}

test('the default uses a worker only for fits large enough to pay', () => {
  const county = parseGbtParams({ rounds: 200, maxLeaves: 31 });
  assert.ok(gbtWork(county, 32727, 1052) >= PARALLEL_GBT_MIN_WORK);
  assert.ok(gbtWork(county, 1643, 1052) >= PARALLEL_GBT_MIN_WORK);
  assert.ok(gbtWork(county, 40000, 6) < PARALLEL_GBT_MIN_WORK);
  assert.ok(gbtWork(parseGbtParams({ rounds: 10 }), 1643, 1052) < PARALLEL_GBT_MIN_WORK);
  const deep = parseGbtParams({ maxDepth: 6, maxLeaves: 0, growPolicy: 'depthwise' });
  assert.equal(gbtWork(deep, 100, 10), 200 * 10 * (64 + 1));
});

test('bad input fails the same way on two threads as on one', async () => {
  const small = treeData(800, 4);
  const bad = Uint8Array.from(small.y);
  bad[30] = 2;
  await assert.rejects(
    fitGbtParallel({ rounds: 3 }, small.X, bad, { seed: 1, threads: 2 }),
    (e: { code?: string }) => e.code === TREE_ERRORS.label,
  );
  await assert.rejects(
    fitGbtParallel({ rounds: 0 }, small.X, small.y, { seed: 1, threads: 2 }),
    (e: { code?: string }) => e.code === TREE_ERRORS.params,
  );
  await assert.rejects(
    fitGbtParallel({ rounds: 3 }, small.X, small.y, { seed: 1, threads: 0 }),
    RangeError,
  );
  const few = await fitGbtParallel({ rounds: 3 }, small.X, small.y, { seed: 1, threads: 2 });
  assert.equal(
    JSON.stringify(few),
    JSON.stringify(fitGbt({ rounds: 3 }, small.X, small.y, { seed: 1 })),
  );
});

test('two threads bin a plain-memory matrix as one does: copied, rows out of order, NaN', async () => {
  // The county's columns are views of shared memory, read by the worker in place; these are
  // plain arrays (copied to shared memory for the worker), with NaN in a dense column and in a
  // sparse one, and the fitting rows reversed (the by-position sort of the binning).
  const columns = X.columns.map((c, j) => {
    const values = c.values.slice();
    if (j % 7 === 0) for (let k = 0; k < values.length; k += 11) values[k] = NaN;
    return c.kind === 'dense' ? { kind: c.kind, values } : { ...c, rows: c.rows.slice(), values };
  });
  assert.ok(columns.some((c) => c.kind === 'dense') && columns.some((c) => c.kind === 'sparse'));
  const plain = { ...X, columns };
  const shared = shareMatrix(plain);
  assert.ok(!(columns[0]!.values.buffer instanceof SharedArrayBuffer));
  assert.notEqual(shared.values, X.columns[0]!.values.buffer);
  const inPlace = shareMatrix(X);
  assert.equal(inPlace.values, X.columns[0]!.values.buffer, 'the county is shared in place');
  assert.deepEqual(matrixFromShared(inPlace).columns, X.columns);
  const params = { rounds: 6, maxLeaves: 15 };
  const opts = { rows: rows.slice().reverse(), seed: 2 };
  const one = fitGbt(params, plain, y, opts);
  const two = await fitGbtParallel(params, plain, y, { ...opts, threads: 2 });
  assert.ok(one.trees.some((t) => t.defaultLeft.some((d, i) => d && t.feature[i]! % 7 === 0)));
  assert.equal(JSON.stringify(two), JSON.stringify(one));
});
