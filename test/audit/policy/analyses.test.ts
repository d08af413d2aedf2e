/**
 * The ablation's building blocks on the hand-made fixture: feature groups, the paired comparison,
 * who crosses the high-risk line, the household-size view and counterfactual pairs, with every
 * number worked out by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FEATURE_GROUP_NAMES,
  counterfactualPairs,
  crossings,
  featureGroup,
  householdMarks,
  householdSizeView,
  pairedComparison,
  parseGroupDefinition,
  resolveGroup,
  scoreBase,
  specFromName,
  type ScoredModel,
} from '../../../src/audit/index.js';
import { isSightlineError } from '../../../src/core/index.js';
import { BH, JPO, fixtureContext, fixtureFeatures, fixtureFile, probOf } from './fixture.js';

const ctx = fixtureContext();
const base = scoreBase(ctx);

test('named groups are read off the catalog or the feature name; user groups use * patterns', () => {
  assert.deepEqual(FEATURE_GROUP_NAMES, [
    'juvenile_probation',
    'behavioral_health',
    'ever_in',
    'criminal_legal',
    'public_benefits',
  ]);
  const names = [
    JPO,
    BH,
    'jail.booking.parents.3y.count',
    'public_benefits.snap.household.ever.indicator',
    'demographics.age',
  ];
  const of = (g: string) => resolveGroup(featureGroup(g), names, []).features;
  assert.deepEqual(of('juvenile_probation'), [JPO]);
  assert.deepEqual(of('criminal_legal'), [JPO, 'jail.booking.parents.3y.count']);
  assert.deepEqual(of('ever_in'), [JPO, 'public_benefits.snap.household.ever.indicator']);
  assert.equal(specFromName(BH).mutable, false);
  const mine = parseGroupDefinition(
    'perp_bh=behavioral_health.*.alleged_perpetrators.*,demographics.age',
  );
  assert.deepEqual(resolveGroup(mine, names, []).features, [BH, 'demographics.age']);
  assert.throws(
    () => parseGroupDefinition('Bad Name=x'),
    (e) => isSightlineError(e, 'E_USAGE') && /NAME=PATTERN/.test(e.message),
  );
  assert.throws(() => parseGroupDefinition('ever_in=x'), /already defined/);
  assert.throws(
    () => featureGroup('jpo'),
    (e) =>
      isSightlineError(e, 'E_USAGE') &&
      /one of juvenile_probation, behavioral_health/.test(e.message),
  );
});

/** The base model with some households' protocols replaced. */
function withProtocols(p: ScoredModel['protocol'], probability = base.probability): ScoredModel {
  return { ...base, name: 'other', protocol: p, probability };
}

test('the paired comparison of a model with itself changes nothing; values are hand-worked', () => {
  const mark = householdMarks(ctx, [JPO]);
  assert.deepEqual(Array.from(mark), [1, 0, 0, 0]);
  const rows = pairedComparison(ctx, base, base, { replicates: 40, seed: 2, mark });
  const v = (m: string, g: string) => rows.find((r) => r.measure === m && r.group === g)!;
  assert.equal(v('households_high', 'black').a, 1 / 2);
  assert.equal(v('households_high', 'non_black').a, 1);
  assert.equal(v('households_high', 'gap').a, -1 / 2);
  assert.equal(v('fpr_high', 'all').a, 4 / 5);
  assert.equal(v('marked_high', 'marked').a, 1);
  assert.equal(v('marked_high', 'unmarked').a, 2 / 3);
  for (const r of rows) {
    if (r.change !== null) assert.equal(r.change, 0, `${r.measure} ${r.group}`);
  }
  assert.equal(v('households_high', 'gap').lo, 0);
  assert.equal(v('households_high', 'gap').hi, 0);
  // H3 leaves the high-risk protocol: non-Black share 1 → 1/2, the gap −1/2 → 0.
  const other = withProtocols(['high', 'high', 'low', 'high', 'high', 'none', 'none']);
  const moved = pairedComparison(ctx, base, other, { replicates: 40, seed: 2 });
  const gap = moved.find((r) => r.measure === 'households_high' && r.group === 'gap')!;
  assert.equal(gap.change, 1 / 2);
  assert.ok(gap.lo! <= gap.change! && gap.change! <= gap.hi!);
  assert.equal(moved.find((r) => r.measure === 'fpr_high' && r.group === 'non_black')!.b, 2 / 3);
});

test('crossings count households by race and mark, and list records only when asked', () => {
  const other = withProtocols(['low', 'low', 'high', 'high', 'high', 'none', 'none']);
  const mark = householdMarks(ctx, [JPO]);
  const { counts, records } = crossings(ctx, base, other, { records: false, mark });
  const c = (g: string) => counts.find((x) => x.group === g)!;
  assert.deepEqual(c('black'), {
    group: 'black',
    households: 2,
    highBefore: 1,
    highAfter: 1,
    left: 1,
    entered: 1,
  });
  assert.deepEqual(c('non_black'), {
    group: 'non_black',
    households: 2,
    highBefore: 2,
    highAfter: 1,
    left: 1,
    entered: 0,
  });
  assert.deepEqual(c('marked'), {
    group: 'marked',
    households: 1,
    highBefore: 1,
    highAfter: 0,
    left: 1,
    entered: 0,
  });
  assert.equal(records, null);
  const listed = crossings(ctx, base, other, { records: true }).records!;
  assert.deepEqual(
    listed.map((r) => `${r.referralId}/${r.personId}`),
    ['R0/P0', 'R0/P1', 'R1/P2', 'R3/P5', 'R3/P6'],
  );
  assert.equal(listed[2]!.protocolBefore, 'low');
  assert.equal(crossings(ctx, base, other, { records: false }).counts.length, 3);
});

test('the household-size view bands people on the referral, with gaps and marked shares', () => {
  const rows = householdSizeView(ctx, [base], householdMarks(ctx, [JPO]), 5);
  const r = (size: string, group: string) => rows.find((x) => x.size === size && x.group === group);
  assert.deepEqual([r('3', 'black')!.households, r('3', 'black')!.high], [1, 0]);
  assert.deepEqual([r('4', 'black')!.high, r('4', 'black')!.marked], [1, 1]);
  assert.deepEqual([r('5+', 'non_black')!.households, r('5+', 'non_black')!.high], [2, 1]);
  assert.equal(r('5+', 'black'), undefined);
  assert.equal(r('5+', 'gap')!.high, null);
});

test('counterfactual flips and matched pairs give the hand-worked score changes', () => {
  // η = x + 0.5·BH. Records c0–c3 share x = logit(p(10)); c0 and c3 carry BH.
  const x = [0, 0, 0, 0].map(() => Math.log(probOf(10) / (1 - probOf(10))));
  const fs = fixtureFeatures([...x, -3, -3, 3]);
  const file = fixtureFile(0.5);
  const c = fixtureContext(file, fs);
  const m = scoreBase(c);
  // p(10) = 0.475 → score 10; with BH: logistic(logit(0.475) + 0.5) = 0.5987 → score 12.
  assert.deepEqual(Array.from(m.score.subarray(0, 4)), [12, 10, 10, 12]);
  const r = counterfactualPairs(c, m, BH, { examples: 1 });
  assert.equal(r.coefficient, 0.5);
  const on = r.flips.find((f) => f.direction === 'on')!;
  assert.equal(on.records, 5);
  assert.deepEqual(
    on.changes.find((ch) => ch.change === 2),
    { change: 2, n: 2 },
  );
  const off = r.flips.find((f) => f.direction === 'off')!;
  assert.deepEqual(off.changes, [{ change: -2, n: 2 }]);
  // One profile (x = logit 0.475) holds two records with BH and two without: 4 pairs, +2 each.
  assert.equal(r.pairs.profiles, 1);
  assert.equal(r.pairs.pairs, 4);
  assert.deepEqual(r.pairs.changes, [{ change: 2, n: 1, pairs: 4 }]);
  assert.deepEqual(r.pairs.examples, [{ with: 'R0/P0', without: 'R0/P1', change: 2 }]);
  assert.equal(r.pairs.matchedOn, 1);
  assert.throws(
    () => counterfactualPairs(c, m, 'nope', { examples: 0 }),
    (e) => isSightlineError(e, 'E_POLICY_FEATURE'),
  );
  const unused = counterfactualPairs(ctx, base, BH, { examples: 0 });
  assert.equal(unused.issues[0]!.code, 'I_POLICY_UNUSED_FEATURE');
  assert.deepEqual(unused.flips[0]!.changes, [{ change: 0, n: 5 }]);
});
