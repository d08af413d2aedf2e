import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareModels } from '../../src/audit/index.js';

// Eight records in four referrals, positives at rows 0, 2 and 5. Over the 3 × 5 positive–negative
// pairs, model A wins 12 (0.9 beats all five negatives, 0.7 all but 0.8, 0.6 all but 0.8 and
// 0.65): AUC 12/15. Model B ranks every positive above every negative: AUC 1.
const y = Uint8Array.of(1, 0, 1, 0, 0, 1, 0, 0);
const a = Float64Array.of(0.9, 0.8, 0.7, 0.1, 0.2, 0.6, 0.3, 0.65);
const b = Float64Array.of(0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.4, 0.5);
const rows = Uint32Array.from({ length: 8 }, (_, i) => i);
const cluster = Uint32Array.of(0, 0, 1, 1, 2, 2, 3, 3);

test('AUCs and the top-share rates are the hand-worked ones', () => {
  const [ra, rb] = compareModels(
    y,
    [
      { name: 'A', probability: a },
      { name: 'B', probability: b },
    ],
    rows,
    cluster,
    { replicates: 200, seed: 3, topShare: 0.25 },
  );
  assert.equal(ra!.auc.value, 12 / 15);
  assert.equal(rb!.auc.value, 1);
  assert.equal(rb!.difference.value, 1 - 12 / 15);
  assert.equal(ra!.difference.value, 0);
  assert.deepEqual([ra!.difference.lo, ra!.difference.hi], [0, 0]);
  // Top 25% = 2 of 8 records: A flags 0.9 and 0.8 (one positive of 3, one negative of 5).
  assert.equal(ra!.threshold, 0.8);
  assert.equal(ra!.tpr, 1 / 3);
  assert.equal(ra!.fpr, 1 / 5);
  assert.equal(ra!.flagged, 2);
  // B flags 0.9 and 0.8: both positive.
  assert.equal(rb!.tpr, 2 / 3);
  assert.equal(rb!.fpr, 0);
  // Paired: B ranks perfectly in every resample, so its difference is never below 0.
  assert.ok(rb!.difference.lo >= 0 && rb!.difference.hi <= 1 && rb!.difference.hi > 0);
  assert.ok(ra!.auc.lo <= ra!.auc.value && ra!.auc.value <= ra!.auc.hi);
});

test('a model of the wrong length is refused by name', () => {
  assert.throws(
    () =>
      compareModels(y, [{ name: 'short', probability: new Float64Array(3) }], rows, cluster, {
        replicates: 1,
        seed: 1,
        topShare: 0.25,
      }),
    /short has 3 probabilities, y has 8/,
  );
});
