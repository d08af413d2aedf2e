import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moverRatio, newcombeDifference } from '../../src/metrics/index.js';

test('Newcombe’s hybrid interval matches his published example (56/70 − 48/80)', () => {
  const [lo, hi] = newcombeDifference(56, 70, 48, 80);
  assert.ok(Math.abs(lo - 0.0524) < 5e-5 && Math.abs(hi - 0.3339) < 5e-5, `${lo} ${hi}`);
  // Zero counts keep a sensible width where a bootstrap would collapse.
  const [zlo, zhi] = newcombeDifference(0, 10, 30, 100);
  assert.ok(zlo < -0.35 && zhi < 0 && zhi > -0.05, `${zlo} ${zhi}`);
  assert.deepEqual(newcombeDifference(1, 0, 1, 2), [NaN, NaN]);
});

test('MOVER-R ratio interval: close to the log (Katz) interval with large counts, finite at zero', () => {
  const [lo, hi] = moverRatio(56, 70, 48, 80);
  const se = Math.sqrt(1 / 56 - 1 / 70 + 1 / 48 - 1 / 80);
  const katz = [Math.exp(Math.log(4 / 3) - 1.96 * se), Math.exp(Math.log(4 / 3) + 1.96 * se)];
  assert.ok(lo < 4 / 3 && hi > 4 / 3);
  assert.ok(
    Math.abs(lo - katz[0]!) < 0.02 && Math.abs(hi - katz[1]!) < 0.02,
    `${lo} ${hi} ${katz}`,
  );
  const [zlo, zhi] = moverRatio(0, 10, 30, 100);
  assert.equal(zlo, 0);
  assert.ok(zhi > 0.8 && zhi < 1.1, `${zhi}`);
  assert.ok(moverRatio(3, 10, 0, 10).every(Number.isNaN));
});
