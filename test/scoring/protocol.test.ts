import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOL_PRESETS,
  ProtocolRules,
  aggregateScores,
  applyProtocol,
  householdProtocols,
} from '../../src/scoring/index.js';

const v2 = PROTOCOL_PRESETS['allegheny-v2']!;

test('DOMAIN.md protocol examples under the V2 rules', () => {
  assert.equal(applyProtocol(v2, [3, 10, 17], [12, 18, 19]), 'high');
  assert.equal(applyProtocol(v2, [17], [19]), 'none');
  assert.equal(applyProtocol(v2, [8, 12], [10, 12]), 'low');
  assert.equal(applyProtocol(v2, [5, 9], [4, 6]), 'none');
  assert.equal(applyProtocol(v2, [15], [18]), 'high');
});

test('V1 is score ≥ 18 regardless of age; top-25 cuts at 16', () => {
  assert.equal(applyProtocol(PROTOCOL_PRESETS['allegheny-v1']!, [17], [19]), 'high');
  assert.equal(applyProtocol(PROTOCOL_PRESETS['allegheny-v1']!, [8], [3]), 'none');
  assert.equal(applyProtocol(PROTOCOL_PRESETS['top-25']!, [10], [16]), 'high');
  assert.equal(applyProtocol(PROTOCOL_PRESETS['top-25']!, [10], [15]), 'none');
});

test('thresholds are configurable and validated', () => {
  const custom = ProtocolRules.parse({
    name: 'c',
    version: '3',
    high: { minScore: 15, anyChildUnder: 10 },
    low: { maxScore: 5 },
  });
  assert.equal(applyProtocol(custom, [9], [15]), 'high');
  assert.equal(applyProtocol(custom, [10], [15]), 'none');
  assert.equal(applyProtocol(custom, [1], [5]), 'low');
  assert.throws(() =>
    ProtocolRules.parse({ name: 'c', version: '1', high: { minScore: 'x' }, low: null }),
  );
});

test('unscored households get no protocol', () => {
  assert.equal(applyProtocol(v2, [3], [NaN]), 'none');
});

test('aggregation policies: individual, household max, alleged-victim max with fallback', () => {
  const scores = Float64Array.of(12, 18, 19, 5, 7, NaN);
  const household = Uint32Array.of(0, 0, 0, 1, 1, 2);
  const victim = Uint8Array.of(1, 0, 0, 0, 0, 1);
  assert.deepEqual(Array.from(aggregateScores(scores, household, 'individual')), [
    12,
    18,
    19,
    5,
    7,
    NaN,
  ]);
  assert.deepEqual(Array.from(aggregateScores(scores, household, 'household_max')), [
    19,
    19,
    19,
    7,
    7,
    NaN,
  ]);
  assert.deepEqual(Array.from(aggregateScores(scores, household, 'alleged_victim_max', victim)), [
    12,
    12,
    12,
    7,
    7,
    NaN,
  ]);
});

test('householdProtocols gives each record its referral protocol', () => {
  const scores = Float64Array.of(12, 18, 19, 10, 12);
  const ages = Float64Array.of(3, 10, 17, 8, 12);
  const household = Uint32Array.of(0, 0, 0, 1, 1);
  assert.deepEqual(householdProtocols(v2, scores, ages, household), [
    'high',
    'high',
    'high',
    'low',
    'low',
  ]);
});
