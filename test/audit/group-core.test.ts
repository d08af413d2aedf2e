import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditByGroup, type MetricRow } from '../../src/audit/index.js';
import { atLeast } from '../../src/metrics/index.js';
import { createRng } from '../../src/core/index.js';

// DOMAIN.md §5 vector: B = first six rows, W = last six.
const y = Uint8Array.of(1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0);
const score = Float64Array.of(20, 17, 18, 12, 9, 12, 15, 15, 6, 3, 20, 10);
const grouping = {
  name: 'race',
  labels: ['B', 'W'],
  code: Int32Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1),
};
const rows = Uint32Array.from({ length: 12 }, (_, i) => i);
const cluster = Uint32Array.from({ length: 12 }, (_, i) => i);
const rules = [{ label: 'score>=15', selected: atLeast(score, 15) }];

const find = (out: MetricRow[], metric: string, group: string, extra: Partial<MetricRow> = {}) => {
  const r = out.find(
    (m) =>
      m.metric === metric &&
      m.group === group &&
      Object.entries(extra).every(([k, v]) => m[k as keyof MetricRow] === v),
  );
  assert.ok(r, `no row ${metric} ${group} ${JSON.stringify(extra)}`);
  return r;
};
const close = (a: number | null, b: number, tol = 1e-6) =>
  assert.ok(a !== null && Math.abs(a - b) < tol, `${a} vs ${b}`);

test('point estimates reproduce the DOMAIN.md vector', () => {
  const out = auditByGroup({ y, score, cluster, rows }, grouping, rules, {
    minCell: 0,
    replicates: 0,
    reference: 'W',
  });
  close(find(out, 'auc', 'B').value, 0.722222);
  close(find(out, 'auc', 'W').value, 0.9375);
  close(find(out, 'auc', 'all').value, 30 / 35);
  close(find(out, 'xauc', 'B', { versus: 'W' }).value, 11 / 12);
  close(find(out, 'xauc', 'W', { versus: 'B' }).value, 5 / 6);
  close(find(out, 'selection_rate', 'B').value, 0.5);
  close(find(out, 'tpr', 'B').value, 2 / 3);
  close(find(out, 'tpr', 'W').value, 1);
  close(find(out, 'fpr', 'B').value, 1 / 3);
  close(find(out, 'fpr', 'W').value, 1 / 4);
  const d = find(out, 'fpr', 'B', { contrast: 'difference' });
  close(d.value, 1 / 3 - 1 / 4);
  assert.equal(d.versus, 'W');
  assert.equal(d.state, 'no_interval');
  close(find(out, 'fpr', 'B', { contrast: 'ratio' }).value, 4 / 3);
  const fprB = find(out, 'fpr', 'B');
  assert.equal(fprB.n, 3);
  assert.equal(fprB.threshold, 'score>=15');
});

test('rates carry Wilson intervals; small cells are suppressed', () => {
  const out = auditByGroup({ y, score, cluster, rows }, grouping, rules, {
    minCell: 0,
    replicates: 0,
  });
  const tprB = find(out, 'tpr', 'B'); // 2 of 3
  close(tprB.lo, 0.207655, 1e-5);
  close(tprB.hi, 0.93851, 1e-5);
  const sup = auditByGroup({ y, score, cluster, rows }, grouping, rules, {
    minCell: 4,
    replicates: 0,
  });
  const s = find(sup, 'tpr', 'B');
  assert.equal(s.state, 'suppressed');
  assert.equal(s.value, null);
  assert.equal(find(sup, 'selection_rate', 'B').state, 'ok');
});

test('calibration rows give the observed rate per score and group', () => {
  const out = auditByGroup({ y, score, cluster, rows }, grouping, rules, {
    minCell: 0,
    replicates: 0,
  });
  const at20 = out.filter((m) => m.metric === 'calibration' && m.score === 20);
  assert.deepEqual(
    at20.map((m) => [m.group, m.value, m.n]),
    [
      ['B', 1, 1],
      ['W', 1, 1],
      ['all', 1, 2],
    ],
  );
  const at15 = find(out, 'calibration', 'W', { score: 15 });
  assert.equal(at15.value, 0.5);
});

/** Data with a real gap: group 1's negatives score higher. Households of 3 share outcomes. */
function clustered(nHouseholds: number, seed: number) {
  const rng = createRng(seed);
  const yy: number[] = [];
  const ss: number[] = [];
  const gg: number[] = [];
  const cc: number[] = [];
  for (let h = 0; h < nHouseholds; h++) {
    const g = rng.bernoulli(0.5) ? 1 : 0;
    const risk = rng.normal();
    const out = rng.next() < 1 / (1 + Math.exp(-(risk - 1))) ? 1 : 0;
    for (let k = 0; k < 3; k++) {
      yy.push(out);
      ss.push(Math.round(risk * 3 + g * 2 + rng.normal()));
      gg.push(g);
      cc.push(h);
    }
  }
  return {
    input: {
      y: Uint8Array.from(yy),
      score: Float64Array.from(ss),
      cluster: Uint32Array.from(cc),
      rows: Uint32Array.from(yy.map((_, i) => i)),
    },
    grouping: { name: 'g', labels: ['a', 'b'], code: Int32Array.from(gg) },
  };
}

test('bootstrap intervals are seeded, cover the estimate, and widen when rows share a cluster', () => {
  const { input, grouping: gr } = clustered(600, 3);
  const rule = [{ label: 'score>=2', selected: atLeast(input.score, 2) }];
  const a = auditByGroup(input, gr, rule, { replicates: 300, seed: 5, reference: 'a' });
  assert.deepEqual(auditByGroup(input, gr, rule, { replicates: 300, seed: 5, reference: 'a' }), a);
  const auc = find(a, 'auc', 'b');
  assert.ok(auc.lo! < auc.value! && auc.value! < auc.hi!);
  const diff = find(a, 'fpr', 'b', { contrast: 'difference' });
  assert.equal(diff.state, 'exceeds_tolerance', JSON.stringify(diff));
  // Treating each row as its own cluster understates the uncertainty of clustered data.
  const naive = auditByGroup({ ...input, cluster: Uint32Array.from(input.rows) }, gr, rule, {
    replicates: 300,
    seed: 5,
    reference: 'a',
  });
  const width = (r: MetricRow) => r.hi! - r.lo!;
  assert.ok(width(find(a, 'auc', 'b')) > 1.3 * width(find(naive, 'auc', 'b')));
});

test('no real gap: the verdict is within tolerance or inconclusive, never exceeds', () => {
  const rng = createRng(8);
  const n = 3000;
  const yy = Uint8Array.from({ length: n }, () => (rng.bernoulli(0.3) ? 1 : 0));
  const ss = Float64Array.from(yy, (v) => Math.round(v * 2 + rng.normal() * 2));
  const code = Int32Array.from({ length: n }, () => (rng.bernoulli(0.5) ? 1 : 0));
  const input = {
    y: yy,
    score: ss,
    cluster: Uint32Array.from({ length: n }, (_, i) => i),
    rows: Uint32Array.from({ length: n }, (_, i) => i),
  };
  const out = auditByGroup(
    input,
    { name: 'g', labels: ['a', 'b'], code },
    [{ label: 't', selected: atLeast(ss, 1) }],
    { replicates: 200, seed: 1, reference: 'a', tolerance: 0.1 },
  );
  for (const r of out.filter((m) => m.contrast === 'difference')) {
    assert.notEqual(r.state, 'exceeds_tolerance', JSON.stringify(r));
  }
});
