import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkLeakage,
  components,
  foldRows,
  groupKFold,
  groupSplit,
  temporalHoldout,
} from '../../src/split/index.js';
import { createRng } from '../../src/core/index.js';

// Records: (household, child). Components: {0,1,2} via household 0 and child 7; {3}; {4,5} via child 9.
const keys = {
  household: Uint32Array.of(0, 0, 1, 2, 3, 4),
  child: Uint32Array.of(7, 8, 7, 5, 9, 9),
};
const all = Uint32Array.of(0, 1, 2, 3, 4, 5);

test('components join siblings on a referral and the same child across referrals', () => {
  assert.deepEqual(Array.from(components(keys, all)), [0, 0, 0, 1, 2, 2]);
  assert.deepEqual(Array.from(components(keys, Uint32Array.of(1, 2, 3))), [0, 1, 2]);
});

/** Family-shaped keys: families of 1–4 children, each referred 1–3 times, naming some children. */
function randomKeys(n: number, seed: number) {
  const rng = createRng(seed);
  const household: number[] = [];
  const child: number[] = [];
  let h = 0;
  let c = 0;
  while (household.length < n) {
    const kids = 1 + rng.int(4);
    for (let r = 1 + rng.int(3); r > 0 && household.length < n; r--, h++) {
      for (let k = 0; k < kids && household.length < n; k++) {
        if (k > 0 && rng.bernoulli(0.3)) continue;
        household.push(h);
        child.push(c + k);
      }
    }
    c += kids;
  }
  return { household: Uint32Array.from(household), child: Uint32Array.from(child) };
}

test('groupSplit never shares a child or a referral, and is deterministic for a seed', () => {
  const k = randomKeys(3000, 1);
  const s = groupSplit(k, { testShare: 0.3, seed: 4 });
  assert.equal(s.train.length + s.test.length, 3000);
  const leak = checkLeakage(k, s);
  assert.ok(leak.ok, leak.message);
  assert.deepEqual(groupSplit(k, { testShare: 0.3, seed: 4 }), s);
  assert.notDeepEqual(groupSplit(k, { testShare: 0.3, seed: 5 }).test, s.test);
});

test('a naive record-level split leaks, and the check says how much', () => {
  const k = randomKeys(2000, 2);
  const rows = Uint32Array.from({ length: 2000 }, (_, i) => i);
  const naive = { train: rows.filter((r) => r % 10 >= 3), test: rows.filter((r) => r % 10 < 3) };
  const leak = checkLeakage(k, naive);
  assert.equal(leak.ok, false);
  assert.ok(leak.sharedChildren > 0 && leak.sharedReferrals > 0);
  assert.match(leak.message, /^leakage: 0 rows, \d+ children and \d+ referrals are on both sides/);
});

test('group K-fold: balanced folds with no group across folds', () => {
  const k = randomKeys(4000, 3);
  const rows = Uint32Array.from({ length: 4000 }, (_, i) => i).filter((r) => r % 4 !== 0);
  const folds = groupKFold(k, rows, 5, 9);
  const counts = [0, 0, 0, 0, 0];
  for (const f of folds) counts[f]!++;
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 12, String(counts));
  for (let f = 0; f < 5; f++) assert.ok(checkLeakage(k, foldRows(rows, folds, f)).ok);
  assert.throws(() => groupKFold(keys, all, 4, 1), /only 3 groups for 4 folds/);
});

test('temporal holdout keeps training labels closed before the cut', () => {
  const callDay = Float64Array.of(100, 500, 900, 1000, 1200);
  const s = temporalHoldout(callDay, { cutDay: 1000, windowDays: 730 });
  assert.deepEqual(Array.from(s.train), [0]);
  assert.deepEqual(Array.from(s.test), [3, 4]);
  const child = Uint32Array.of(1, 2, 3, 1, 4);
  assert.deepEqual(
    Array.from(temporalHoldout(callDay, { cutDay: 1000, dropReturning: { child } }).test),
    [4],
  );
});
