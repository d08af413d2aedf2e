/**
 * The replay on the hand-made fixture (fixture.ts): policy scores and flags, the protocol's false
 * positives, households flagged, ranges across policies and the paired gap changes, every number
 * worked out by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FALSE_POSITIVE_TEXT,
  householdRows,
  policyValues,
  policyViews,
  runReplay,
  scoreBase,
  type PolicyMetric,
} from '../../../src/audit/index.js';
import { SCORES, fixtureContext } from './fixture.js';

const ctx = fixtureContext();
const base = scoreBase(ctx);
const TINY = { replicates: 50, seed: 3, minCell: 0, minClusters: 1 };

test('the base model scores the fixture as designed, and each aggregation carries its household value', () => {
  assert.deepEqual(Array.from(base.score), SCORES);
  assert.deepEqual(base.protocol, ['high', 'high', 'low', 'high', 'high', 'high', 'high']);
  assert.deepEqual(
    Array.from(policyValues(ctx, base, 'household_max')),
    [18, 18, 12, 19, 19, 20, 20],
  );
  // H3's only alleged victim (c5) scores 3: the alleged-victim policy shows 3 for both its children.
  assert.deepEqual(
    Array.from(policyValues(ctx, base, 'alleged_victim')),
    [18, 18, 12, 19, 19, 3, 3],
  );
  assert.deepEqual(Array.from(policyValues(ctx, base, 'protocol')), [3, 3, 1, 3, 3, 3, 3]);
  const views = policyViews(ctx, base, 18);
  assert.deepEqual(views.map((v) => v.id).slice(0, 4), [
    'individual/child',
    'individual/household',
    'household_max/child',
    'household_max/household',
  ]);
  assert.deepEqual(Array.from(views[0]!.flagged), [1, 0, 0, 1, 0, 0, 1]);
  assert.deepEqual(Array.from(views[6]!.flagged), [1, 1, 0, 1, 1, 1, 1]);
  assert.deepEqual(
    Array.from(householdRows(ctx.split.test, ctx.fs.records.household)),
    [0, 2, 3, 5],
  );
});

const get = (ms: readonly PolicyMetric[], metric: string, group: string, contrast?: string) =>
  ms.find(
    (m) =>
      m.metric === metric &&
      m.group === group &&
      m.contrast === contrast &&
      (metric !== 'xauc' || m.versus !== undefined),
  );

test('FPR under the protocol counts children of high-risk households without the outcome', () => {
  const r = runReplay(ctx, base, TINY);
  assert.equal(r.threshold, 18);
  assert.equal(r.falsePositive, FALSE_POSITIVE_TEXT);
  const protocol = r.policies.find((p) => p.id === 'protocol/child')!.metrics;
  // Negatives c1, c2, c3, c4, c6; flagged among them: c1, c3, c4, c6.
  assert.equal(get(protocol, 'fpr', 'all')!.value, 4 / 5);
  assert.equal(get(protocol, 'fpr', 'black')!.value, 1 / 2);
  assert.equal(get(protocol, 'fpr', 'non_black')!.value, 1);
  assert.equal(get(protocol, 'households_flagged', 'black')!.value, 1 / 2);
  assert.equal(get(protocol, 'households_flagged', 'non_black')!.value, 1);
  assert.equal(get(protocol, 'households_flagged', 'black', 'difference')!.value, -1 / 2);
  // With the household's outcome, H0 and H3 had a placement: negatives c2, c3, c4.
  const hh = r.policies.find((p) => p.id === 'protocol/household')!.metrics;
  assert.equal(get(hh, 'fpr', 'all')!.value, 2 / 3);
  const own = r.policies.find((p) => p.id === 'individual/child')!.metrics;
  // Positives c0 (18) and c5 (3) against five negatives: 3 wins of 10.
  assert.equal(get(own, 'auc', 'all')!.value, 0.3);
  assert.equal(get(own, 'fpr', 'all')!.value, 2 / 5);
  assert.equal(get(own, 'households_flagged', 'all'), undefined);
  // xAUC(Black → non-Black): c0 (18) over c3 19, c4 6, c6 20 → 1 of 3.
  assert.equal(own.find((m) => m.metric === 'xauc' && m.group === 'black')!.value, 1 / 3);
});

test('ranges across policies name the policies at each end, and gap changes are paired', () => {
  const r = runReplay(ctx, base, TINY);
  const fpr = r.ranges.find(
    (x) => x.metric === 'fpr' && x.group === 'all' && x.contrast === undefined,
  )!;
  assert.equal(fpr.individual, 2 / 5);
  assert.equal(fpr.max, 4 / 5);
  assert.equal(fpr.maxPolicy, 'household_max/child');
  assert.equal(fpr.policies, 8);
  assert.equal(r.ranges[0]!.metric, 'auc');
  const w = (policy: string) =>
    r.widening.find((x) => x.policy === policy && x.measure === 'selection_gap')!;
  // Individual: Black 1/3 flagged, non-Black 2/4; household maximum: 2/3 and 4/4.
  assert.ok(Math.abs(w('individual/child').gap! - (1 / 3 - 1 / 2)) < 1e-15);
  assert.ok(Math.abs(w('household_max/child').change! - (2 / 3 - 1 - (1 / 3 - 1 / 2))) < 1e-15);
  assert.equal(w('individual/child').lo, null);
  assert.ok(w('household_max/child').lo! <= w('household_max/child').hi!);
  const dist = r.distribution.filter((d) => d.policy === 'protocol' && d.group === 'black');
  assert.deepEqual(
    dist.map((d) => [d.value, d.n]),
    [
      ['low', 1],
      ['none', 0],
      ['high', 1],
    ],
  );
  assert.equal(r.distribution.filter((d) => d.policy === 'individual').length, 60);
  assert.deepEqual(JSON.stringify(runReplay(ctx, base, TINY)), JSON.stringify(r));
});
