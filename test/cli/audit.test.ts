/**
 * `sightline audit`: a scored table (CSV and Parquet) and a model on an extract, each giving
 * byte-identical report.json and report.html for identical input, and clear errors for bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { main } from '../../cli/main.js';
import { createRng } from '../../src/core/index.js';
import { hashExtract, writeExtract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { synthesize } from '../../src/synth/index.js';
import {
  MODEL_FILE_VERSION,
  PROTOCOL_PRESETS,
  fitQuantileScale,
  formatModelFile,
  predictModel,
  type ModelFile,
} from '../../src/scoring/index.js';
import { capture } from './capture.js';
import { logisticModel } from '../../src/models/index.js';

/** A scored table: households of 1–3 children, two races, scores 1–20, a few missing labels. */
function scoresCsv(): string {
  const rng = createRng(11);
  const lines = ['referral,race,sex,score,prob,placed'];
  for (let h = 0; h < 260; h++) {
    const race = rng.bernoulli(0.5) ? 'black' : 'white';
    const risk = rng.normal() - 1.5;
    for (let k = 0, kids = 1 + rng.int(3); k < kids; k++) {
      const z = risk + 0.4 * rng.normal();
      const p = 1 / (1 + Math.exp(-z));
      const y = rng.next() < p ? 1 : 0;
      const score = Math.min(20, Math.max(1, Math.round(10.5 + 4 * (z + 1.5))));
      const label = h % 50 === 7 && k === 0 ? '' : String(y);
      lines.push(
        [`R${h}`, race, rng.bernoulli(0.5) ? 'f' : 'm', score, p.toFixed(6), label].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const TABLE_ARGS = [
  '--score',
  'score',
  '--label',
  'placed',
  '--group',
  'race',
  '--group',
  'race*sex',
];
const FAST = ['--replicates', '60', '--seed', '4'];

test('a scored CSV: report.json holds one object per number, both files are byte-identical across runs', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'audit-'));
  try {
    const csv = join(tmp, 'scores.csv');
    await writeFile(csv, scoresCsv());
    for (const d of ['a', 'b']) {
      const io = capture();
      const args = [
        'audit',
        '--scores',
        csv,
        ...TABLE_ARGS,
        '--cluster',
        'referral',
        '--probability',
        'prob',
        ...FAST,
        '--out',
        join(tmp, d),
      ];
      assert.equal(await main(args, io), 0, io.stderr);
      assert.match(io.stdout, /audit written to .*: \d+ records, 2 grouping\(s\)/);
    }
    for (const f of ['report.json', 'report.html']) {
      const a = await readFile(join(tmp, 'a', f));
      assert.ok(a.equals(await readFile(join(tmp, 'b', f))), `${f} differs between runs`);
    }
    const report = JSON.parse(await readFile(join(tmp, 'a', 'report.json'), 'utf8'));
    assert.equal(report.report, 'sightline-audit/1');
    assert.equal(report.source.file, 'scores.csv');
    const missing = report.population.excluded.find((e: { reason: string }) =>
      e.reason.startsWith('no label'),
    );
    assert.equal(missing.rows, 6, 'rows without a label are counted, not dropped silently');
    const names = new Set(report.metrics.map((m: { metric: string }) => m.metric));
    for (const n of [
      'auc',
      'xauc',
      'fpr',
      'fnr',
      'tpr',
      'ppv',
      'selection_rate',
      'base_rate',
      'calibration',
      'brier',
    ]) {
      assert.ok(names.has(n), `metric ${n} missing`);
    }
    for (const m of report.metrics) {
      for (const k of ['metric', 'group', 'value', 'lo', 'hi', 'n'])
        assert.ok(k in m, `${k} missing in ${JSON.stringify(m)}`);
      if (m.metric === 'calibration') assert.equal(typeof m.score, 'number');
      if (m.metric === 'fpr') assert.equal(m.threshold, report.rules[0].label);
    }
    assert.deepEqual(
      report.groupings.map((g: { name: string }) => g.name),
      ['race', 'race*sex'],
    );
    assert.ok(report.curves.some((c: { group: string }) => c.group === 'black'));
    const html = await readFile(join(tmp, 'a', 'report.html'), 'utf8');
    for (const id of ['reading', 'summary', 'overall', 'g-race', 'limits'])
      assert.match(html, new RegExp(`<section id="${id}">`));
    assert.match(html, /cannot be equally calibrated/);
    assert.doesNotMatch(
      html,
      /<script src=|<link |https?:\/\/(?!www\.w3\.org)/,
      'the report loads nothing from outside',
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('Parquet gives the same numbers as CSV', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'audit-'));
  try {
    const csv = join(tmp, 'scores.csv');
    const parquet = join(tmp, 'scores.parquet');
    await writeFile(csv, scoresCsv());
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(
      `COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    conn.closeSync();
    db.closeSync();
    const metrics = async (file: string, out: string) => {
      const io = capture();
      assert.equal(
        await main(['audit', '--scores', file, ...TABLE_ARGS, ...FAST, '--out', out], io),
        0,
        io.stderr,
      );
      return JSON.parse(await readFile(join(out, 'report.json'), 'utf8')).metrics;
    };
    assert.deepEqual(await metrics(parquet, join(tmp, 'p')), await metrics(csv, join(tmp, 'c')));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('bad input is refused with the file, row, column, value and the fix', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'audit-'));
  try {
    const run = async (rows: string, extra: string[] = [], out = join(tmp, 'o')) => {
      const file = join(tmp, 't.csv');
      await writeFile(file, `referral,race,score,placed\n${rows}`);
      const io = capture();
      const code = await main(
        [
          'audit',
          '--scores',
          file,
          '--score',
          'score',
          '--label',
          'placed',
          '--group',
          'race',
          ...extra,
          '--out',
          out,
        ],
        io,
      );
      return { code, err: io.stderr, file };
    };
    let r = await run('R1,black,3,1\n', ['--cluster', 'household']);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /t\.csv has no column "household"\. Its columns: referral, race, score, placed\. Fix: name one of them\. \[E_AUDIT_INPUT\]/,
    );
    r = await run('R1,black,3,1\nR2,white,4,2\n');
    assert.match(
      r.err,
      /t\.csv row 2, column "placed": "2" is not 0 or 1\. Fix: the label must be 0 \(no outcome\) or 1 \(outcome\), or empty/,
    );
    r = await run('R1,black,high,1\n');
    assert.match(
      r.err,
      /t\.csv row 1, column "score": "high" is not a number\. Fix: scores must be numbers/,
    );
    r = await run('R1,black,3,\n');
    assert.match(r.err, /none of its 1 rows has both a label and a score/);
    await mkdir(join(tmp, 'busy'));
    await writeFile(join(tmp, 'busy', 'notes.txt'), 'mine');
    r = await run('R1,black,3,1\nR2,white,5,0\n', [], join(tmp, 'busy'));
    assert.match(r.err, /--out .*busy exists and holds other files \(notes\.txt\)/);
    assert.equal(await readFile(join(tmp, 'busy', 'notes.txt'), 'utf8'), 'mine');
    const io = capture();
    assert.equal(await main(['audit', '--out', join(tmp, 'x')], io), 2);
    assert.match(io.stderr, /needs either --scores FILE .* or DIR --model MODEL/);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('a model on an extract: held-out rows replayed, five groupings, the top-25% cut and the protocol', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'audit-'));
  try {
    const dir = join(tmp, 'county');
    const run = synthesize({ seed: 5, scale: 0.03 });
    await writeExtract(dir, run.extract);
    const fs = buildFeatures(run.extract);
    const features = [
      'referrals.referral.household.ever.count',
      'child_welfare.placement.self.ever.indicator',
      'jail.booking.parents.3y.count',
      'demographics.age',
    ];
    const file: ModelFile = {
      format: 'sightline-model',
      schemaVersion: MODEL_FILE_VERSION,
      model: logisticModel(features, -2.2, [0.25, 0.9, 0.3, -0.08], '0'.repeat(64)),
      scale: { kind: 'probability' },
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
        rowsPopulation: 1,
        rowsTrain: 1,
        rowsTest: 1,
        positivesTrain: 0,
        positivesTest: 0,
        leakage: 'hand-made for a test',
        dataHash: await hashExtract(dir),
      },
    };
    file.scale = fitQuantileScale(predictModel(file, fs.matrix), {
      population: { description: 'all records', n: fs.records.n },
    });
    await writeFile(join(tmp, 'model.json'), formatModelFile(file));
    const io = capture();
    const args = [
      'audit',
      dir,
      '--model',
      join(tmp, 'model.json'),
      '--replicates',
      '40',
      '--out',
      join(tmp, 'out'),
    ];
    assert.equal(await main(args, io), 0, io.stderr);
    const report = JSON.parse(await readFile(join(tmp, 'out', 'report.json'), 'utf8'));
    assert.deepEqual(
      report.groupings.map((g: { name: string }) => g.name),
      ['child_race', 'household_race', 'sex', 'age_band', 'household_race_x_sex'],
    );
    assert.deepEqual(
      report.rules.map((r: { label: string }) => r.label),
      ['score>=16', 'protocol=high'],
    );
    assert.match(
      report.population.description,
      /held-out \(test\) rows of the model's own grouped split/,
    );
    assert.equal(report.source.kind, 'model');
    const html = await readFile(join(tmp, 'out', 'report.html'), 'utf8');
    assert.match(html, /<section id="g-household_race">/);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
