import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRng,
  denseColumn,
  makeMatrix,
  selectRows,
  sparseColumn,
} from '../../src/core/index.js';
import { fitLassoPath, MODEL_ERRORS, MODEL_WARNINGS } from '../../src/models/index.js';
import { repeatRows, smallData, throwsCode } from './data.js';
import type { LassoPath } from '../../src/models/index.js';

function maxDiff(a: LassoPath, b: LassoPath, columns?: number[]): number {
  assert.equal(a.lambdas.length, b.lambdas.length);
  let m = 0;
  for (let k = 0; k < a.lambdas.length; k++) {
    m = Math.max(m, Math.abs(a.lambdas[k]! / b.lambdas[k]! - 1));
    m = Math.max(m, Math.abs(a.intercepts[k]! - b.intercepts[k]!));
    const cols = columns ?? a.coefficients[k]!.map((_, j) => j);
    cols.forEach((j, t) => {
      m = Math.max(m, Math.abs(a.coefficients[k]![j]! - b.coefficients[k]![columns ? t : j]!));
    });
  }
  return m;
}

const { X, y } = smallData();

test('λ_max is max_j |x̃_jᵀ w(y − ȳ)| by hand, with all coefficients 0 there', () => {
  const path = fitLassoPath(X, y);
  const n = X.nRows;
  const ybar = y.reduce((s, v) => s + v, 0) / n;
  let lmax = 0;
  for (let j = 0; j < X.columns.length; j++) {
    const x = new Float64Array(n);
    const c = X.columns[j]!;
    if (c.kind === 'dense') x.set(c.values);
    else c.rows.forEach((r, k) => (x[r] = c.values[k]!));
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    let g = 0;
    for (let i = 0; i < n; i++) g += ((x[i]! - mean) / sd) * (y[i]! - ybar);
    lmax = Math.max(lmax, Math.abs(g / n));
  }
  assert.ok(Math.abs(path.lambdas[0]! / lmax - 1) < 1e-12, `${path.lambdas[0]} vs ${lmax}`);
  assert.ok(path.coefficients[0]!.every((b) => b === 0));
  assert.ok(Math.abs(path.intercepts[0]! - Math.log(ybar / (1 - ybar))) < 1e-12);
  assert.equal(path.df[0], 0);
  assert.ok(path.df[1]! >= 1);
  // glmnet's sequence: geometric with ratio 1e-4^(1/99) (n > p), 100 values unless stopped early.
  const ratio = Math.pow(1e-4, 1 / 99);
  for (let k = 2; k < path.lambdas.length; k++) {
    assert.ok(Math.abs(path.lambdas[k]! / path.lambdas[k - 1]! / ratio - 1) < 1e-12);
  }
  assert.ok(path.lambdas.length <= 100);
});

test('an all-zero column and a constant column get coefficient 0 and change nothing else', () => {
  const zero = sparseColumn(new Uint32Array(0), new Float64Array(0));
  const constant = denseColumn(new Float64Array(X.nRows).fill(3));
  const wider = makeMatrix(X.nRows, [...X.names, 'zero', 'three'], [...X.columns, zero, constant]);
  const base = fitLassoPath(X, y);
  const path = fitLassoPath(wider, y);
  for (const beta of path.coefficients) assert.deepEqual([beta[6], beta[7]], [0, 0]);
  assert.equal(maxDiff(path, base, [0, 1, 2, 3, 4, 5]), 0);
  const info = path.issues.find((i) => i.code === MODEL_WARNINGS.constant);
  assert.ok(info?.message.includes('zero, three'));
});

test('unit weights equal no weights; doubling every weight changes nothing but the deviance', () => {
  const base = fitLassoPath(X, y);
  const ones = fitLassoPath(X, y, {}, { weights: new Float64Array(X.nRows).fill(1) });
  const twos = fitLassoPath(X, y, {}, { weights: new Float64Array(X.nRows).fill(2) });
  assert.equal(maxDiff(ones, base), 0);
  assert.deepEqual(ones.deviance, base.deviance);
  assert.ok(maxDiff(twos, base) < 1e-12);
  assert.ok(Math.abs(twos.nullDeviance / base.nullDeviance - 2) < 1e-12);
});

test('an integer weight equals repeating the row; zero-weight rows are dropped', () => {
  const n = X.nRows;
  const weights = Float64Array.from({ length: n }, (_, i) => [1, 2, 0][i % 3]!);
  const repeated: number[] = [];
  for (let i = 0; i < n; i++) for (let c = 0; c < weights[i]!; c++) repeated.push(i);
  const rows = Uint32Array.from(repeated);
  const copy = repeatRows(X, rows);
  const copyY = Uint8Array.from(rows, (r) => y[r]!);
  const weighted = fitLassoPath(X, y, { lambda: [0.05, 0.02, 0.01] }, { weights });
  const duplicated = fitLassoPath(copy, copyY, { lambda: [0.05, 0.02, 0.01] });
  assert.ok(maxDiff(weighted, duplicated) < 1e-9);
  assert.equal(weighted.nRows, weights.filter((v) => v > 0).length);
});

test('row order and storage kind (sparse or dense) do not change the path', () => {
  const base = fitLassoPath(X, y);
  const rng = createRng(11);
  const perm = Uint32Array.from({ length: X.nRows }, (_, i) => i);
  for (let i = perm.length - 1; i > 0; i--) {
    const k = rng.int(i + 1);
    [perm[i], perm[k]] = [perm[k]!, perm[i]!];
  }
  const shuffled = fitLassoPath(
    selectRows(X, perm),
    Uint8Array.from(perm, (r) => y[r]!),
  );
  assert.ok(maxDiff(shuffled, base) < 1e-9);
  const subset = fitLassoPath(X, y, {}, { rows: perm });
  assert.ok(maxDiff(subset, base) < 1e-9);
  const dense = makeMatrix(
    X.nRows,
    X.names,
    X.columns.map((c) => {
      if (c.kind === 'dense') return c;
      const v = new Float64Array(X.nRows);
      c.rows.forEach((r, k) => (v[r] = c.values[k]!));
      return denseColumn(v);
    }),
  );
  assert.ok(maxDiff(fitLassoPath(dense, y), base) < 1e-9);
});

test('a user λ sequence is sorted decreasing and fitted in full', () => {
  const path = fitLassoPath(X, y, { lambda: [0.001, 0.1, 0.01, 1e-6, 0.05] });
  assert.deepEqual(Array.from(path.lambdas), [0.1, 0.05, 0.01, 0.001, 1e-6]);
  assert.equal(path.stop, 'complete');
});

test('perfectly separable classes stop the path at devmax with a warning, not an error', () => {
  const n = 40;
  const x = Float64Array.from({ length: n }, (_, i) => i - 19.5);
  const z = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
  const sep = makeMatrix(n, ['x', 'z'], [denseColumn(x), denseColumn(z)]);
  const path = fitLassoPath(
    sep,
    Uint8Array.from(x, (v) => (v > 0 ? 1 : 0)),
  );
  assert.equal(path.stop, 'devmax');
  assert.ok(path.devRatio[path.devRatio.length - 1]! > 0.999);
  assert.ok(path.coefficients.every((b) => b.every(Number.isFinite)));
  assert.deepEqual(
    path.issues.map((i) => i.code),
    [MODEL_WARNINGS.separable],
  );
});

test('one class among the fitting rows is a clear error', () => {
  const ones = new Uint8Array(X.nRows).fill(1);
  ones[3] = 0;
  throwsCode(
    () => fitLassoPath(X, ones),
    MODEL_ERRORS.oneClass,
    `the fitting rows have ${X.nRows - 1} positive and 1 negative labels; a logistic fit needs ` +
      `at least 2 of each class — widen the rows or check the outcome definition`,
  );
});

test('bad labels, weights, rows, values and parameters are coded errors', () => {
  const bad = Uint8Array.from(y);
  bad[7] = 2;
  throwsCode(
    () => fitLassoPath(X, bad),
    MODEL_ERRORS.label,
    'y at row 7 is 2; labels must be 0 or 1 — recode the outcome before fitting',
  );
  const w = new Float64Array(X.nRows).fill(1);
  w[4] = -1;
  throwsCode(() => fitLassoPath(X, y, {}, { weights: w }), MODEL_ERRORS.weights);
  throwsCode(() => fitLassoPath(X, y, {}, { weights: new Float64Array(3) }), MODEL_ERRORS.weights);
  throwsCode(
    () => fitLassoPath(X, y, {}, { weights: new Float64Array(X.nRows) }),
    MODEL_ERRORS.weights,
  );
  throwsCode(() => fitLassoPath(X, y, {}, { rows: Uint32Array.of(1, 1, 2) }), MODEL_ERRORS.rows);
  throwsCode(() => fitLassoPath(X, y, {}, { rows: Uint32Array.of(1, 9999) }), MODEL_ERRORS.rows);
  const nan = Float64Array.from((X.columns[4] as { values: Float64Array }).values);
  nan[9] = NaN;
  const withNaN = makeMatrix(X.nRows, X.names, X.columns.with(4, denseColumn(nan)));
  throwsCode(
    () => fitLassoPath(withNaN, y),
    MODEL_ERRORS.nonFinite,
    'column u is NaN at row 9; LASSO needs finite features — impute or add a missingness ' +
      'indicator in the feature layer',
  );
  throwsCode(() => fitLassoPath(X, y, { nlambda: 1 }), MODEL_ERRORS.params);
  throwsCode(() => fitLassoPath(X, y, { alpha: 0 }), MODEL_ERRORS.params);
});

test('maxPasses reached ends the path early with a warning', () => {
  const path = fitLassoPath(X, y, { maxPasses: 5 });
  assert.equal(path.stop, 'maxPasses');
  assert.ok(path.lambdas.length < 100);
  assert.ok(path.issues.some((i) => i.code === MODEL_WARNINGS.maxPasses));
});
