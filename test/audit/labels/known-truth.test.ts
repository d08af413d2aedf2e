/**
 * Selective labels on the synthetic county, where the truth is known: a screened-out child is
 * never placed by that call, so records screened out and not screened in again within two years
 * carry (almost) no recorded placement — their outcome is unobserved, not absent; the bounds hold
 * the AUC the model would have on every matured record if each unobserved outcome were drawn from
 * the truth file's placement risk; and the screener on duty is drawn at random, which is the
 * contraction's assumption, so the most lenient screeners' caseload looks like everyone else's.
 * The model is the stand-in tool itself (its exact log-odds from the truth file).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../src/core/index.js';
import { auc } from '../../../src/metrics/index.js';
import { buildFeatures } from '../../../src/features/index.js';
import { synthesize, truthCsv } from '../../../src/synth/index.js';
import { decisionTable, labelStatus, selectiveLabels } from '../../../src/audit/index.js';

const run = synthesize({ seed: 6, scale: 0.15 });
const fs = buildFeatures(run.extract);
const r = fs.records;
const truth = new Map<string, { logit: number; risk: number }>();
for (const line of truthCsv(run.state, run.layout).split('\n').slice(1)) {
  const c = line.split(',');
  if (c.length > 3) truth.set(`${c[0]}|${c[1]}`, { risk: Number(c[2]), logit: Number(c[3]) });
}
const probability = Float64Array.from(
  { length: r.n },
  (_, i) => 1 / (1 + Math.exp(-truth.get(`${r.referralId[i]}|${r.personId[i]}`)!.logit)),
);
const score = Float64Array.from(probability, (p) => Math.min(20, 1 + Math.floor(p * 20)));
const table = decisionTable(run.extract);
const rows = Uint32Array.from({ length: r.n }, (_, i) => i);
const result = selectiveLabels({
  fs,
  probability,
  score,
  screenerOfReferral: table.screener,
  screeners: table.screeners,
  rows,
  label: 'placement_2y',
  householdLabel: 'household_placement_2y',
  cut: 8,
  lenientShare: 0.2,
  minCases: 30,
});

test('screened out and not screened in again: the recorded outcome is (almost) never a placement', () => {
  const unobserved = result.coverage.find(
    (c) => c.status === 'out_unobserved' && c.group === 'all',
  )!;
  const observed = result.coverage.find((c) => c.status === 'screened_in' && c.group === 'all')!;
  assert.ok(unobserved.records > 1000);
  assert.ok(
    unobserved.positive.rate < 0.005,
    `placements among unobserved: ${unobserved.positive.rate}`,
  );
  assert.ok(
    observed.positive.rate > 0.08,
    `placements among screened in: ${observed.positive.rate}`,
  );
  const shares = result.coverage.filter((c) => c.group === 'all' && c.status !== 'all');
  assert.ok(Math.abs(shares.reduce((a, c) => a + c.share, 0) - 1) < 1e-12);
});

test('the bounds hold the AUC the model would have if the unobserved outcomes followed the truth', () => {
  const label = fs.labels.placement_2y;
  const status = labelStatus(r);
  const rng = createRng(9);
  const matured = rows.filter((i) => label[i]! >= 0 && status[i]! < 3);
  const y = new Uint8Array(r.n);
  for (const i of matured) {
    const risk = truth.get(`${r.referralId[i]}|${r.personId[i]}`)!.risk;
    y[i] = status[i] === 2 ? (rng.bernoulli(risk) ? 1 : 0) : label[i] === 1 ? 1 : 0;
  }
  const full = auc(y, score, matured);
  const b = result.bounds.find((x) => x.group === 'all')!;
  assert.ok(b.auc.min <= b.auc.observed && b.auc.observed <= b.auc.max);
  assert.ok(
    b.auc.min < full && full < b.auc.max,
    `AUC with imputed truth ${full} within ${b.auc.min}–${b.auc.max}`,
  );
  assert.ok(b.atCut.fpr.min <= b.atCut.fpr.observed && b.atCut.fpr.observed <= b.atCut.fpr.max);
  assert.equal(b.auc.labelled + b.auc.unknown, matured.length);
});

test('contraction: the most lenient screeners screen out the most, and their caseload is like the rest', () => {
  const c = result.contraction;
  assert.ok(c.screenersUsed >= 20, `${c.screenersUsed} screeners with enough cases`);
  for (const b of c.bands) assert.ok(b.screenOutRate <= c.lenient.screenOutRate);
  for (let k = 1; k < c.bands.length; k++)
    assert.ok(c.bands[k]!.screenOutRate <= c.bands[k - 1]!.screenOutRate);
  // The model's failure rate falls as it screens in more of the lenient caseload.
  for (let k = 1; k < c.curve.length; k++)
    assert.ok(c.curve[k]!.failureRate <= c.curve[k - 1]!.failureRate);
  assert.equal(c.curve[0]!.failureRate, c.lenient.failureRate);
  // The assumption holds by construction here: the stand-in's mean risk on the lenient caseload is
  // within 10% of the other screeners'.
  const lenient = new Set(c.lenient.screeners);
  const mean = (pick: (s: string) => boolean) => {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < r.n; i++) {
      const s = table.screener[r.referralRow[i]!]!;
      if (s < 0 || !pick(table.screeners[s]!)) continue;
      sum += probability[i]!;
      n++;
    }
    return sum / n;
  };
  const ratio = mean((s) => lenient.has(s)) / mean((s) => !lenient.has(s));
  assert.ok(Math.abs(ratio - 1) < 0.1, `mean risk ratio ${ratio}`);
});
