import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brier, calibrationFit, logit, sigmoid } from '../../src/metrics/index.js';

test('Brier score by hand, NaN p skipped, NaN without rows', () => {
  const y = Uint8Array.of(1, 0, 1);
  const p = Float64Array.of(0.8, 0.4, NaN);
  assert.ok(Math.abs(brier(y, p) - 0.1) < 1e-15);
  assert.ok(Number.isNaN(brier(y, p, Uint32Array.of(2))));
});

test('a probability that is its own truth recalibrates to intercept 0, slope 1', () => {
  // Outcomes in exact proportion p at four probabilities: the MLE is (0, 1) exactly.
  const y: number[] = [];
  const p: number[] = [];
  for (const [q, pos, neg] of [
    [0.1, 1, 9],
    [0.25, 1, 3],
    [0.5, 2, 2],
    [0.8, 4, 1],
  ] as const) {
    for (let k = 0; k < pos + neg; k++) {
      y.push(k < pos ? 1 : 0);
      p.push(q);
    }
  }
  const fit = calibrationFit(Uint8Array.from(y), Float64Array.from(p));
  assert.ok(fit.converged);
  assert.ok(Math.abs(fit.intercept) < 1e-9 && Math.abs(fit.slope - 1) < 1e-9, JSON.stringify(fit));
});

test('one class, equal logits or separated outcomes give NaN, not a number', () => {
  const nan = (y: number[], p: number[]) => {
    const f = calibrationFit(Uint8Array.from(y), Float64Array.from(p));
    assert.ok(Number.isNaN(f.slope) && Number.isNaN(f.intercept) && !f.converged);
  };
  nan([1, 1, 1], [0.2, 0.5, 0.7]);
  nan([1, 0, 1, 0], [0.3, 0.3, 0.3, 0.3]);
  nan([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9]);
});

test('logit clamps 0 and 1; sigmoid inverts it and is stable far out', () => {
  assert.ok(Number.isFinite(logit(0)) && Number.isFinite(logit(1)));
  assert.ok(Math.abs(sigmoid(logit(0.3)) - 0.3) < 1e-15);
  assert.equal(sigmoid(-800), 0);
  assert.equal(sigmoid(800), 1);
});
