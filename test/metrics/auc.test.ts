import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  atLeast,
  auc,
  thresholdMetrics,
  topShareThreshold,
  wilson,
  xauc,
} from '../../src/metrics/index.js';

// DOMAIN.md §5 vector.
const y = Uint8Array.of(1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0);
const s = Float64Array.of(20, 17, 18, 12, 9, 12, 15, 15, 6, 3, 20, 10);
const group = Int32Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1); // 0 = B (first six), 1 = W
const B = Uint32Array.of(0, 1, 2, 3, 4, 5);
const W = Uint32Array.of(6, 7, 8, 9, 10, 11);
const close = (a: number, b: number, tol = 1e-6) =>
  assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('AUC with ties counted ½ matches the hand-worked 30/35', () => {
  close(auc(y, s), 30 / 35);
  close(auc(y, s, B), 0.722222);
  close(auc(y, s, W), 0.9375);
});

test('xAUC in both directions matches DOMAIN.md', () => {
  close(xauc(y, s, group, 0, 1), 11 / 12);
  close(xauc(y, s, group, 1, 0), 5 / 6);
});

test('threshold metrics at score ≥ 15 match DOMAIN.md', () => {
  const sel = atLeast(s, 15);
  const b = thresholdMetrics(y, sel, B);
  const w = thresholdMetrics(y, sel, W);
  close(b.selectionRate, 0.5);
  close(w.selectionRate, 0.5);
  close(b.tpr, 2 / 3);
  close(w.tpr, 1);
  close(b.fpr, 1 / 3);
  close(w.fpr, 1 / 4);
  assert.deepEqual([b.tp, b.fp, b.fn, b.tn], [2, 1, 1, 2]);
});

test('AUC is NaN without both classes, skips NaN scores and unknown labels', () => {
  assert.ok(Number.isNaN(auc(Uint8Array.of(1, 1), Float64Array.of(1, 2))));
  close(auc(Uint8Array.of(1, 0, 1, 2), Float64Array.of(3, 1, NaN, 0)), 1);
});

test('AUC equals the brute-force pair count on random tied data, and weights act as copies', () => {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = 300;
  const yy = Uint8Array.from({ length: n }, () => (rand() < 0.3 ? 1 : 0));
  const ss = Float64Array.from({ length: n }, (_, i) => Math.floor(rand() * 20) + yy[i]! * 3);
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (yy[i] === 1 && yy[j] === 0) {
        pairs++;
        wins += ss[i]! > ss[j]! ? 1 : ss[i] === ss[j] ? 0.5 : 0;
      }
  close(auc(yy, ss), wins / pairs, 1e-12);
  const w = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 2 : 1));
  const dupRows = Uint32Array.from(
    Array.from({ length: n }, (_, i) => (i % 3 === 0 ? [i, i] : [i])).flat(),
  );
  close(auc(yy, ss, undefined, w), auc(yy, ss, dupRows), 1e-12);
});

test('Wilson interval matches the textbook value', () => {
  const { lo, hi } = wilson(5, 10);
  close(lo, 0.236593, 1e-5);
  close(hi, 0.763407, 1e-5);
  assert.ok(Number.isNaN(wilson(0, 0).lo));
  close(wilson(0, 20).lo, 0);
});

test('top-share threshold picks the cut that flags at most the share', () => {
  const scores = Float64Array.from({ length: 100 }, (_, i) => Math.floor(i / 5) + 1); // 1..20, 5 each
  assert.equal(topShareThreshold(scores, 0.25), 16);
  assert.equal(topShareThreshold(scores, 0.26), 16);
  assert.equal(topShareThreshold(scores, 0.3), 15);
});
