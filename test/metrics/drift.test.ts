import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binCounts, driftBins, jensenShannon, psi } from '../../src/metrics/index.js';

test('PSI matches a hand-worked value with the 0.5 smoothing rule', () => {
  const r = Float64Array.of(50, 50);
  const c = Float64Array.of(30, 70);
  // smoothed: r = (50.5/101, 50.5/101) = (.5, .5); c = (30.5/101, 70.5/101)
  const c1 = 30.5 / 101;
  const c2 = 70.5 / 101;
  const expected = (c1 - 0.5) * Math.log(c1 / 0.5) + (c2 - 0.5) * Math.log(c2 / 0.5);
  assert.ok(Math.abs(psi(r, c) - expected) < 1e-12);
  assert.equal(psi(r, r), 0);
  assert.ok(Number.isFinite(psi(Float64Array.of(100, 0), Float64Array.of(0, 100))));
});

test('JSD is symmetric, 0 for equal samples and at most 1 bit', () => {
  const a = Float64Array.of(10, 20, 70);
  const b = Float64Array.of(40, 40, 20);
  assert.ok(Math.abs(jensenShannon(a, b) - jensenShannon(b, a)) < 1e-12);
  assert.ok(jensenShannon(a, a) < 1e-12);
  assert.ok(jensenShannon(Float64Array.of(1000, 0), Float64Array.of(0, 1000)) <= 1);
});

test('discrete quantities bin by value with unseen and missing bins', () => {
  const bins = driftBins([1, 2, 2, 3, NaN]);
  assert.deepEqual(bins, { kind: 'values', points: [1, 2, 3] });
  assert.deepEqual(Array.from(binCounts(bins, [1, 1, 3, 7, NaN])), [2, 0, 1, 1, 1]);
});

test('continuous quantities bin by reference deciles', () => {
  const ref = Array.from({ length: 1000 }, (_, i) => i / 1000);
  const bins = driftBins(ref);
  assert.equal(bins.kind, 'quantiles');
  assert.equal(bins.points.length, 9);
  const counts = binCounts(bins, ref);
  assert.deepEqual(Array.from(counts.slice(0, 10)), new Array(10).fill(100));
  const shifted = ref.map((v) => v + 0.3);
  assert.ok(psi(counts, binCounts(bins, shifted)) > 0.25);
});
