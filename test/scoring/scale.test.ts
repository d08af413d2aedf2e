import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyScale, fitQuantileScale, scoreOf } from '../../src/scoring/index.js';
import { quantileType7 } from '../../src/core/index.js';

const pRef = Float64Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
const population = { description: 'p = 0.01..1.00', n: 100 };

test('type-7 quantiles match R on a small sample', () => {
  // R: quantile(c(1, 3, 4, 10), c(.1, .5, .9), type = 7) -> 1.6 3.5 8.2
  const x = Float64Array.of(1, 3, 4, 10);
  assert.ok(Math.abs(quantileType7(x, 0.1) - 1.6) < 1e-12);
  assert.ok(Math.abs(quantileType7(x, 0.5) - 3.5) < 1e-12);
  assert.ok(Math.abs(quantileType7(x, 0.9) - 8.2) < 1e-12);
});

test('DOMAIN.md ventile vector: cut points, scores, and 5 values per score', () => {
  const scale = fitQuantileScale(pRef, { bins: 20, population });
  assert.equal(scale.kind, 'quantile');
  if (scale.kind !== 'quantile') return;
  assert.equal(scale.cutPoints.length, 19);
  assert.ok(Math.abs(scale.cutPoints[0]! - 0.0595) < 1e-12);
  assert.ok(Math.abs(scale.cutPoints[18]! - 0.9505) < 1e-12);
  assert.equal(scoreOf(scale, 0.05), 1);
  assert.equal(scoreOf(scale, 0.06), 2);
  assert.equal(scoreOf(scale, 0.96), 20);
  const counts = new Array(21).fill(0);
  for (const s of applyScale(scale, pRef)) counts[s]++;
  assert.deepEqual(counts.slice(1), new Array(20).fill(5));
});

test('a probability equal to a cut point stays in the lower score (p > c_k counts)', () => {
  const scale = fitQuantileScale(pRef, { bins: 20, population });
  if (scale.kind !== 'quantile') return;
  assert.equal(scoreOf(scale, scale.cutPoints[4]!), 5);
  assert.equal(scoreOf(scale, scale.cutPoints[4]! + 1e-12), 6);
});

test('deciles, row subsets, NaN and probability scales', () => {
  const deciles = fitQuantileScale(pRef, { bins: 10, population });
  assert.equal(scoreOf(deciles, 1), 10);
  assert.equal(scoreOf(deciles, 0), 1);
  assert.ok(Number.isNaN(scoreOf(deciles, NaN)));
  const sub = fitQuantileScale(pRef, { bins: 2, population, rows: Uint32Array.of(0, 1, 2) });
  if (sub.kind === 'quantile') assert.deepEqual(sub.cutPoints, [0.02]);
  assert.equal(scoreOf({ kind: 'probability' }, 0.37), 0.37);
});

test('a NaN reference prediction or an empty population is refused', () => {
  assert.throws(
    () => fitQuantileScale(Float64Array.of(0.1, NaN), { population }),
    /reference prediction 1 is NaN/,
  );
  assert.throws(() => fitQuantileScale(new Float64Array(0), { population }), /no predictions/);
});
