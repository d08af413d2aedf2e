/**
 * The fused kernel of the per-group core agrees with each metric's own function (the registry),
 * on the point estimate and on a bootstrap replicate (whose weights are the cluster draw counts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/index.js';
import { METRICS, atLeast, calibrationFit, type MetricData } from '../../src/metrics/index.js';
import { auditByGroup, clusterBootstrap, type MetricRow } from '../../src/audit/index.js';
import { AuditOptions, runCore } from '../../src/audit/group-core.js';

function data(seed: number, n: number) {
  const rng = createRng(seed);
  const code = Int32Array.from({ length: n }, () => rng.int(4) - 1); // −1 = in no group
  const cluster = Uint32Array.from({ length: n }, (_, i) => Math.floor(i / 3));
  const z = Float64Array.from({ length: n }, (_, i) => rng.normal() - 1 + 0.3 * code[i]!);
  const y = Uint8Array.from(z, (v) => (rng.next() < 1 / (1 + Math.exp(-v)) ? 1 : 0));
  const score = Float64Array.from(z, (v) => Math.min(20, Math.max(1, Math.round(10 + 3 * v))));
  const probability = Float64Array.from(
    z,
    (v) => 1 / (1 + Math.exp(-(0.2 + 1.1 * v + rng.normal()))),
  );
  return {
    y,
    score,
    probability,
    code,
    cluster,
    rows: Uint32Array.from({ length: n }, (_, i) => i),
  };
}

const tied = data(21, 900);
// Raw probabilities as the score: every row its own cell (the tallies path), a few ties kept.
const distinct = {
  ...tied,
  score: Float64Array.from(tied.probability, (p, i) => (i % 50 === 0 ? 0.5 : p)),
};
const rulesOf = (s: Float64Array, cuts: [number, number]) => [
  { label: `score>=${cuts[0]}`, selected: atLeast(s, cuts[0]) },
  { label: `score>=${cuts[1]}`, selected: atLeast(s, cuts[1]) },
];
const CASES = [
  { name: 'tied', d: tied, rules: rulesOf(tied.score, [12, 8]) },
  { name: 'distinct', d: distinct, rules: rulesOf(distinct.score, [0.4, 0.2]) },
];
const d = tied;
const grouping = { name: 'g', labels: ['a', 'b', 'c'], code: d.code };
const close = (a: number | null | undefined, b: number, what: string, tol = 1e-9) =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
const rowsOf = (g: number) => d.rows.filter((i) => d.code[i] === g);
const find = (out: MetricRow[], metric: string, group: string, extra: Partial<MetricRow> = {}) =>
  out.find(
    (m) =>
      m.metric === metric &&
      m.group === group &&
      m.contrast === undefined &&
      Object.entries(extra).every(([k, v]) => m[k as keyof MetricRow] === v),
  )!;

for (const { name, d, rules } of CASES) {
  test(`${name} scores: point estimates of the core equal the registry metrics on each group`, () => {
    const out = auditByGroup(d, grouping, rules, { replicates: 0, minCell: 0 });
    const two = (a: number, b: number): MetricData => ({
      ...d,
      group: Int32Array.from(d.code, (c) => (c === a ? 0 : c === b ? 1 : 2)),
    });
    for (let g = 0; g < 3; g++) {
      const label = grouping.labels[g]!;
      const mine = rowsOf(g);
      close(find(out, 'auc', label).value, METRICS.auc!.compute(d, mine), `auc ${label}`);
      close(find(out, 'brier', label).value, METRICS.brier!.compute(d, mine), `brier ${label}`);
      close(
        find(out, 'calibration_slope', label).value,
        METRICS.calibration_slope!.compute(d, mine),
        `slope ${label}`,
        1e-8,
      );
      close(
        find(out, 'calibration_intercept', label).value,
        METRICS.calibration_intercept!.compute(d, mine),
        `intercept ${label}`,
        1e-8,
      );
      close(
        find(out, 'xauc_pos', label).value,
        METRICS.xauc_pos!.compute(two(g, -9)),
        `xauc_pos ${label}`,
      );
      close(
        find(out, 'xauc_neg', label).value,
        METRICS.xauc_neg!.compute(two(g, -9)),
        `xauc_neg ${label}`,
      );
      for (let h = 0; h < 3; h++) {
        if (h === g) continue;
        const x = find(out, 'xauc', label, { versus: grouping.labels[h]! });
        close(x.value, METRICS.xauc!.compute(two(g, h)), `xauc ${label} ${h}`);
      }
      rules.forEach((r) => {
        for (const m of ['tpr', 'fpr', 'fnr', 'ppv', 'selection_rate'] as const) {
          const row = find(out, m, label, { threshold: r.label });
          close(
            row.value,
            METRICS[m]!.compute({ ...d, selected: r.selected }, mine),
            `${m} ${label}`,
          );
        }
      });
    }
    // `all` includes the rows that are in no group.
    close(find(out, 'auc', 'all').value, METRICS.auc!.compute(d), 'auc all');
    close(find(out, 'brier', 'all').value, METRICS.brier!.compute(d), 'brier all');
    close(
      find(out, 'calibration_slope', 'all').value,
      calibrationFit(d.y, d.probability).slope,
      'slope all',
      1e-8,
    );
  });

  test(`${name} scores: a bootstrap replicate equals the metrics weighted by the same cluster draws`, () => {
    const o = AuditOptions.parse({ replicates: 3, seed: 4, minCell: 0 });
    const core = runCore(d, grouping, rules, o);
    const L = core.layout;
    clusterBootstrap(d.rows, d.cluster, 3, 4, (b, w) => {
      const at = (stat: number) => core.replicates[stat * core.B + b]!;
      for (let g = 0; g < 3; g++) {
        close(at(L.auc(g, g)), METRICS.auc!.compute(d, rowsOf(g), w), `auc ${g} replicate ${b}`);
        close(at(L.brier(g)), METRICS.brier!.compute(d, rowsOf(g), w), `brier ${g} replicate ${b}`);
        const sel = { ...d, selected: rules[0]!.selected };
        close(
          at(L.rate(0, g, 2)),
          METRICS.tpr!.compute(sel, rowsOf(g), w),
          `tpr ${g} replicate ${b}`,
        );
        // The recalibration fit of a replicate is one Newton step from the full-sample fit.
        const full = calibrationFit(d.y, d.probability, rowsOf(g), w);
        close(at(L.fit(g, 1)), full.slope, `slope ${g} replicate ${b}`, 0.05);
        close(at(L.fit(g, 0)), full.intercept, `intercept ${g} replicate ${b}`, 0.05);
      }
      close(at(L.aucAll()), METRICS.auc!.compute(d, d.rows, w), `auc all replicate ${b}`);
    });
  });
}

test('calibration gap by hand: group b has a lower observed rate than a at equal scores', () => {
  // Scores 1 and 2. Reference a: score 1 → 1 of 4 positive, score 2 → 3 of 4.
  // Group b: score 1 → 0 of 2, score 2 → 2 of 4. E = 2·¼ + 4·¾ = 3.5, O = 2, n = 6.
  const y = Uint8Array.of(1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0);
  const score = Float64Array.of(1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 2, 2);
  const code = Int32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
  const rows = Uint32Array.from({ length: 14 }, (_, i) => i);
  const out = auditByGroup(
    { y, score, rows, cluster: Uint32Array.from(rows) },
    { name: 'g', labels: ['a', 'b'], code },
    [],
    { replicates: 0, minCell: 0, reference: 'a' },
  );
  const gap = (kind: string) =>
    out.find((m) => m.metric === 'calibration_gap' && m.contrast === kind)!;
  close(gap('difference').value, (2 - 3.5) / 6, 'difference');
  close(gap('ratio').value, 2 / 3.5, 'ratio');
  assert.equal(gap('ratio').versus, 'a');
  assert.equal(gap('ratio').group, 'b');
});

test('score shares per group add up to one', () => {
  const out = auditByGroup(d, grouping, [], { replicates: 0, minCell: 0 });
  for (const g of [...grouping.labels, 'all']) {
    const shares = out.filter((m) => m.metric === 'score_share' && m.group === g);
    close(
      shares.reduce((a, m) => a + m.value!, 0),
      1,
      `shares of ${g}`,
      1e-12,
    );
  }
});

test('on a large table of raw probabilities, replicates rank on a grid: AUC within 1e-4 of exact', () => {
  const n = 60_000; // more cells than GRID_ABOVE, so replicates use the grid
  const rng = createRng(5);
  const code = Int32Array.from({ length: n }, () => rng.int(2));
  const cluster = Uint32Array.from({ length: n }, (_, i) => Math.floor(i / 2));
  const z = Float64Array.from({ length: n }, () => rng.normal() - 1.5);
  const y = Uint8Array.from(z, (v) => (rng.next() < 1 / (1 + Math.exp(-v)) ? 1 : 0));
  const score = Float64Array.from(z, (v) => 1 / (1 + Math.exp(-(v + 0.7 * rng.normal()))));
  const big = { y, score, cluster, rows: Uint32Array.from({ length: n }, (_, i) => i) };
  const o = AuditOptions.parse({ replicates: 2, seed: 9 });
  const core = runCore(big, { name: 'g', labels: ['a', 'b'], code }, [], o);
  close(core.point[core.layout.aucAll()]!, METRICS.auc!.compute(big), 'exact point AUC', 1e-12);
  clusterBootstrap(big.rows, cluster, 2, 9, (b, w) => {
    const grid = core.replicates[core.layout.aucAll() * core.B + b]!;
    close(grid, METRICS.auc!.compute(big, big.rows, w), `replicate ${b} AUC`, 1e-4);
  });
});
