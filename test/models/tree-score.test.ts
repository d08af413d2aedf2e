import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { createRng, denseColumn, makeMatrix } from '../../src/core/index.js';
import type { Column, Rng } from '../../src/core/index.js';
import { fitGbt } from '../../src/models/gbt-fit.js';
import { predictGbtMargin } from '../../src/models/gbt-model.js';
import { MODEL_ERRORS } from '../../src/models/messages.js';
import { ensembleSums } from '../../src/models/tree-ensemble.js';
import type { TreeArrays } from '../../src/models/tree-model.js';
import { rowOrder } from '../../src/models/tree-rows.js';
import {
  CHUNK_ROWS,
  closeScoringWorkers,
  runScoreJob,
  type ScoreJob,
} from '../../src/models/tree-score-parallel.js';
import { compiled } from '../../src/models/tree-compile.js';
import { wasmKernel, type KernelKind } from '../../src/models/tree-wasm-score.js';
import { randomSparseColumn, randomTree, treeData, walkSum } from './gbt-data.js';

after(closeScoringWorkers);

/** Quarters in [-1.5, 3.5) (often equal to a threshold), zeros, negatives and some NaN. */
function value(rng: Rng): number {
  if (rng.bernoulli(0.05)) return NaN;
  return Math.round((rng.next() * 5 - 1.5) * 4) / 4;
}

/** t with positive thresholds on features 0 and 1 (sparse): their zeros make no false node. */
function positive(t: TreeArrays): TreeArrays {
  const threshold = t.threshold.map((x, i) =>
    t.feature[i] === 0 || t.feature[i] === 1 ? Math.abs(x) + 0.25 : x,
  );
  return { ...t, threshold };
}

test('the generated kernels give the leaves of walking each tree, bit for bit', () => {
  const rng = createRng(21);
  // Over one block of the WebAssembly kernel (wasmBlockRows: 4,096 rows for these trees).
  const n = 4500;
  const cols: Column[] = [];
  for (let j = 0; j < 4; j++) cols.push(randomSparseColumn(rng, n, 0.3, value));
  for (let j = 0; j < 2; j++)
    cols.push(denseColumn(Float64Array.from({ length: n }, () => value(rng))));
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const M = makeMatrix(n, names, cols);
  const sub = Uint32Array.from({ length: n / 2 }, (_, i) => n - 1 - 2 * i);
  for (const nLeaves of [1, 2, 17, 31, 32, 33, 100]) {
    const trees = Array.from({ length: 6 }, (_, k) => randomTree(rng, k === 0 ? nLeaves : 9, 6));
    for (const model of [trees, trees.map(positive)].map((t) => ({ features: names, trees: t }))) {
      const want = Float64Array.from({ length: n }, (_, r) => walkSum(model, M, r, 0.25));
      // The WebAssembly module covers trees of ≤ 32 leaves; wider ones fall back.
      const cols = Int32Array.from(names, (_, j) => j);
      assert.equal(wasmKernel(compiled(model), M, cols) !== null, nLeaves <= 32);
      for (const wasm of [true, false]) {
        const every = { generatedMinRows: 0, threads: 1, wasm };
        const got = ensembleSums(model, M, undefined, 0.25, every);
        for (let r = 0; r < n; r++)
          assert.equal(got[r], want[r], `${nLeaves} leaves, wasm ${wasm}, row ${r}`);
        assert.deepEqual(
          ensembleSums(model, M, sub, 0.25, every),
          Float64Array.from(sub, (r) => want[r]!),
        );
      }
    }
  }
});

const { X, y } = treeData(2 * CHUNK_ROWS + 3000, 5);
const model = fitGbt({ rounds: 10, maxLeaves: 12, learningRate: 0.3 }, X, y, { seed: 2 });
const rows = Uint32Array.from({ length: X.nRows - 100 }, (_, i) => X.nRows - 1 - i);

test('a batch scored with a worker thread equals the one scored on the calling thread', async () => {
  const one = predictGbtMargin(model, X, undefined, { threads: 1 });
  const oneRows = predictGbtMargin(model, X, rows, { threads: 1 });
  // The calling thread alone with the WebAssembly kernel: several staged chunks in one call.
  const wasmOne = { threads: 1, generatedMinRows: 0 };
  assert.deepEqual(predictGbtMargin(model, X, undefined, wasmOne), one);
  assert.deepEqual(predictGbtMargin(model, X, rows, wasmOne), oneRows);
  for (const [generatedMinRows, wasm] of [
    [0, true],
    [0, false],
    [Infinity, true],
  ] as const) {
    for (let k = 0; k < 3; k++) {
      const opts = { threads: 2, parallelMinRows: 0, generatedMinRows, wasm };
      assert.deepEqual(predictGbtMargin(model, X, undefined, opts), one);
      assert.deepEqual(predictGbtMargin(model, X, rows, opts), oneRows);
      // Let the worker start (a batch never waits for it) so later batches share their rows.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
});

/** The job a worker gets for `rows` of X (as parallelSums makes it, in this thread). */
function job(trees: readonly TreeArrays[] | null, kernel: KernelKind): ScoreJob {
  const at = new Map(X.names.map((name, j) => [name, j]));
  const o = rowOrder(X, rows);
  return {
    modelId: 7,
    trees,
    columns: model.features.map((f) => X.columns[at.get(f)!]!),
    nRows: X.nRows,
    order: o,
    init: model.baseMargin,
    kernel,
    out: new Float64Array(o.n),
    ctrl: new Int32Array(3 + Math.ceil(o.n / CHUNK_ROWS)),
  };
}

test("a worker's job scores every chunk as the calling thread does, and reports failures", () => {
  const { port1, port2 } = new MessageChannel();
  const want = predictGbtMargin(model, X, rows, { threads: 1 });
  for (const kernel of ['wasm', 'generated', 'generic'] as const) {
    const j = job(structuredClone(model.trees), kernel);
    runScoreJob(j, port2);
    assert.deepEqual(j.out, want);
    assert.equal(j.ctrl[1], Math.ceil(rows.length / CHUNK_ROWS), 'every chunk done');
  }
  const unknown = { ...job(null, 'wasm'), modelId: 8 };
  runScoreJob(unknown, port2);
  assert.equal(unknown.ctrl[2], 1, 'failure flagged');
  const sent = receiveMessageOnPort(port1) as { message: { code: string } } | undefined;
  assert.equal(sent?.message.code, MODEL_ERRORS.worker);
  port1.close();
});
