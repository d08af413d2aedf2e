import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixValue, parseDate } from '../../src/core/index.js';
import { buildFeatures, defaultCatalog, type FeatureSet } from '../../src/features/index.js';
import { SMALL, makeExtract } from './fixture.js';

const fs = buildFeatures(makeExtract(SMALL));
const col = (name: string) => {
  const j = fs.matrix.names.indexOf(name);
  assert.ok(j >= 0, `no feature ${name}`);
  return j;
};
const value = (set: FeatureSet, row: number, name: string) =>
  matrixValue(set.matrix, row, col(name));

test('records: one per child on each referral, in time order, with groups', () => {
  assert.deepEqual(fs.records.referralId, ['R1', 'R3', 'R2', 'R2']);
  assert.deepEqual(fs.records.personId, ['A-kid1', 'B-kid', 'A-kid1', 'A-kid2']);
  assert.deepEqual(Array.from(fs.records.age), [4, 12, 6, 1]);
  assert.deepEqual(Array.from(fs.records.householdRace), [0, 1, 0, 0]);
  assert.deepEqual(Array.from(fs.records.isAllegedVictim), [1, 1, 0, 1]);
  assert.deepEqual(Array.from(fs.records.household), [0, 1, 2, 2]);
});

test('hand-worked history features of the first call', () => {
  assert.equal(value(fs, 0, 'jail.booking.parents.ever.count'), 1);
  assert.equal(value(fs, 0, 'jail.booking.alleged_perpetrators.ever.indicator'), 1);
  assert.equal(value(fs, 0, 'jail.booking.self.ever.indicator'), 0);
  assert.equal(value(fs, 0, 'jail.booking.parents.3y.indicator'), 0);
  assert.equal(value(fs, 0, 'behavioral_health.substance_use.parents.3y.count'), 1);
  assert.equal(value(fs, 0, 'behavioral_health.substance_use.parents.365d.count'), 0);
  assert.equal(value(fs, 0, 'public_benefits.other.parents.ever.indicator'), 1);
  assert.equal(value(fs, 0, 'public_benefits.any.household.ever.count'), 2);
  assert.equal(value(fs, 0, 'public_benefits.any.household.3y.count'), 1);
  const days = parseDate('2012-03-01') - parseDate('2005-01-01');
  assert.ok(
    Math.abs(value(fs, 0, 'jail.booking.household.ever.days_since_last') - Math.exp(-days / 365)) <
      1e-12,
  );
  assert.equal(value(fs, 0, 'referrals.referral.household.ever.count'), 0);
  assert.equal(value(fs, 0, 'demographics.age'), 4);
  assert.equal(value(fs, 0, 'demographics.youngest_parent_age'), 26);
  assert.equal(value(fs, 0, 'demographics.n_adults'), 1);
});

test('events on the call day and later never reach a feature; windows are inclusive', () => {
  // A-kid1 was placed on the day of R2: not a feature of R2, but R2's outcome.
  assert.equal(value(fs, 2, 'child_welfare.placement.self.ever.indicator'), 0);
  assert.equal(value(fs, 2, 'referrals.referral.self.ever.count'), 1);
  assert.equal(value(fs, 2, 'referrals.screened_in.self.ever.count'), 0);
  assert.equal(value(fs, 2, 'referrals.referral.household.ever.count'), 2);
  assert.equal(value(fs, 2, 'jail.booking.parents.ever.count'), 2);
  assert.equal(value(fs, 2, 'jail.booking.parents.365d.count'), 1);
  // B-dad's booking on R3's call day is excluded; B-kid's supervision exactly 365 days before counts.
  assert.equal(value(fs, 1, 'jail.booking.household.ever.indicator'), 0);
  assert.equal(value(fs, 1, 'juvenile_probation.supervision.self.365d.indicator'), 1);
});

test('labels: 730-day windows are inclusive, household outcomes, maturity', () => {
  assert.deepEqual(Array.from(fs.labels.placement_2y), [1, 0, 1, 0]);
  assert.deepEqual(Array.from(fs.labels.re_referral_2y), [1, 0, 0, 0]);
  assert.deepEqual(Array.from(fs.labels.household_placement_2y), [1, 0, 1, 1]);
  const early = buildFeatures(makeExtract({ ...SMALL, asOf: '2015-12-31' }));
  assert.deepEqual(Array.from(early.labels.placement_2y), [1, 0, -1, -1]);
  assert.deepEqual(Array.from(early.labels.matured), [1, 1, 0, 0]);
  assert.deepEqual(Array.from(early.labels.household_placement_2y), [1, 0, -1, -1]);
});

test('a prior screen-in counts only once its decision was known before the call', () => {
  const spec = structuredClone(SMALL);
  spec.referrals.push(['R4', '2013-06-15T08:30:00Z', 'neglect', null, null]);
  spec.members.push(['R4', 'B-kid', 'alleged_victim']);
  const set = buildFeatures(makeExtract(spec));
  const row = set.records.referralId.indexOf('R4');
  // R3 was received 30 minutes earlier but decided at 09:00, after R4's call.
  assert.equal(value(set, row, 'referrals.referral.self.ever.count'), 1);
  assert.equal(value(set, row, 'referrals.screened_in.self.ever.count'), 0);
});

test('the default catalog has several hundred documented features and no race', () => {
  const catalog = defaultCatalog();
  assert.ok(catalog.length > 800 && catalog.length < 1500, `${catalog.length} features`);
  assert.equal(new Set(catalog.map((f) => f.name)).size, catalog.length);
  assert.ok(catalog.every((f) => f.description.length > 10));
  assert.ok(catalog.every((f) => !/race/.test(f.name)));
  assert.ok(catalog.filter((f) => f.window === 'ever').every((f) => !f.mutable));
  const sens = new Set(catalog.map((f) => f.sensitivity));
  assert.deepEqual([...sens].sort(), [
    'behavioral_health',
    'child_welfare_history',
    'criminal_legal',
    'demographic',
    'public_benefits',
  ]);
});

test('a catalog subset yields just those columns with the same values', () => {
  const names = ['jail.booking.parents.ever.count', 'demographics.age'];
  const sub = buildFeatures(
    makeExtract(SMALL),
    defaultCatalog().filter((f) => names.includes(f.name)),
  );
  assert.deepEqual(sub.matrix.names, names);
  for (let i = 0; i < sub.records.n; i++) {
    assert.equal(matrixValue(sub.matrix, i, 0), value(fs, i, names[0]!));
    assert.equal(matrixValue(sub.matrix, i, 1), value(fs, i, names[1]!));
  }
});
