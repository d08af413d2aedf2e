import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { atLeast } from '../../src/metrics/index.js';
import { runAudit, type AuditReport } from '../../src/audit/index.js';
import {
  auditReportHtml,
  calibrationSpec,
  formatValue,
  rocSpec,
  xaucSpec,
} from '../../src/report/index.js';

// DOMAIN.md §5 vector: B = first six rows, W = last six; each row its own cluster.
const y = Uint8Array.of(1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0);
const score = Float64Array.of(20, 17, 18, 12, 9, 12, 15, 15, 6, 3, 20, 10);
const rows = Uint32Array.from({ length: 12 }, (_, i) => i);

function domainReport(labels = ['B', 'W']): AuditReport {
  return runAudit({
    source: { kind: 'test' },
    population: 'The twelve records of DOMAIN.md §5.',
    label: 'y',
    outcome: 'y',
    score: 's',
    input: { y, score, cluster: Uint32Array.from(rows), rows },
    groupings: [{ name: 'race', labels, code: Int32Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1) }],
    rules: [{ label: 'score>=15', description: 'score 15 or more', selected: atLeast(score, 15) }],
    exclusions: [{ reason: 'no label', rows: 0 }],
    options: { replicates: 50, seed: 3, minCell: 0, minClusters: 1, reference: 'W' },
  });
}

test('report.json of the DOMAIN.md vector matches its golden snapshot (numbers rounded to 6 digits)', () => {
  const r = domainReport();
  const round = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v);
  const snapshot = {
    population: r.population,
    groupings: r.groupings,
    metrics: r.metrics.map((m) =>
      Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v)])),
    ),
  };
  const path = fileURLToPath(new URL('./snapshots/audit-domain.json', import.meta.url));
  const text = `${JSON.stringify(snapshot, null, 1)}\n`;
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(path)) writeFileSync(path, text);
  assert.deepEqual(JSON.parse(text), JSON.parse(readFileSync(path, 'utf8')));
  const find = (metric: string, group: string) =>
    r.metrics.find((m) => m.metric === metric && m.group === group && m.contrast === undefined)!;
  assert.ok(Math.abs(find('auc', 'B').value! - 0.722222) < 1e-6);
  assert.ok(Math.abs(find('auc', 'all').value! - 30 / 35) < 1e-12);
  assert.equal(find('fpr', 'W').value, 1 / 4);
});

test('values read as a non-statistician expects: rates in percent, contrasts signed', () => {
  assert.equal(formatValue('fpr', 0.2134), '21.3%');
  assert.equal(formatValue('fpr', -0.0834, 'difference'), '−8.3 pts');
  assert.equal(formatValue('auc', 0.0234, 'difference'), '+0.023');
  assert.equal(formatValue('calibration_gap', 0.42, 'ratio'), '0.42');
  assert.equal(formatValue('auc', 0.71234), '0.712');
  assert.equal(formatValue('calibration_intercept', -0.5), '−0.500');
  assert.equal(formatValue('auc', null), '—');
});

test('the page has every section, chart and note, escapes group names and loads nothing', async () => {
  const html = await auditReportHtml(domainReport(['<b>B</b>', 'W']), ['Source: <test>']);
  for (const id of ['reading', 'summary', 'overall', 'g-race', 'limits']) {
    assert.match(html, new RegExp(`<section id="${id}">`));
  }
  for (const f of ['calibration', 'roc', 'xauc', 'distribution']) {
    assert.match(html, new RegExp(`<figure id="g-race-${f}"`));
  }
  assert.equal((html.match(/<svg /g) ?? []).length, 4);
  for (const phrase of [
    /cannot be equally calibrated for every group and also have equal error rates/,
    /The label is an agency action/,
    /screened-in calls only/,
    /Inconclusive is not a pass/,
    /oracle test/,
  ]) {
    assert.match(html, phrase);
  }
  assert.doesNotMatch(html, /<b>B<\/b>/);
  assert.match(html, /&lt;b&gt;B&lt;\/b&gt;/);
  assert.match(html, /Source: &lt;test&gt;/);
  assert.doesNotMatch(html, /<script src=|<link |https?:\/\/(?!www\.w3\.org)/);
});

test('chart specs come straight from the rows: suppressed cells out, operating points marked', () => {
  const r = domainReport();
  const cal = calibrationSpec(r.metrics, ['B', 'W'], 'race', 'y') as {
    data: { values: unknown[] };
  };
  const calRows = r.metrics.filter((m) => m.metric === 'calibration' && m.group !== 'all');
  assert.equal(cal.data.values.length, calRows.filter((m) => m.value !== null).length);
  const roc = rocSpec(r.curves, r.metrics, ['B', 'W'], 'race') as {
    layer: { data: { values: { group: string; fpr: number; tpr: number }[] } }[];
  };
  const points = roc.layer[2]!.data.values;
  assert.deepEqual(
    points.map((p) => [p.group, p.fpr, p.tpr]),
    [
      ['B', 1 / 3, 2 / 3],
      ['W', 1 / 4, 1],
    ],
  );
  const x = xaucSpec(r.metrics, ['B', 'W']) as {
    data: { values: { pos: string; neg: string; value: number }[] };
  };
  const cellBW = x.data.values.find((v) => v.pos === 'B' && v.neg === 'W')!;
  assert.ok(Math.abs(cellBW.value - 11 / 12) < 1e-12);
  assert.equal(x.data.values.length, 4);
});
