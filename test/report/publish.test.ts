import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/index.js';
import {
  publishReport,
  recoverableCells,
  suppressTable,
  withMargins,
} from '../../src/report/index.js';

/** The suppressed cells of a result as "row,col=value" strings, row-major. */
function hidden(r: ReturnType<typeof suppressTable>): string[] {
  const out: string[] = [];
  r.suppressed.forEach((row, i) =>
    row.forEach((on, j) => on && out.push(`${i},${j}=${r.grid[i]![j]}`)),
  );
  return out;
}

test('a 3×3 table with one small cell: partners in its row and its column close a rectangle', () => {
  // Row totals 68, 70, 103; column totals 120, 66, 55; grand total 241.
  const r = suppressTable(
    [
      [40, 3, 25],
      [30, 22, 18],
      [50, 41, 12],
    ],
    10,
  );
  assert.deepEqual(r.grid[3], [120, 66, 55, 241]);
  assert.deepEqual(r.grid[0], [40, 3, 25, 68]);
  // 3 is primary; 25 is the smallest other cell of its row, 22 the smallest other of its column,
  // and 18 completes the rectangle (row 1 and column 2 each held one suppression).
  assert.deepEqual(hidden(r), ['0,1=3', '0,2=25', '1,1=22', '1,2=18']);
  assert.equal(r.complementary, 3);
  assert.deepEqual(recoverableCells(r.grid, r.suppressed), []);
  // With the primary suppression alone, 3 = 68 − 40 − 25.
  assert.deepEqual(recoverableCells(r.grid, r.primary), [[0, 1]]);
});

test('a one-row table: the small count and the next smallest are hidden, with their column copies', () => {
  const r = suppressTable([[5, 30, 12]], 10);
  assert.deepEqual(hidden(r), ['0,0=5', '0,2=12', '1,0=5', '1,2=12']);
  assert.deepEqual(recoverableCells(r.grid, r.suppressed), []);
});

test('a small margin is suppressed with its cells, and partners keep it hidden', () => {
  // Row 1 totals 7: both of its cells and its total are below 10.
  const r = suppressTable(
    [
      [20, 30],
      [3, 4],
      [25, 40],
    ],
    10,
  );
  assert.ok(r.suppressed[1]!.every(Boolean));
  assert.deepEqual(recoverableCells(r.grid, r.suppressed), []);
});

test('the recoverability check finds a bridge that line counts alone miss', () => {
  const grid = withMargins([
    [20, 21, 22, 23],
    [24, 25, 26, 27],
    [28, 29, 30, 31],
    [32, 33, 34, 35],
  ]);
  const s = grid.map((row) => row.map(() => false));
  for (const [i, j] of [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [2, 2],
    [2, 3],
    [3, 2],
    [3, 3],
    [1, 2],
  ] as const)
    s[i]![j] = true;
  // Every line holds two or more suppressions, yet (1,2) is on no cycle: it is pinned down.
  assert.deepEqual(recoverableCells(grid, s), [[1, 2]]);
});

test('no suppressed cell of 300 random tables can be recovered by subtraction', () => {
  const rng = createRng(9);
  for (let t = 0; t < 300; t++) {
    const R = 1 + Math.floor(rng.next() * 5);
    const C = 1 + Math.floor(rng.next() * 5);
    const cells = Array.from({ length: R }, () =>
      Array.from({ length: C }, () => Math.floor(rng.next() * (rng.next() < 0.3 ? 12 : 80))),
    );
    const r = suppressTable(cells, 10);
    const C1 = r.grid[0]!.length - 1;
    const R1 = r.grid.length - 1;
    r.grid.forEach((row, i) =>
      row.forEach((v, j) => {
        // A zero in a line that holds nobody discloses nothing and is published.
        const empty = row[C1] === 0 || r.grid[R1]![j] === 0;
        if (v < 10 && !empty) assert.ok(r.suppressed[i]![j], `${i},${j}`);
        if (empty) assert.ok(!r.primary[i]![j], `${i},${j} is in an empty line`);
      }),
    );
    assert.deepEqual(recoverableCells(r.grid, r.suppressed), [], JSON.stringify(cells));
  }
});

test('suppressTable refuses fractional counts and a bad threshold', () => {
  assert.throws(() => suppressTable([[1.5, 2]], 10), { code: 'E_PUBLISH_TABLE' });
  assert.throws(() => suppressTable([[1, 2]], 0), { code: 'E_PUBLISH_TABLE' });
});

const provenance = { commit: null, dirty: null, file: 'report.json', sha256: 'f'.repeat(64) };

test('an audit report: group counts with complementary suppression, derived rates hidden', () => {
  const m = (metric: string, group: string, value: number, n: number, extra = {}) => ({
    metric,
    grouping: 'race',
    group,
    value,
    lo: value - 0.05,
    hi: value + 0.05,
    n,
    state: 'ok',
    ...extra,
  });
  const report = {
    report: 'sightline-audit/1',
    source: { kind: 'scores', sha256: 'c'.repeat(64) },
    population: { rows: 365, positives: 66 },
    options: {},
    groupings: [
      {
        name: 'race',
        reference: 'black',
        groups: [
          { label: 'black', rows: 219, positives: 61 },
          { label: 'white', rows: 140, positives: 5 },
          { label: 'asian', rows: 6, positives: 0 },
        ],
      },
    ],
    metrics: [
      m('base_rate', 'black', 61 / 219, 219),
      m('base_rate', 'white', 5 / 140, 140),
      { ...m('base_rate', 'asian', 0, 6), value: null, lo: null, hi: null, state: 'suppressed' },
      m('base_rate', 'white', 5 / 140 - 61 / 219, 140, { versus: 'black', contrast: 'difference' }),
      m('auc', 'black', 0.71, 219),
      m('tpr', 'black', 55 / 61, 61, { threshold: 'score>=16' }),
      m('calibration', 'black', 0.6, 50, { score: 20 }),
      m('calibration', 'white', 0.1, 40, { score: 20 }),
      m('calibration', 'other', 0.5, 30, { score: 20 }),
      m('calibration', 'all', 49 / 120, 120, { score: 20 }),
    ],
    curves: [
      { grouping: 'race', group: 'black', points: [] },
      { grouping: 'race', group: 'white', points: [] },
    ],
  };
  const pub = publishReport(report, { minCell: 10, provenance });
  const groups = (pub.content.groupings as { groups: Record<string, unknown>[] }[])[0]!.groups;
  // Cells [61,158 | 5,135 | 0,6] with totals 219, 140, 6 and 66, 299, 365: 5, 0, 6 and the total
  // 6 are small; 135 (the row partner of 5) and 140 (the only partner of the total 6 in its
  // column) follow. That alone would leave white's and asian's positives summing to 66 − 61 = 5,
  // each pinned to [0, 5]; so black's 61 and 158 are hidden too, widening them to [0, 66].
  assert.deepEqual(groups, [
    { label: 'black', rows: 219, positives: null },
    { label: 'white', rows: null, positives: null },
    { label: 'asian', rows: null, positives: null },
  ]);
  assert.deepEqual(pub.suppression, {
    tables: 4,
    primary: 4,
    complementary: 4,
    derived: 6,
    widened: 1,
    narrow: 0,
    // rows whose n printed a count the counts table hides
    linked: 2,
  });
  const metrics = pub.content.metrics as { value: number | null; metric: string; group: string }[];
  assert.equal(metrics[0]!.value, null, "black's positives are hidden to widen the others' range");
  assert.equal(metrics[1]!.value, null, 'a rate of 5 in 140 is hidden');
  assert.equal(metrics[3]!.value, null, 'its contrast would give it back');
  assert.equal(metrics[4]!.value, 0.71);
  assert.equal(metrics[5]!.value, null, '6 false negatives of 61 is a small count');
  // Observed rate at score 20: black 30/50, white 4/40, other 15/30, all 49/120. Hiding white's
  // 4 alone would leave it as 49 − 30 − 15: other's rate goes too, black's and the total stay.
  const cal = pub.content.metrics as {
    metric: string;
    group: string;
    value: number | null;
    n: number | null;
  }[];
  const at20 = cal.filter((x) => x.metric === 'calibration').map((x) => [x.group, x.value, x.n]);
  assert.deepEqual(at20, [
    ['black', 0.6, 50],
    ['white', null, 40],
    ['other', null, 30],
    ['all', 49 / 120, 120],
  ]);
  assert.deepEqual(
    (pub.content.curves as { group: string }[]).map((c) => c.group),
    [],
    'a curve would give back the hidden positives',
  );
  assert.equal(pub.provenance.dataHash, `sha256:${'c'.repeat(64)}`);
  assert.equal(pub.provenance.sha256, 'f'.repeat(64));
});

test('a process report: the four-way table hides a whole cycle, ids are dropped or pseudonymised', () => {
  const cells = (g: string, c: number[]) => ({
    group: g,
    n: c[0]! + c[1]! + c[2]! + c[3]!,
    toolInPeopleIn: c[0],
    toolInPeopleOut: c[1],
    toolOutPeopleIn: c[2],
    toolOutPeopleOut: c[3],
  });
  const report = {
    report: 'sightline-process/1',
    source: { extract: { dataHash: 'sha256:dd' } },
    fourWay: {
      rows: [
        cells('black', [146, 71, 38, 117]),
        cells('non_black', [27, 4, 58, 187]),
        cells('all', [173, 75, 96, 304]),
      ],
    },
    glitch: { referralIds: ['R1', 'R2'] },
    overrides: {
      bySupervisor: [
        { supervisor: 'V005', k: 30, n: 60, rate: 0.5, lo: 0.4, hi: 0.6 },
        { supervisor: 'V009', k: 12, n: 40, rate: 0.3, lo: 0.2, hi: 0.4 },
      ],
    },
    selectiveLabels: { contraction: { lenient: { screeners: ['S1'] } } },
  };
  const pub = publishReport(report, { minCell: 10, provenance });
  const rows = (pub.content.fourWay as { rows: Record<string, unknown>[] }).rows;
  // 4 is small; with two groups and the "all" row published, hiding it forces a cycle through
  // both groups' 2 × 2 tables: every inner cell is hidden, the totals and the "all" row are not.
  for (const r of rows.slice(0, 2)) {
    for (const k of ['toolInPeopleIn', 'toolInPeopleOut', 'toolOutPeopleIn', 'toolOutPeopleOut'])
      assert.equal(r[k], null, `${String(r.group)} ${k}`);
  }
  assert.equal(rows[2]!.toolInPeopleOut, 75);
  assert.equal(rows[1]!.n, 276);
  // Shifting black's table by +1 on its diagonal and non_black's by −1 keeps every published sum.
  const alt = [147, 70, 37, 118, 26, 5, 59, 186];
  const keys = ['toolInPeopleIn', 'toolInPeopleOut', 'toolOutPeopleIn', 'toolOutPeopleOut'];
  keys.forEach((k, c) => assert.equal(alt[c]! + alt[4 + c]!, rows[2]![k]));
  assert.equal(
    alt.slice(0, 4).reduce((x, v) => x + v, 0),
    rows[0]!.n,
  );
  assert.equal(
    alt.slice(4).reduce((x, v) => x + v, 0),
    rows[1]!.n,
  );
  assert.deepEqual(pub.dropped, [
    'glitch.referralIds',
    'selectiveLabels.contraction.lenient.screeners',
  ]);
  const sup = (pub.content.overrides as { bySupervisor: { supervisor: string }[] }).bySupervisor;
  assert.deepEqual(
    sup.map((s) => s.supervisor),
    ['supervisor 1', 'supervisor 2'],
  );
  assert.ok(!JSON.stringify(pub).includes('V005'));
  assert.ok(!JSON.stringify(pub).includes('R1'));
});

test('an unknown identifier-like field stops publication; an unknown report kind too', () => {
  const report = { report: 'sightline-process/1', source: {}, extra: [{ personId: 'P1' }] };
  assert.throws(() => publishReport(report, { minCell: 10, provenance }), {
    code: 'E_PUBLISH_IDENTIFIER',
    message: /extra\[\]\.personId/,
  });
  assert.throws(
    () => publishReport({ report: 'sightline-replay/1' }, { minCell: 10, provenance }),
    {
      code: 'E_PUBLISH_REPORT',
    },
  );
});

test('monitoring series: a small period count and its partner are hidden with their values', () => {
  const s = (group: string, n: number[]) => ({
    kind: 'volume',
    measure: 'm',
    quantity: 'q',
    group,
    n,
    values: n.map((x) => x / 100),
  });
  const report = {
    report: 'sightline-monitor/1',
    source: {},
    series: [s('black', [40, 6]), s('white', [50, 30]), s('other', [20, 25])],
  };
  const pub = publishReport(report, { minCell: 10, provenance });
  const series = pub.content.series as { n: (number | null)[]; values: (number | null)[] }[];
  assert.deepEqual(
    series.map((x) => x.n),
    [
      [40, null],
      [50, 30],
      [20, null],
    ],
  );
  assert.equal(series[2]!.values[1], null);
});
