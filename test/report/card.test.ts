import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, denseColumn, makeMatrix, stableStringify } from '../../src/core/index.js';
import { fitForest } from '../../src/models/index.js';
import { PROTOCOL_PRESETS, type ModelFile } from '../../src/scoring/index.js';
import { draftRegister } from '../../src/audit/index.js';
import {
  buildCard,
  buildDatasheet,
  cardHtml,
  evidenceHash,
  type CardInputs,
  type ModelCard,
} from '../../src/report/index.js';

const rng = createRng(3);
const n = 200;
const a = Float64Array.from({ length: n }, () => rng.normal());
const y = Uint8Array.from({ length: n }, (_, i) => (a[i]! + rng.normal() > 1 ? 1 : 0));
const forest = fitForest({ trees: 3, maxDepth: 2 }, makeMatrix(n, ['a'], [denseColumn(a)]), y, {
  seed: 1,
});
const HASH = 'sha256:aaaa';
const file: ModelFile = {
  format: 'sightline-model',
  schemaVersion: 1,
  model: forest,
  scale: {
    kind: 'quantile',
    bins: 20,
    cutPoints: Array.from({ length: 19 }, (_, k) => (k + 1) / 20),
    population: { description: 'test rows', n: 398, dataHash: HASH },
  },
  aggregation: 'household_max',
  protocol: PROTOCOL_PRESETS['allegheny-v2']!,
  training: {
    population: 'screened_in',
    label: 'placement_2y',
    from: '2010-04-01',
    to: '2014-08-01',
    split: 'grouped',
    testShare: 0.3,
    folds: 5,
    seed: 1,
    cutDate: null,
    rowsPopulation: 1316,
    rowsTrain: 918,
    rowsTest: 398,
    positivesTrain: 111,
    positivesTest: 70,
    leakage: 'no leakage',
    dataHash: HASH,
  },
};

/** A hand-made audit report: two groups, base rates and AUC with intervals. */
function audit(dataHash = HASH) {
  const row = (
    metric: string,
    group: string,
    value: number,
    lo: number,
    hi: number,
    n: number,
  ) => ({
    metric,
    grouping: 'race',
    group,
    value,
    lo,
    hi,
    n,
    state: 'ok',
  });
  return {
    report: 'sightline-audit/1',
    source: { kind: 'model', model: { features: 1, training: { dataHash } } },
    population: { description: 'test rows', rows: 359, positives: 66, clusters: 150, excluded: [] },
    groupings: [
      {
        name: 'race',
        reference: 'black',
        groups: [
          { label: 'black', rows: 219, positives: 61 },
          { label: 'white', rows: 140, positives: 5 },
        ],
      },
    ],
    rules: [{ label: 'score>=16', description: 'top 25%' }],
    metrics: [
      row('base_rate', 'black', 0.2785, 0.2234, 0.3413, 219),
      row('base_rate', 'white', 0.0357, 0.0154, 0.0809, 140),
      row('auc', 'black', 0.71, 0.64, 0.78, 219),
      { ...row('tpr', 'black', 0.5, 0.38, 0.62, 61), threshold: 'score>=16' },
      {
        ...row('fpr', 'white', 0.3, 0.2, 0.4, 135),
        versus: 'black',
        contrast: 'difference',
        threshold: 'score>=16',
        state: 'exceeds_tolerance',
      },
    ],
    curves: [],
  };
}

function inputs(over: Partial<CardInputs> = {}): CardInputs {
  return {
    model: { role: 'model', path: 'model.json', sha256: 'm'.repeat(64), value: file },
    audit: { role: 'audit', path: 'audit', sha256: 'a'.repeat(64), value: audit() },
    replay: null,
    monitor: null,
    register: {
      role: 'register',
      path: 'register.json',
      sha256: 'r'.repeat(64),
      value: draftRegister(file),
    },
    evidence: [],
    previous: [],
    sign: [],
    ...over,
  };
}

const find = (facts: ModelCard['population'], label: string) =>
  facts.find((f) => f.label === label);

test('the card states the model file’s numbers and the audit’s intervals, each with its source', () => {
  const card = buildCard(inputs());
  assert.equal(
    find(card.population, 'Split')?.value,
    'grouped (test share 0.3), 5-fold CV, seed 1: 918 training records (111 positive, 12.1%), 398 test records (70 positive, 17.6%)',
  );
  assert.equal(find(card.population, 'Split')?.source, 'model');
  assert.match(
    find(card.population, 'Training population')!.value!,
    /screened-in .* 1,316 records/,
  );
  assert.match(
    find(card.model, 'Protocol')!.value!,
    /≥ 18 and a child on the referral is under 16/,
  );
  assert.match(find(card.limits, 'Proxy target')!.value!, /agency action/);
  const black = card.metrics.groupings[0]!.groups[0]!;
  assert.deepEqual(black.metrics.base_rate, { value: 0.2785, lo: 0.2234, hi: 0.3413, n: 219 });
  assert.deepEqual(black.metrics.tpr, { value: 0.5, lo: 0.38, hi: 0.62, n: 61 });
  assert.equal(black.metrics.ppv, null, 'a metric the audit did not report is not invented');
  assert.equal(card.metrics.flagged.length, 1);
  assert.match(card.metrics.flagged[0]!, /fpr difference at score>=16 = 0\.300/);
});

test('what is not among the inputs is marked missing, never filled in', () => {
  const card = buildCard(inputs({ audit: null }));
  assert.equal(card.replay[0]!.value, null);
  assert.match(card.replay[0]!.missing!, /no replay report/);
  assert.match(card.metrics.missing!, /no audit report/);
  assert.deepEqual(
    card.inputs.map((i) => [i.role, i.sha256 === null]),
    [
      ['model', false],
      ['audit', true],
      ['replay', true],
      ['monitor', true],
      ['register', false],
    ],
  );
  const stage = (s: string) => card.lifecycle.find((x) => x.stage === s)!;
  assert.equal(stage('validation').status, 'missing');
  assert.equal(stage('user_training').status, 'missing');
  assert.equal(stage('model').status, 'unsigned');
  assert.equal(stage('model').signedBy, 'unsigned');
  const effects = card.oracle.find((o) => o.question.startsWith('Effects of interventions'))!;
  assert.equal(effects.status, 'not answerable from the inputs');
  assert.equal(card.oracle.length, 4);
  const sheet = buildDatasheet(inputs({ audit: null }));
  assert.equal(sheet.sections[1]!.facts[0]!.value, null);
  assert.match(cardHtml(card), /<span class="bad">missing<\/span>: no replay report/);
});

test('a signature records name and given date, covers the evidence, and lapses when it changes', () => {
  const signed = buildCard(
    inputs({
      sign: [{ stage: 'validation', name: 'B. Analyst', date: '2026-11-30', evidence: '' }],
    }),
  );
  const v = signed.lifecycle.find((s) => s.stage === 'validation')!;
  assert.equal(v.status, 'signed');
  assert.equal(v.signedBy, 'B. Analyst');
  assert.equal(v.signedOn, '2026-11-30');
  assert.equal(signed.signatures[0]!.evidence, evidenceHash([{ sha256: 'a'.repeat(64) }]));
  // Regenerated with the same audit: the signature is kept.
  const kept = buildCard(inputs({ previous: signed.signatures }));
  assert.equal(kept.lifecycle.find((s) => s.stage === 'validation')!.status, 'signed');
  // A new audit file: the signature lapses.
  const audit2 = { role: 'audit' as const, path: 'audit', sha256: 'b'.repeat(64), value: audit() };
  const lapsed = buildCard(inputs({ previous: signed.signatures, audit: audit2 }));
  const l = lapsed.lifecycle.find((s) => s.stage === 'validation')!;
  assert.equal(l.status, 'unsigned');
  assert.match(l.notes.join(' '), /B\. Analyst \(2026-11-30\) covered other evidence/);
  assert.throws(
    () =>
      buildCard(
        inputs({ sign: [{ stage: 'retirement', name: 'X', date: '2026-11-30', evidence: '' }] }),
      ),
    { code: 'E_CARD_SIGN' },
  );
  const withPlan = buildCard(
    inputs({
      evidence: [{ stage: 'retirement', path: 'plan.md', sha256: 'p'.repeat(64) }],
      sign: [{ stage: 'retirement', name: 'X', date: '2026-11-30', evidence: '' }],
    }),
  );
  assert.equal(withPlan.lifecycle.find((s) => s.stage === 'retirement')!.status, 'signed');
});

test('an audit of other data is stale, and so is the stage it evidences', () => {
  const card = buildCard(
    inputs({
      audit: { role: 'audit', path: 'audit', sha256: 'a'.repeat(64), value: audit('sha256:bbbb') },
    }),
  );
  const c = card.consistency.find((x) => x.check === 'audit: training data')!;
  assert.equal(c.status, 'stale');
  assert.equal(card.lifecycle.find((s) => s.stage === 'validation')!.status, 'stale');
  assert.equal(
    card.consistency.find((x) => x.check === 'register: training data')!.status,
    'consistent',
  );
});

test('identical inputs give an identical card', () => {
  const one = buildCard(inputs());
  const two = buildCard(inputs());
  assert.equal(stableStringify(one), stableStringify(two));
  assert.equal(cardHtml(one), cardHtml(two));
});
