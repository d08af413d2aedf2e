/**
 * The fairness and validity audit (issue 5), against its goals:
 * - a full model audit of the full-scale test set (about 15,000 held-out records of a scale-1
 *   synthetic county: five groupings, two decision rules, probabilities) with 1,000
 *   cluster-bootstrap replicates: goal under 5 s;
 * - `sightline audit --scores` on a table of 1,000,000 scored rows (CSV, households of 1–3
 *   children, race × sex groupings, 1–20 scores and probabilities), end to end with 1,000
 *   replicates: goal under 30 s; also with raw probabilities as the score (every row distinct).
 *   Each is also timed phase by phase (read and check, audit, HTML, atomic write).
 * Anchor: DuckDB reading the same CSV (count of rows), in the same process.
 *
 *   node --import tsx bench/audit.ts [--scale 1] [--rows 1000000] [--replicates 1000]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { createRng } from '../src/core/index.js';
import { buildFeatures } from '../src/features/index.js';
import { synthesize } from '../src/synth/index.js';
import {
  MODEL_FILE_VERSION,
  PROTOCOL_PRESETS,
  fitQuantileScale,
  predictModel,
  scoreRecords,
  type ModelFile,
} from '../src/scoring/index.js';
import { modelAuditSpec, readScoredTable, runAudit } from '../src/audit/index.js';
import { atLeast, topShareThreshold } from '../src/metrics/index.js';
import { writeReportDir } from '../cli/commands/audit.js';
import { auditReportHtml } from '../src/report/index.js';
import { main } from '../cli/main.js';
import { peakRssMb, report, timed } from './measure.js';
import { logisticModel } from '../src/models/index.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    rows: { type: 'string', default: '1000000' },
    replicates: { type: 'string', default: '1000' },
  },
});
const scale = Number(values.scale);
const nRows = Number(values.rows);
const replicates = Number(values.replicates);

/** A fixed model on a few history features (no training: the audit is what is measured). */
function benchModel(): ModelFile {
  return {
    format: 'sightline-model',
    schemaVersion: MODEL_FILE_VERSION,
    model: logisticModel(
      [
        'referrals.referral.household.ever.count',
        'referrals.screened_in.household.ever.indicator',
        'child_welfare.placement.self.ever.indicator',
        'jail.booking.parents.3y.count',
        'demographics.age',
      ],
      -2.4,
      [0.12, 0.35, 0.9, 0.25, -0.07],
      '0'.repeat(64),
    ),
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
      leakage: 'bench model',
      dataHash: 'bench',
    },
  };
}

/** A scored table as CSV: households of 1–3 children sharing a risk, four races, two sexes. */
function scoredCsv(n: number): string {
  const rng = createRng(3);
  const races = ['black', 'white', 'multiracial', 'other'];
  const parts: string[] = ['referral,race,sex,score,prob,placed\n'];
  let lines: string[] = [];
  for (let i = 0, h = 0; i < n; h++) {
    const race = races[rng.bernoulli(0.5) ? 0 : rng.bernoulli(0.8) ? 1 : 2 + rng.int(2)]!;
    const risk = rng.normal() - 2;
    for (let k = 0, kids = 1 + rng.int(3); k < kids && i < n; k++, i++) {
      const z = risk + 0.5 * rng.normal();
      const p = 1 / (1 + Math.exp(-z));
      const s = Math.min(20, Math.max(1, Math.round(10.5 + 3.5 * (z + 2))));
      const y = rng.next() < p ? '1' : '0';
      lines.push(`H${h},${race},${rng.bernoulli(0.5) ? 'f' : 'm'},${s},${p.toPrecision(8)},${y}`);
      if (lines.length === 100_000) {
        parts.push(`${lines.join('\n')}\n`);
        lines = [];
      }
    }
  }
  parts.push(lines.length > 0 ? `${lines.join('\n')}\n` : '');
  return parts.join('');
}

const quiet = { out: () => undefined, err: () => undefined };
const dir = await mkdtemp(join(tmpdir(), 'bench-audit-'));
try {
  // 1. The model audit of a full-scale test set.
  const county = await timed(() => synthesize({ seed: 1, scale }));
  const fs = await timed(() => buildFeatures(county.value.extract));
  const file = benchModel();
  file.scale = fitQuantileScale(predictModel(file, fs.value.matrix), {
    population: { description: 'all records', n: fs.value.records.n },
  });
  const scored = scoreRecords(file, fs.value);
  const spec = modelAuditSpec(fs.value, file, scored, {
    dataHash: 'bench',
    audit: { replicates },
  });
  const audit = await timed(() => runAudit(spec));
  const html = await timed(() => auditReportHtml(audit.value, ['bench']));

  // 2. One million scored rows through the command, integer scores and raw probabilities.
  const csv = join(dir, 'scores.csv');
  await writeFile(csv, scoredCsv(nRows));
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const anchor = await timed(async () => {
    const r = await conn.runAndReadAll(
      `SELECT count(*) FROM read_csv('${csv}', all_varchar = true)`,
    );
    return Number(r.getRows()[0]![0]);
  });
  conn.closeSync();
  db.closeSync();
  // Phase by phase, as the command runs them (read, audit, HTML, atomic write).
  const phases = async (score: string, out: string) => {
    const columns = {
      score,
      label: 'placed',
      groups: ['race'],
      cluster: 'referral',
      probability: 'prob',
    };
    const read = await timed(() => readScoredTable(csv, columns));
    const t = read.value;
    const rules = [
      {
        label: 'top25',
        description: 'top 25%',
        selected: atLeast(t.score, topShareThreshold(t.score, 0.25, t.rows)),
      },
    ];
    const run = await timed(() =>
      runAudit({
        source: { kind: 'bench' },
        population: 'bench',
        label: 'placed',
        outcome: 'placed',
        score,
        input: {
          y: t.y,
          score: t.score,
          probability: t.probability!,
          cluster: t.cluster,
          rows: t.rows,
        },
        groupings: t.groupings,
        rules,
        exclusions: t.exclusions,
        options: { replicates },
      }),
    );
    const page = await timed(() => auditReportHtml(run.value, ['bench']));
    const write = await timed(() =>
      writeReportDir(join(dir, out), {
        'report.json': JSON.stringify(run.value),
        'report.html': page.value,
      }),
    );
    return { read: read.seconds, audit: run.seconds, html: page.seconds, write: write.seconds };
  };
  const tiedPhases = await phases('score', 'tied-phases');
  const distinctPhases = await phases('prob', 'distinct-phases');
  const args = (score: string, out: string) => [
    'audit',
    '--scores',
    csv,
    '--score',
    score,
    '--label',
    'placed',
    '--group',
    'race',
    '--cluster',
    'referral',
    '--probability',
    'prob',
    '--replicates',
    String(replicates),
    '--out',
    join(dir, out),
  ];
  const tied = await timed(() => main(args('score', 'tied'), quiet));
  const distinct = await timed(() => main(args('prob', 'distinct'), quiet));
  if (tied.value !== 0 || distinct.value !== 0) throw new Error('sightline audit failed');

  report('audit', {
    replicates,
    model_audit_records: audit.value.population.rows,
    model_audit_clusters: audit.value.population.clusters,
    model_audit_groupings: audit.value.groupings.length,
    model_audit_s: audit.seconds,
    model_audit_goal_s: 5,
    model_report_html_s: html.seconds,
    scores_rows: anchor.value,
    scores_tied_end_to_end_s: tied.seconds,
    scores_tied_read_s: tiedPhases.read,
    scores_tied_audit_s: tiedPhases.audit,
    scores_tied_html_s: tiedPhases.html,
    scores_tied_write_s: tiedPhases.write,
    scores_distinct_end_to_end_s: distinct.seconds,
    scores_distinct_read_s: distinctPhases.read,
    scores_distinct_audit_s: distinctPhases.audit,
    scores_distinct_html_s: distinctPhases.html,
    scores_goal_s: 30,
    anchor_duckdb_count_s: anchor.seconds,
    county_synth_s: county.seconds,
    county_features_s: fs.seconds,
    peak_rss_mb: Math.round(peakRssMb()),
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
