import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  auc,
  distributionByGroup,
  rocCurve,
  rocPoint,
  thinCurve,
  xaucBalanced,
  type RocPoint,
} from '../../src/metrics/index.js';

// DOMAIN.md §5 vector: B = first six rows (group 0), W = last six (group 1).
const y = Uint8Array.of(1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0);
const s = Float64Array.of(20, 17, 18, 12, 9, 12, 15, 15, 6, 3, 20, 10);
const group = Int32Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);
const area = (c: readonly RocPoint[]) =>
  c.slice(1).reduce((a, p, k) => a + ((p.fpr - c[k]!.fpr) * (p.tpr + c[k]!.tpr)) / 2, 0);

test('the ROC curve of the DOMAIN.md vector, worked by hand', () => {
  // [threshold, false positives of 7, true positives of 5] of "score ≥ threshold".
  const want = [
    [Infinity, 0, 0],
    [20, 0, 2],
    [18, 1, 2],
    [17, 1, 3],
    [15, 2, 4],
    [12, 3, 5],
    [10, 4, 5],
    [9, 5, 5],
    [6, 6, 5],
    [3, 7, 5],
  ];
  const c = rocCurve(y, s);
  assert.equal(c.length, want.length);
  want.forEach(([t, fp, tp], k) => {
    assert.equal(c[k]!.threshold, t);
    close(c[k]!.fpr, fp! / 7);
    close(c[k]!.tpr, tp! / 5);
  });
  // The trapezoid area under the curve is the AUC with ties ½.
  close(area(c), 30 / 35);
});

test('operating points sit on the curve, also between two scores', () => {
  const at15 = rocPoint(y, s, 15);
  close(at15.tpr, 4 / 5);
  close(at15.fpr, 2 / 7);
  const at16 = rocPoint(y, s, 16); // no score 16: the same rule as ≥ 17
  const at17 = rocCurve(y, s).find((p) => p.threshold === 17)!;
  assert.deepEqual([at16.fpr, at16.tpr], [at17.fpr, at17.tpr]);
  const b = rocPoint(y, s, 15, Uint32Array.of(0, 1, 2, 3, 4, 5));
  close(b.tpr, 2 / 3);
  close(b.fpr, 1 / 3);
});

test('a ROC curve without negatives has NaN FPR, never 0', () => {
  const c = rocCurve(Uint8Array.of(1, 1), Float64Array.of(1, 2));
  assert.ok(c.every((p) => Number.isNaN(p.fpr)));
});

test('balanced xAUC of the DOMAIN.md vector, worked by hand', () => {
  // B positives (20, 17, 12) against all seven negatives: 7 + 6 + 4.5 = 17.5 of 21 pairs.
  close(xaucBalanced(y, s, group, 0, 'positives'), 17.5 / 21);
  // W positives (15, 20): 5.5 + 7 = 12.5 of 14.
  close(xaucBalanced(y, s, group, 1, 'positives'), 12.5 / 14);
  // All five positives against B negatives (18, 12, 9): 3 + 2 + 1.5 + 2 + 3 = 11.5 of 15.
  close(xaucBalanced(y, s, group, 0, 'negatives'), 11.5 / 15);
  // Against W negatives (15, 6, 3, 10): 4 + 4 + 3 + 3.5 + 4 = 18.5 of 20.
  close(xaucBalanced(y, s, group, 1, 'negatives'), 18.5 / 20);
  // The pair counts add up to the overall AUC's 30 of 35.
  close(17.5 + 12.5, 30);
  close(auc(y, s), 30 / 35);
});

test('thinning keeps the ends, drops points on straight segments, and caps the count', () => {
  const line = Array.from({ length: 11 }, (_, k) => ({
    threshold: 10 - k,
    fpr: k / 10,
    tpr: k / 10,
  }));
  assert.deepEqual(
    thinCurve(line).map((p) => p.threshold),
    [10, 0],
  );
  const curve = rocCurve(y, s);
  const thin = thinCurve(curve, 4);
  assert.equal(thin.length, 4);
  assert.equal(thin[0], curve[0]);
  assert.equal(thin[3], curve[curve.length - 1]);
});

test('score distribution per group counts each value, all rows last', () => {
  const d = distributionByGroup(s, group, 2);
  assert.deepEqual(d.values, [3, 6, 9, 10, 12, 15, 17, 18, 20]);
  assert.deepEqual([...d.counts[0]!], [0, 0, 1, 0, 2, 0, 1, 1, 1]);
  assert.deepEqual([...d.counts[2]!], [1, 1, 1, 1, 2, 2, 1, 1, 2]);
  assert.deepEqual([...d.totals], [6, 6, 12]);
});
