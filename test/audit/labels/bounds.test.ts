/**
 * Selective-labels kernels against independent references: the AUC, FPR and TPR bounds against a
 * brute force over every labelling of the unknown records (tied integer scores included); the
 * DOMAIN.md contraction vector; label status and coverage on a hand-made record table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../src/core/index.js';
import { auc, thresholdMetrics } from '../../../src/metrics/index.js';
import type { RecordTable } from '../../../src/features/index.js';
import {
  aucBounds,
  contraction,
  contractionFailureRate,
  labelCoverage,
  labelStatus,
  rateBounds,
} from '../../../src/audit/index.js';

/** Every labelling of the unknown rows: the extreme AUC, FPR and TPR. */
function bruteForce(score: Float64Array, y: Uint8Array, known: Uint8Array, selected: Uint8Array) {
  const unknown = [...known.keys()].filter((i) => known[i] === 0);
  const rows = Uint32Array.from(score.keys());
  const out = {
    aucMin: Infinity,
    aucMax: -Infinity,
    fprMin: Infinity,
    fprMax: -Infinity,
    tprMin: Infinity,
    tprMax: -Infinity,
  };
  for (let mask = 0; mask < 1 << unknown.length; mask++) {
    const yy = Uint8Array.from(y);
    unknown.forEach((i, k) => (yy[i] = (mask >> k) & 1));
    const a = auc(yy, score, rows);
    if (!Number.isNaN(a)) {
      out.aucMin = Math.min(out.aucMin, a);
      out.aucMax = Math.max(out.aucMax, a);
    }
    const t = thresholdMetrics(yy, selected, rows);
    if (!Number.isNaN(t.fpr)) {
      out.fprMin = Math.min(out.fprMin, t.fpr);
      out.fprMax = Math.max(out.fprMax, t.fpr);
    }
    if (!Number.isNaN(t.tpr)) {
      out.tprMin = Math.min(out.tprMin, t.tpr);
      out.tprMax = Math.max(out.tprMax, t.tpr);
    }
  }
  return out;
}

test('AUC, FPR and TPR bounds equal the brute force over every labelling (200 random tables)', () => {
  const rng = createRng(17);
  for (let rep = 0; rep < 200; rep++) {
    const n = 6 + rng.int(8);
    const score = Float64Array.from({ length: n }, () => 1 + rng.int(5));
    const y = Uint8Array.from({ length: n }, () => (rng.bernoulli(0.4) ? 1 : 0));
    const known = Uint8Array.from({ length: n }, () => (rng.bernoulli(0.55) ? 1 : 0));
    const selected = Uint8Array.from(score, (s) => (s >= 4 ? 1 : 0));
    const rows = Uint32Array.from(score.keys());
    const b = bruteForce(score, y, known, selected);
    const a = aucBounds(score, y, known, rows);
    const r = rateBounds(selected, y, known, rows);
    const same = (x: number, z: number, what: string) =>
      assert.ok(
        (Number.isNaN(x) && !Number.isFinite(z)) || Math.abs(x - z) < 1e-12,
        `rep ${rep} ${what}: ${x} vs ${z}`,
      );
    same(a.min, b.aucMin, 'AUC min');
    same(a.max, b.aucMax, 'AUC max');
    same(r.fpr.min, b.fprMin, 'FPR min');
    same(r.fpr.max, b.fprMax, 'FPR max');
    same(r.tpr.min, b.tprMin, 'TPR min');
    same(r.tpr.max, b.tprMax, 'TPR max');
    const labelled = rows.filter((i) => known[i] === 1);
    same(a.observed, auc(y, score, labelled), 'AUC observed');
  }
});

test('a hand-worked bound: one unknown record can swing the AUC both ways', () => {
  // Labelled: scores 3 (y=1), 1 (y=0); unknown: score 2. Observed AUC 1.
  // Unknown negative: positives {3}, negatives {1, 2}: AUC 1. Unknown positive: positives {3, 2},
  // negatives {1}: AUC 1. Both labellings give 1 — the bound is tight.
  const score = Float64Array.from([3, 1, 2]);
  const y = Uint8Array.from([1, 0, 0]);
  const known = Uint8Array.from([1, 1, 0]);
  const rows = Uint32Array.from([0, 1, 2]);
  assert.deepEqual(aucBounds(score, y, known, rows), {
    observed: 1,
    min: 1,
    max: 1,
    labelled: 2,
    unknown: 1,
  });
  // Unknown at score 4 instead: negative gives (3 vs 1, 4): ½; positive gives (3, 4 vs 1): 1.
  const high = aucBounds(Float64Array.from([3, 1, 4]), y, known, rows);
  assert.deepEqual([high.min, high.max], [0.5, 1]);
});

test('contraction: the DOMAIN.md test vector and the pooling of lenient screeners', () => {
  const risk = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
  const y = [1, 1, 0, 1, 0, 0, 1, 0];
  assert.ok(Math.abs(contractionFailureRate(10, risk, y, 0.6) - 0.2) < 1e-12);
  assert.ok(Math.abs(contractionFailureRate(10, risk, y, 0.8) - 0.4) < 1e-12);
  assert.ok(Number.isNaN(contractionFailureRate(10, risk, y, 0.9)));
  // Screener A: the DOMAIN caseload (10 cases, 8 out). Screener B: 10 cases, 5 out, 2 failures.
  const cases = 20;
  const c = {
    risk: Float64Array.from([...risk, 0.95, 0.85, ...Array.from({ length: 10 }, (_, k) => k / 10)]),
    y: Uint8Array.from([...y, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0]),
    screenedOut: Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]),
    screener: Int32Array.from({ length: cases }, (_, i) => (i < 10 ? 0 : 1)),
    screeners: ['A', 'B'],
    rows: Uint32Array.from({ length: cases }, (_, i) => i),
  };
  const out = contraction(c, { lenientShare: 0.5, minCases: 5 });
  assert.deepEqual(out.lenient.screeners, ['A']);
  assert.equal(out.lenient.screenOutRate, 0.8);
  assert.equal(out.lenient.failureRate, 0.4);
  assert.equal(out.bands.length, 1);
  assert.equal(out.bands[0]!.screenOutRate, 0.5);
  assert.equal(out.bands[0]!.failureRate, 0.2);
  // The model at B's screen-out rate (0.5) on A's caseload: screen in the top 3 (y = 1, 1, 0).
  assert.ok(Math.abs(out.bands[0]!.model - 0.2) < 1e-12);
  assert.equal(out.curve[0]!.failureRate, 0.4);
  assert.match(out.assumption, /as if at random/);
});

test('label status and coverage on a hand-made record table', () => {
  const DAY = 86_400_000;
  // Child 0: out (day 0), then in (day 100), then out (day 900, nothing after).
  // Child 1: out (day 0), then in 800 days later (outside the window). Child 2: undecided.
  const child = Uint32Array.from([0, 1, 2, 0, 1, 0]);
  const day = [0, 0, 0, 100, 800, 900];
  const decision = Int8Array.from([1, 1, -1, 0, 0, 1]);
  const r = {
    n: 6,
    child,
    receivedAt: Float64Array.from(day, (d) => d * DAY),
    decision,
  } as unknown as RecordTable;
  const status = labelStatus(r);
  assert.deepEqual(Array.from(status), [1, 2, 3, 0, 0, 2]);
  const label = Int8Array.from([1, 0, 0, 1, 0, 0]);
  const group = Int8Array.from([0, 1, 1, 0, 1, 0]);
  const cov = labelCoverage(
    status,
    label,
    group,
    ['black', 'non_black'],
    Uint32Array.from([0, 1, 2, 3, 4, 5]),
  );
  const cell = (s: string, g: string) => cov.find((x) => x.status === s && x.group === g)!;
  assert.equal(cell('out_then_screened_in', 'black').records, 1);
  assert.equal(cell('out_then_screened_in', 'black').positive.k, 1);
  assert.equal(cell('out_unobserved', 'all').records, 2);
  assert.equal(cell('screened_in', 'all').share, 2 / 6);
  assert.equal(cell('all', 'non_black').records, 3);
});
