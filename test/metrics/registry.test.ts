/**
 * The common tests of the metric registry (STYLE.md rule 13): every registered metric is
 * invariant to row order, gives the same value with unit weights as without, treats an integer
 * weight as that many copies of the row, and stays within its range.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/index.js';
import { METRICS, type MetricData } from '../../src/metrics/index.js';

function data(seed: number, n: number, tied: boolean): MetricData {
  const rng = createRng(seed);
  const group = Int32Array.from({ length: n }, () => rng.int(3));
  const z = Float64Array.from({ length: n }, (_, i) => rng.normal() - 1 + 0.4 * group[i]!);
  const y = Uint8Array.from(z, (v) => (rng.next() < 1 / (1 + Math.exp(-v)) ? 1 : 0));
  const score = Float64Array.from(z, (v) =>
    tied ? Math.min(20, Math.max(1, Math.round(10 + 3 * v + rng.normal()))) : v + rng.normal(),
  );
  const probability = Float64Array.from(
    z,
    (v) => 1 / (1 + Math.exp(-(0.3 + 1.2 * v + rng.normal()))),
  );
  const selected = Uint8Array.from(score, (s) => (s >= (tied ? 12 : 0) ? 1 : 0));
  return { y, score, probability, group, selected };
}

const close = (a: number, b: number, what: string) =>
  assert.ok(
    (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * (1 + Math.abs(b)),
    `${what}: ${a} vs ${b}`,
  );

for (const tied of [true, false]) {
  const d = data(tied ? 5 : 6, 400, tied);
  const n = d.y.length;
  const rng = createRng(9);
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const shuffled = Uint32Array.from(all);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const counts = Float64Array.from({ length: n }, () => rng.int(4));
  const repeated = Uint32Array.from(
    Array.from({ length: n }, (_, i) => Array.from({ length: counts[i]! }, () => i)).flat(),
  );
  for (const m of Object.values(METRICS)) {
    test(`${m.name} (${tied ? 'tied' : 'continuous'} scores): common properties`, () => {
      const v = m.compute(d);
      assert.ok(Number.isFinite(v), `${m.name} is ${v}`);
      close(m.compute(d, shuffled), v, 'row order');
      close(m.compute(d, all, new Float64Array(n).fill(1)), v, 'unit weights');
      close(m.compute(d, all, counts), m.compute(d, repeated), 'integer weights as copies');
      if (m.range) assert.ok(v >= m.range[0] && v <= m.range[1], `${m.name} ${v} out of range`);
    });
  }
}

test('the registry names every metric once and documents it', () => {
  for (const [name, m] of Object.entries(METRICS)) {
    assert.equal(m.name, name);
    assert.ok(m.summary.length > 10);
    assert.ok(Object.isFrozen(m));
  }
  assert.ok(Object.isFrozen(METRICS));
});
