import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, selectRows } from '../../src/core/index.js';
import { cvLasso, MODEL_ERRORS, MODEL_WARNINGS } from '../../src/models/index.js';
import type { Fold } from '../../src/models/index.js';
import { smallData, throwsCode } from './data.js';

const { X, y } = smallData(300, 8);
const foldOf = Int32Array.from({ length: X.nRows }, (_, i) => (i * 7) % 5);
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

function pairsOf(fold: Int32Array, rows?: Uint32Array): Fold[] {
  const k = Math.max(...fold) + 1;
  const all = rows ?? Uint32Array.from(fold, (_, i) => i);
  return Array.from({ length: k }, (_, f) => ({
    train: all.filter((_, i) => fold[i] !== f),
    test: all.filter((_, i) => fold[i] === f),
  }));
}

test('the model is the full-data path at λ_1se (or λ_min), with the CV curve stored', () => {
  const r = cvLasso(X, y, {}, foldOf);
  const at = r.cv.indexOneSe;
  assert.ok(r.cv.indexOneSe <= r.cv.indexMin);
  assert.equal(r.model.lambda, r.path.lambdas[at]);
  assert.equal(r.model.intercept, r.path.intercepts[at]);
  assert.deepEqual(r.model.coefficients, Array.from(r.path.coefficients[at]!));
  assert.equal(r.model.rule, '1se');
  assert.deepEqual(r.model.cv?.cvm, Array.from(r.cv.cvm));
  assert.equal(r.model.cv?.folds, 5);
  assert.deepEqual(r.model.source, { kind: 'cv-lasso', rows: 300, weightSum: 300 });
  const cvm = r.cv.cvm;
  assert.ok(cvm.every((v) => v >= cvm[r.cv.indexMin]!));
  assert.ok(cvm[at]! <= cvm[r.cv.indexMin]! + r.cv.cvsd[r.cv.indexMin]!);
  const min = cvLasso(X, y, { rule: 'min' }, foldOf);
  assert.equal(min.model.lambda, r.cv.lambdaMin);
  assert.deepEqual(min.model.coefficients, Array.from(r.path.coefficients[r.cv.indexMin]!));
});

test('fold numbers and train/test pairs give the same result', () => {
  const a = cvLasso(X, y, {}, foldOf);
  const b = cvLasso(X, y, {}, pairsOf(foldOf));
  assert.deepEqual(b.cv.cvm, a.cv.cvm);
  assert.deepEqual(b.model, a.model);
});

test('CV on a row subset uses only those rows, folds aligned with them', () => {
  const rows = Uint32Array.from({ length: 200 }, (_, k) => 299 - k);
  const fold = Int32Array.from(rows, (_, i) => i % 4);
  const sub = cvLasso(X, y, {}, fold, { rows });
  const copy = cvLasso(
    selectRows(X, rows),
    Uint8Array.from(rows, (r) => y[r]!),
    {},
    fold,
  );
  assert.ok(maxAbs(sub.cv.cvm, copy.cv.cvm) < 1e-9);
  assert.ok(Math.abs(sub.model.lambda! / copy.model.lambda! - 1) < 1e-12);
  const pairs = cvLasso(X, y, {}, pairsOf(fold, rows), { rows });
  assert.deepEqual(pairs.cv.cvm, sub.cv.cvm);
});

test('row order does not change the curve; unit weights equal no weights', () => {
  const base = cvLasso(X, y, {}, foldOf);
  const rng = createRng(3);
  const perm = Uint32Array.from({ length: X.nRows }, (_, i) => i);
  for (let i = perm.length - 1; i > 0; i--) {
    const k = rng.int(i + 1);
    [perm[i], perm[k]] = [perm[k]!, perm[i]!];
  }
  const shuffled = cvLasso(
    selectRows(X, perm),
    Uint8Array.from(perm, (r) => y[r]!),
    {},
    Int32Array.from(perm, (r) => foldOf[r]!),
  );
  assert.ok(maxAbs(shuffled.cv.cvm, base.cv.cvm) < 1e-9);
  assert.ok(maxAbs(shuffled.cv.cvsd, base.cv.cvsd) < 1e-9);
  assert.equal(shuffled.cv.indexOneSe, base.cv.indexOneSe);
  const ones = cvLasso(X, y, {}, foldOf, { weights: new Float64Array(X.nRows).fill(1) });
  assert.deepEqual(ones.cv.cvm, base.cv.cvm);
  assert.deepEqual(ones.model, base.model);
});

test('AUC as the CV measure is maximised; too few rows per fold fall back to deviance', () => {
  const r = cvLasso(X, y, { typeMeasure: 'auc' }, foldOf);
  assert.equal(r.cv.typeMeasure, 'auc');
  assert.ok(r.cv.cvm.every((v) => v <= r.cv.cvm[r.cv.indexMin]!));
  const rows = Uint32Array.from({ length: 40 }, (_, i) => i);
  const small = cvLasso(
    X,
    y,
    { typeMeasure: 'auc' },
    Int32Array.from(rows, (i) => i % 5),
    {
      rows,
    },
  );
  assert.equal(small.cv.typeMeasure, 'deviance');
  assert.ok(small.issues.some((i) => i.code === MODEL_WARNINGS.aucFallback));
});

test('bad fold assignments are coded errors that say how to fix them', () => {
  throwsCode(
    () =>
      cvLasso(
        X,
        y,
        {},
        Int32Array.from(foldOf, (f) => f % 2),
      ),
    MODEL_ERRORS.folds,
    'invalid folds: 2 fold(s); cross-validation needs at least 3',
  );
  throwsCode(
    () => cvLasso(X, y, {}, foldOf.subarray(1)),
    MODEL_ERRORS.folds,
    'invalid folds: 299 fold numbers for 300 rows; give one per row',
  );
  throwsCode(
    () =>
      cvLasso(
        X,
        y,
        {},
        Int32Array.from(foldOf, (f) => (f === 2 ? 4 : f)),
      ),
    MODEL_ERRORS.folds,
    'invalid folds: fold 2 is empty; number folds 0..K−1 without gaps',
  );
  const pairs = pairsOf(foldOf);
  const twice = pairs.map((p, f) => (f === 1 ? { ...p, test: Uint32Array.of(...p.test, 0) } : p));
  throwsCode(
    () => cvLasso(X, y, {}, twice),
    MODEL_ERRORS.folds,
    'invalid folds: row 0 is tested in folds 0 and 1',
  );
  const leaky = pairs.map((p, f) =>
    f === 1 ? { ...p, train: Uint32Array.of(...p.train, p.test[0]!) } : p,
  );
  throwsCode(
    () => cvLasso(X, y, {}, leaky),
    MODEL_ERRORS.folds,
    'invalid folds: fold 1 does not train on exactly the rows outside its test rows',
  );
});

test("a fold's fitting error names the fold", () => {
  // Every positive is tested in fold 0, so fold 0 trains on negatives only.
  const fold = Int32Array.from(y, (v, i) => (v === 1 ? 0 : 1 + (i % 2)));
  assert.throws(
    () => cvLasso(X, y, {}, fold),
    (e: unknown) =>
      e instanceof Error &&
      /^fold 0 training rows: the fitting rows have 0 positive/.test(e.message) &&
      (e as { code?: string }).code === MODEL_ERRORS.oneClass,
  );
});
