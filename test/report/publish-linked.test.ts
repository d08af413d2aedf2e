import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishReport } from '../../src/report/index.js';
import { linkageProblems } from '../../src/report/publish-linked.js';

const provenance = { commit: null, dirty: null, file: 'audit.json', sha256: 'f'.repeat(64) };
const RULE = 'score>=16';

/** An audit report of two groups whose confusion counts at one rule are given. */
function auditOf(cells: Record<string, { P: number; N: number; TP: number; FP: number }>) {
  const rows: Record<string, unknown>[] = [];
  const rate = (metric: string, group: string, k: number, n: number) =>
    rows.push({
      metric,
      grouping: 'race',
      group,
      value: k / n,
      lo: Math.max(0, k / n - 0.05),
      hi: Math.min(1, k / n + 0.05),
      n,
      state: 'ok',
      threshold: RULE,
    });
  const all = { P: 0, N: 0, TP: 0, FP: 0 };
  const entries = [...Object.entries(cells), ['all', all] as const];
  for (const [, c] of Object.entries(cells)) {
    all.P += c.P;
    all.N += c.N;
    all.TP += c.TP;
    all.FP += c.FP;
  }
  for (const [group, c] of entries) {
    rows.push({
      metric: 'base_rate',
      grouping: 'race',
      group,
      value: c.P / (c.P + c.N),
      lo: 0,
      hi: 1,
      n: c.P + c.N,
      state: 'ok',
    });
    rate('selection_rate', group, c.TP + c.FP, c.P + c.N);
    rate('tpr', group, c.TP, c.P);
    rate('fnr', group, c.P - c.TP, c.P);
    rate('fpr', group, c.FP, c.N);
    rate('ppv', group, c.TP, c.TP + c.FP);
  }
  return {
    report: 'sightline-audit/1',
    source: { kind: 'scores', sha256: 'c'.repeat(64) },
    population: { rows: all.P + all.N, positives: all.P },
    options: {},
    rules: [{ label: RULE, description: 'score 16 or more' }],
    groupings: [
      {
        name: 'race',
        reference: 'black',
        groups: Object.entries(cells).map(([label, c]) => ({
          label,
          rows: c.P + c.N,
          positives: c.P,
        })),
      },
    ],
    metrics: rows,
    curves: [],
  };
}

test('a hidden true-positive count that a selection count minus a false-positive count gives back is caught and withheld', () => {
  // Asian: 3 true positives (small), 20 false positives; selected 23 of 100, FPR 20 of 60.
  const original = auditOf({
    black: { P: 200, N: 300, TP: 150, FP: 50 },
    asian: { P: 40, N: 60, TP: 3, FP: 20 },
  });
  // What the per-table suppression alone leaves: the TPR, FNR and PPV tables are hidden (3 is
  // small and two groups leave no smaller partner), selection and FPR are published.
  const naive = structuredClone(original);
  for (const m of naive.metrics) {
    if (['tpr', 'fnr', 'ppv'].includes(m.metric as string) && m.group !== 'all') {
      m.value = null;
      m.lo = null;
      m.hi = null;
    }
  }
  const problems = linkageProblems(original, naive, 10);
  const tp = problems.find((p) => p.group === 'asian' && p.count === 'TP');
  assert.deepEqual(tp, {
    grouping: 'race',
    rule: RULE,
    group: 'asian',
    count: 'TP',
    lo: 3,
    hi: 3,
  });

  const pub = publishReport(original, { minCell: 10, provenance });
  assert.deepEqual(linkageProblems(original, pub.content, 10), []);
  assert.ok(pub.suppression.linked > 0);
  assert.equal(pub.suppression.narrow, 0);
  const shown = (pub.content.metrics as Record<string, unknown>[]).filter(
    (m) => m.group === 'asian' && m.threshold === RULE && m.value !== null,
  );
  const kinds = new Set(shown.map((m) => m.metric));
  assert.ok(
    !(kinds.has('selection_rate') && kinds.has('fpr')),
    'selection and FPR of asian are not both left',
  );
  // Nothing pins the black group's counts, and the "all" rows stay.
  const allRows = (pub.content.metrics as Record<string, unknown>[]).filter(
    (m) => m.group === 'all',
  );
  assert.ok(allRows.every((m) => m.value !== null));
});

test('a group size hidden in the counts table is not printed again as another row’s n', () => {
  const original = auditOf({
    black: { P: 200, N: 300, TP: 150, FP: 50 },
    white: { P: 120, N: 280, TP: 60, FP: 40 },
    asian: { P: 2, N: 4, TP: 1, FP: 1 },
  });
  const pub = publishReport(original, { minCell: 10, provenance });
  const groups = (pub.content.groupings as { groups: Record<string, unknown>[] }[])[0]!.groups;
  const asian = groups.find((g) => g.label === 'asian')!;
  assert.equal(asian.rows, null);
  for (const m of pub.content.metrics as Record<string, unknown>[]) {
    if (m.group === 'asian') assert.equal(m.n, null, `${String(m.metric)} prints asian's n`);
  }
  assert.deepEqual(linkageProblems(original, pub.content, 10), []);
});

test('an empty group holds nobody: its zeros need no protection, and the other groups stay published', () => {
  const original = auditOf({
    f: { P: 200, N: 300, TP: 150, FP: 50 },
    m: { P: 120, N: 280, TP: 60, FP: 40 },
    x: { P: 0, N: 0, TP: 0, FP: 0 },
  });
  // The audit itself withholds a rate over no records.
  for (const m of original.metrics) {
    if (m.n === 0) Object.assign(m, { value: null, lo: null, hi: null, state: 'suppressed' });
  }
  const pub = publishReport(original, { minCell: 10, provenance });
  assert.deepEqual(linkageProblems(original, pub.content, 10), []);
  assert.equal(pub.suppression.linked, 0);
  const shown = (pub.content.metrics as Record<string, unknown>[]).filter(
    (m) => (m.group === 'f' || m.group === 'm') && m.value !== null,
  );
  assert.equal(shown.length, 12, 'every rate of the two real groups is published');
});
