/**
 * Monitoring checks against independent references: calendar periods against JavaScript's Date;
 * bin codes against src/metrics binCounts; the distribution test against SciPy's
 * chi2_contingency (13.4167 on 2 df, p = 0.0012207) and PSI against its formula worked by hand;
 * thin-bin merging, volume expectation and dispersion, rate checks (z = 1.94257, p = 0.052068
 * from SciPy) and Kish's effective size worked by hand; and the stated false-alarm rate on
 * simulated data with no change at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, sparseColumn } from '../../../src/core/index.js';
import { binCounts, driftBins } from '../../../src/metrics/index.js';
import {
  binCodes,
  classify,
  distributionCheck,
  effectiveSizes,
  makeFrame,
  mergeThinBins,
  periodDays,
  periodLabel,
  periodOfDay,
  rateCheck,
  volumeCheck,
  volumeModel,
  yearMonthOfDay,
} from '../../../src/audit/index.js';

const T = { psiWarn: 0.1, psiAlert: 0.25, alpha: 0.001, minRecords: 10 };

test('periods agree with Date in UTC', () => {
  for (let day = -800; day < 25_000; day += 13) {
    const d = new Date(day * 86_400_000);
    const { year, month } = yearMonthOfDay(day);
    assert.deepEqual([year, month], [d.getUTCFullYear(), d.getUTCMonth() + 1], `day ${day}`);
  }
  const jan2015 = Date.UTC(2015, 0, 31) / 86_400_000;
  assert.equal(periodLabel(periodOfDay(jan2015, 'month'), 'month'), '2015-01');
  assert.equal(periodLabel(periodOfDay(jan2015, 'quarter'), 'quarter'), '2015-Q1');
  const feb2016 = periodDays(periodOfDay(Date.UTC(2016, 1, 10) / 86_400_000, 'month'), 'month');
  assert.equal(feb2016.end - feb2016.start, 29);
  const q = periodDays(periodOfDay(jan2015, 'quarter'), 'quarter');
  assert.equal(q.end - q.start, 90);
});

test('bin codes count exactly as binCounts does, dense and sparse, by value and by decile', () => {
  const rng = createRng(3);
  const ints = Float64Array.from({ length: 500 }, () => (rng.bernoulli(0.05) ? NaN : rng.int(6)));
  const reals = Float64Array.from({ length: 500 }, () => rng.normal());
  for (const [ref, sample] of [
    [ints.subarray(0, 300), ints],
    [reals.subarray(0, 300), Float64Array.from(reals, (v) => v * 1.3 + 0.2)],
  ] as const) {
    const bins = driftBins(ref);
    const codes = binCodes(bins, { kind: 'dense', values: sample }, sample.length);
    const counts = new Float64Array(bins.points.length + 2);
    for (const c of codes) counts[c]!++;
    assert.deepEqual(counts, binCounts(bins, sample));
  }
  const rows = Uint32Array.from([3, 7, 9]);
  const col = sparseColumn(rows, Float64Array.from([2, 5, 2]));
  const dense = new Float64Array(12);
  dense[3] = 2;
  dense[7] = 5;
  dense[9] = 2;
  const bins = driftBins(Float64Array.from([0, 0, 2, 5]));
  assert.deepEqual(binCodes(bins, col, 12), binCodes(bins, { kind: 'dense', values: dense }, 12));
});

test('the distribution check: PSI by its formula, the test as SciPy chi2_contingency', () => {
  // Bins (3 values, unseen, missing): reference 50/30/20/0/0, month 10/10/20/0/0.
  const ref = Float64Array.from([50, 30, 20, 0, 0]);
  const cur = Float64Array.from([10, 10, 20, 0, 0]);
  const r = (c: number) => (c + 0.5) / (100 + 2.5);
  const m = (c: number) => (c + 0.5) / (40 + 2.5);
  let psi = 0;
  for (let k = 0; k < 5; k++) psi += (m(cur[k]!) - r(ref[k]!)) * Math.log(m(cur[k]!) / r(ref[k]!));
  const c = distributionCheck(ref, cur, { ...T, alpha: 0.01 });
  assert.ok(Math.abs(c.psi - psi) < 1e-12);
  assert.equal(c.df, 2);
  assert.ok(Math.abs(c.p - 0.0012206969250058695) < 1e-12, `p ${c.p}`);
  assert.ok(Math.abs(c.psi - 0.4396) < 1e-4, `PSI ${c.psi}`);
  assert.equal(c.status, 'alert'); // above the alert threshold and significant at 0.01
  assert.equal(distributionCheck(ref, cur, { ...T, alpha: 0.01, psiAlert: 0.5 }).status, 'warn');
  assert.equal(distributionCheck(ref, cur, T).status, 'ok'); // p = 0.0012 is not below 0.001
  // Smaller effective sizes weaken the evidence: the same shares are then not significant.
  assert.equal(
    distributionCheck(ref, cur, { ...T, alpha: 0.01 }, { current: 10, reference: 25 }).status,
    'ok',
  );
  assert.equal(distributionCheck(ref, cur, { ...T, minRecords: 41 }).status, 'too_few');
  assert.equal(distributionCheck(ref, new Float64Array(5), T).status, 'no_data');
});

test('classify: an alert needs both the size and the test', () => {
  assert.equal(classify(0.3, 0.1, 0.25, 1e-6, 0.001, true), 'alert');
  assert.equal(classify(0.3, 0.1, 0.25, 0.01, 0.001, true), 'ok');
  assert.equal(classify(0.05, 0.1, 0.25, 1e-9, 0.001, true), 'ok');
  assert.equal(classify(0.15, 0.1, 0.25, 1e-9, 0.001, true), 'warn');
  assert.equal(classify(0.3, 0.1, 0.25, 1e-9, 0.001, false), 'too_few');
});

test('thin value bins are pooled until each holds 1% of the reference', () => {
  const bins = { kind: 'values' as const, points: [1, 2, 3, 4, 5] };
  // Reference shares 0.5%, 60%, 0.4%, 38%, 0.6% (of 1000): {1, 2}, {3, 4}, then 5 joins {3, 4}.
  const map = mergeThinBins(bins, Float64Array.from([5, 600, 4, 380, 6, 0, 0]), 0.01);
  assert.deepEqual(Array.from(map), [0, 0, 1, 1, 1, 2, 3]);
  const deciles = { kind: 'quantiles' as const, points: [1, 2] };
  assert.deepEqual(
    Array.from(mergeThinBins(deciles, Float64Array.from([1, 1, 1, 0]), 0.5)),
    [0, 1, 2, 3],
  );
});

test('volume: seasonal expectation, dispersion and the quasi-Poisson test, by hand', () => {
  const periods = [
    { season: 0, days: 31, count: 310 },
    { season: 0, days: 31, count: 290 },
    { season: 1, days: 28, count: 200 },
    { season: 1, days: 28, count: 220 },
  ];
  const m = volumeModel(periods, 2);
  assert.ok(Math.abs(m.rate[0]! - 600 / 62) < 1e-12);
  // Pearson χ² = 2·10²/300 + 2·10²/210 = 1.619 on 4 − 2 df: under 1, so φ = 1.
  assert.equal(m.dispersion, 1);
  const t = { volumeWarn: 0.075, volumeAlert: 0.15, alpha: 0.001, minRecords: 50 };
  // Expected 300; sd = √(300 + 300²/600) = √450; z = 100/√450 = 4.714.
  const up = volumeCheck(m, 0, 31, 400, t);
  assert.ok(Math.abs(up.expected - 300) < 1e-9);
  assert.equal(up.status, 'alert');
  assert.ok(up.p < 3e-6 && up.p > 2e-6);
  assert.equal(volumeCheck(m, 0, 31, 330, t).status, 'ok'); // +10%, z = 1.41
  const wide = volumeModel(
    [{ season: 0, days: 31, count: 400 }, { season: 0, days: 31, count: 200 }, ...periods.slice(2)],
    2,
  );
  assert.ok(Math.abs(wide.dispersion - ((2 * 100 ** 2) / 300 + (2 * 10 ** 2) / 210) / 2) < 1e-9);
  assert.equal(volumeCheck(wide, 0, 31, 400, t).status, 'ok'); // the same jump is within this noise
});

test('rate check against SciPy, and Kish effective sizes by hand', () => {
  const r = rateCheck(60, 100, 500, 1000, { warn: 0.05, alert: 0.099, alpha: 0.1, minRecords: 50 });
  assert.ok(Math.abs(r.p - 0.052067926015826244) < 1e-9);
  assert.equal(r.status, 'alert');
  // Two periods; clusters of sizes 3 and 1 in the first period, 2 and 2 in the second.
  const f = makeFrame('month', 0, 59, 0, 31, ['g']);
  const day = Float64Array.from([1, 2, 3, 4, 40, 41, 42, 43]);
  const period = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
  const ref = Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0]);
  const cluster = Uint32Array.from([5, 5, 5, 6, 7, 7, 8, 8]);
  const e = effectiveSizes(f, period, ref, new Int8Array(8), cluster);
  assert.ok(day.length === 8);
  assert.ok(Math.abs(e.current[0]! - 16 / 10) < 1e-12); // (3 + 1)² / (9 + 1)
  assert.ok(Math.abs(e.current[2]! - 16 / 8) < 1e-12); // (2 + 2)² / (4 + 4)
  assert.ok(Math.abs(e.reference[1]! - 16 / 10) < 1e-12);
});

test('with no change at all, checks alarm at no more than their level α', () => {
  const rng = createRng(21);
  const p = [0.3, 0.25, 0.2, 0.15, 0.1];
  const draw = (n: number) => {
    const c = new Float64Array(p.length + 2);
    for (let i = 0; i < n; i++) {
      let u = rng.next();
      let k = 0;
      while (k < p.length - 1 && u > p[k]!) u -= p[k++]!;
      c[k]!++;
    }
    return c;
  };
  const ref = draw(5000);
  let rejected = 0;
  const checks = 2000;
  for (let m = 0; m < checks; m++)
    if (distributionCheck(ref, draw(300), { ...T, alpha: 0.05, psiWarn: 0 }).status !== 'ok')
      rejected++;
  // Nominal 5%: the χ² test on 300 draws is close to exact; allow sampling error (SD 0.5%).
  assert.ok(rejected / checks < 0.065, `rejected ${rejected} of ${checks}`);
  assert.ok(rejected / checks > 0.03, `rejected ${rejected} of ${checks}: the test is not asleep`);
});
