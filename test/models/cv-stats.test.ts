import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLambda, cvStats, lambdaInterp } from '../../src/models/index.js';
import { foldAuc, foldDeviance, logistic } from '../../src/models/cv-stats.js';

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('cvm is the weighted mean of fold losses and cvsd the DOMAIN.md §5 formula', () => {
  // Folds lose 1, 2, 4 with weights 1, 1, 2: cvm = 11/4; cvsd² = (1.75² + 0.75² + 2·1.25²)/4/2.
  const { cvm, cvsd } = cvStats(
    [Float64Array.of(1, 5), Float64Array.of(2, 5), Float64Array.of(4, 5)],
    Float64Array.of(1, 1, 2),
  );
  close(cvm[0]!, 2.75);
  close(cvsd[0]!, Math.sqrt(6.75 / 8));
  close(cvm[1]!, 5);
  close(cvsd[1]!, 0);
});

test('a NaN fold loss is left out of the means but still counts in K', () => {
  const { cvm, cvsd } = cvStats(
    [Float64Array.of(1), Float64Array.of(NaN), Float64Array.of(3)],
    Float64Array.of(1, 1, 1),
  );
  close(cvm[0]!, 2);
  close(cvsd[0]!, Math.sqrt(2 / 2 / 2));
});

test('λ_min is the first minimum; λ_1se the first λ within one SE of it', () => {
  const cvm = Float64Array.of(3, 2, 1.5, 1.4, 1.45, 1.4);
  const cvsd = Float64Array.of(0.1, 0.1, 0.1, 0.2, 0.1, 0.1);
  assert.deepEqual(chooseLambda(cvm, cvsd, false), { indexMin: 3, indexOneSe: 2 });
  // Maximising (AUC): best 0.8 at index 2, bound 0.8 − 0.05.
  const auc = Float64Array.of(0.6, 0.76, 0.8, 0.79);
  assert.deepEqual(chooseLambda(auc, Float64Array.of(0, 0, 0.05, 0), true), {
    indexMin: 2,
    indexOneSe: 1,
  });
  assert.throws(() => chooseLambda(Float64Array.of(NaN), Float64Array.of(NaN), false), RangeError);
});

test('lambdaInterp: exact grid points, midpoints, and clamping beyond the path', () => {
  const lam = Float64Array.of(4, 2, 1);
  assert.deepEqual(lambdaInterp(lam, 2), { left: 1, right: 1, frac: 1 });
  assert.deepEqual(lambdaInterp(lam, 3), { left: 0, right: 1, frac: 0.5 });
  const mid = lambdaInterp(lam, 1.5);
  assert.deepEqual([mid.left, mid.right], [1, 2]);
  close(mid.frac, 0.5, 1e-15);
  assert.deepEqual(lambdaInterp(lam, 9), { left: 0, right: 0, frac: 1 });
  assert.deepEqual(lambdaInterp(lam, 0.5), { left: 2, right: 2, frac: 1 });
  assert.deepEqual(lambdaInterp(Float64Array.of(3), 1), { left: 0, right: 0, frac: 1 });
});

test('fold deviance by hand, with probabilities clamped to [1e-5, 1 − 1e-5]', () => {
  // η = 0 → p = ½ → −2 log ½ per row, whatever the label.
  close(
    foldDeviance(Float64Array.of(0, 0), Float64Array.of(1, 0), Float64Array.of(1, 3)),
    2 * Math.LN2,
  );
  // η = 100 on a negative row: p clamps to 1 − 1e-5, loss −2 log 1e-5.
  close(
    foldDeviance(Float64Array.of(100), Float64Array.of(0), Float64Array.of(1)),
    -2 * Math.log(1e-5),
    1e-9,
  );
  // Weighted mean of the two rows' losses.
  const eta = Float64Array.of(1, -2);
  const y = Float64Array.of(1, 0);
  const expected = (1 * -2 * Math.log(logistic(1)) + 3 * -2 * Math.log(1 - logistic(-2))) / 4;
  close(foldDeviance(eta, y, Float64Array.of(1, 3)), expected);
});

test('fold AUC counts ties ½ (DOMAIN.md §5 vector: 30/35) and weights pairs', () => {
  const y = Float64Array.of(1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0);
  const s = Float64Array.of(20, 17, 18, 12, 9, 12, 15, 15, 6, 3, 20, 10);
  close(foldAuc(s, y, new Float64Array(12).fill(1)), 30 / 35);
  // Weight 2 on a positive counts its pairs twice: positive at 12 beats 4 of 7 negatives, ties 1.
  const w = new Float64Array(12).fill(1);
  w[5] = 2;
  close(foldAuc(s, y, w), (30 + 4.5) / 42);
  assert.ok(
    Number.isNaN(foldAuc(Float64Array.of(1, 2), Float64Array.of(1, 1), Float64Array.of(1, 1))),
  );
});

test('logistic is stable for large |η|', () => {
  assert.equal(logistic(-800), 0);
  assert.equal(logistic(800), 1);
  close(logistic(0), 0.5);
  close(logistic(-30), Math.exp(-30) / (1 + Math.exp(-30)), 1e-25);
});
