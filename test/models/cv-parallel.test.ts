import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SightlineError } from '../../src/core/index.js';
import { cvLasso, cvLassoParallel, MODEL_ERRORS } from '../../src/models/index.js';
import type { CvLassoResult, Fold } from '../../src/models/index.js';
import type { FitOptions } from '../../src/models/index.js';
import type { CvLassoParamsInput } from '../../src/models/lasso-params.js';
import { setupCv } from '../../src/models/lasso-cv.js';
import { runPool } from '../../src/models/cv-parallel.js';
import { smallData } from './data.js';

const { X, y } = smallData(1200, 8);
const foldOf = Int32Array.from({ length: X.nRows }, (_, i) => (i * 7) % 5);
const FORCE = { threads: 2, minRows: 0 };
const LIMIT = { timeout: 120_000 };

const bytes = (a: Float64Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The two results agree bit for bit: curve, fold losses, path, issues and the model file. */
function assertIdentical(par: CvLassoResult, seq: CvLassoResult): void {
  assert.equal(JSON.stringify(par.model), JSON.stringify(seq.model));
  const { cv: a } = par;
  const { cv: b } = seq;
  for (const key of ['lambdas', 'cvm', 'cvsd', 'nonzero', 'foldWeight'] as const) {
    assert.ok(bytes(a[key]).equals(bytes(b[key])), key);
  }
  assert.equal(a.foldLoss.length, b.foldLoss.length);
  a.foldLoss.forEach((l, k) => assert.ok(bytes(l).equals(bytes(b.foldLoss[k]!)), `fold ${k}`));
  assert.deepEqual(
    { ...a, lambdas: 0, cvm: 0, cvsd: 0, nonzero: 0, foldWeight: 0, foldLoss: 0 },
    { ...b, lambdas: 0, cvm: 0, cvsd: 0, nonzero: 0, foldWeight: 0, foldLoss: 0 },
  );
  assert.deepEqual(par.path, seq.path);
  par.path.coefficients.forEach((c, m) =>
    assert.ok(bytes(c).equals(bytes(seq.path.coefficients[m]!))),
  );
  assert.equal(par.path.features, X.names);
  assert.deepEqual(par.issues, seq.issues);
}

function pairsOf(fold: Int32Array, rows: Uint32Array): Fold[] {
  const k = Math.max(...fold) + 1;
  return Array.from({ length: k }, (_, f) => ({
    train: rows.filter((_, i) => fold[i] !== f),
    test: rows.filter((_, i) => fold[i] === f),
  }));
}

test('two threads give cvLasso’s curve, path, issues and model bit for bit', LIMIT, async () => {
  const seq = cvLasso(X, y, {}, foldOf);
  assertIdentical(await cvLassoParallel(X, y, {}, foldOf, FORCE), seq);
});

test('every path fitted by workers, with weights, a row subset and fold pairs', LIMIT, async () => {
  const rows = Uint32Array.from({ length: 1000 }, (_, k) => 1199 - k);
  const fold = Int32Array.from(rows, (_, i) => (i * 3) % 4);
  const weights = Float64Array.from({ length: X.nRows }, (_, i) => [0.5, 1, 2, 0][i % 4]!);
  const options: FitOptions = { rows, weights };
  const seq = cvLasso(X, y, { rule: 'min' }, pairsOf(fold, rows), options);
  const par = await cvLassoParallel(X, y, { rule: 'min' }, pairsOf(fold, rows), {
    ...options,
    ...FORCE,
    callerWorks: false,
  });
  assertIdentical(par, seq);
});

test('full-data λs for the folds and AUC, folds on three worker threads', LIMIT, async () => {
  const params: CvLassoParamsInput = { foldLambdas: 'full', typeMeasure: 'auc', nlambda: 30 };
  const seq = cvLasso(X, y, params, foldOf);
  const par = await cvLassoParallel(X, y, params, foldOf, {
    ...FORCE,
    threads: 3,
    callerWorks: false,
  });
  assertIdentical(par, seq);
});

test('few rows or one thread stay on the calling thread, with the same result', async () => {
  const seq = cvLasso(X, y, {}, foldOf);
  assertIdentical(await cvLassoParallel(X, y, {}, foldOf), seq);
  assertIdentical(await cvLassoParallel(X, y, {}, foldOf, { threads: 1, minRows: 0 }), seq);
  await assert.rejects(
    () => cvLassoParallel(X, y, {}, foldOf, { threads: 0 }),
    /threads is 0; give an integer ≥ 1/,
  );
});

/** The error a promise rejects with. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

test('a fold’s error in a worker rejects with cvLasso’s SightlineError', LIMIT, async () => {
  // Positives only among fold 1's test rows: fold 1 trains on negatives alone.
  const y1 = Uint8Array.from(y, (v, i) => (foldOf[i] === 1 ? v : 0));
  let seq: SightlineError | undefined;
  try {
    cvLasso(X, y1, {}, foldOf);
  } catch (e) {
    seq = e as SightlineError;
  }
  assert.ok(seq instanceof SightlineError && seq.code === MODEL_ERRORS.oneClass);
  const par = await rejection(cvLassoParallel(X, y1, {}, foldOf, { ...FORCE, callerWorks: false }));
  assert.ok(par instanceof SightlineError);
  assert.equal(par.code, seq.code);
  assert.equal(par.message, seq.message);
  assert.match(par.message, /^fold 1 training rows: /);
  assert.deepEqual(par.details, seq.details);
  const bad = await rejection(cvLassoParallel(X, y, { alpha: 2 }, foldOf, FORCE));
  assert.ok(bad instanceof SightlineError && bad.code === MODEL_ERRORS.params);
});

const dataUrl = (source: string) => new URL(`data:text/javascript,${encodeURIComponent(source)}`);

test('a worker that ends without its paths rejects with E_MODEL_WORKER', LIMIT, async () => {
  const s = setupCv(X.nRows, {}, foldOf, {});
  const exits = await rejection(runPool(X, y, s, 1, false, dataUrl('process.exit(3)')));
  assert.ok(exits instanceof SightlineError);
  assert.equal(exits.code, MODEL_ERRORS.worker);
  assert.equal(
    exits.message,
    'a cross-validation worker thread ended without the full-data path: it exited with code 3 ' +
      'before finishing — rerun with threads: 1 to fit on the calling thread',
  );
  const claims =
    "import { workerData } from 'node:worker_threads';" +
    'Atomics.add(new Int32Array(workerData.ctrl), 0, 3); throw new Error("boom");';
  const throws = await rejection(runPool(X, y, s, 2, false, dataUrl(claims)));
  assert.ok(throws instanceof SightlineError && throws.code === MODEL_ERRORS.worker);
  assert.match(throws.message, /without the full-data path: Error: boom; Error: boom/);
  // A worker that dies before claiming anything costs nothing: the calling thread fits it all.
  const seq = cvLasso(X, y, {}, foldOf);
  assertIdentical(await runPool(X, y, s, 1, true, dataUrl('process.exit(3)')), seq);
});
