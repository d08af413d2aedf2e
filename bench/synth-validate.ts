/**
 * Full-scale synthetic county: generation time, write time, validation (readExtract with full row
 * accounting) time and peak memory; anchor: DuckDB's own CSV reader counting the rows of the same
 * four files (parsing only, no checks), run in the same process on the same files.
 *
 *   node --import tsx bench/synth-validate.ts [--scale 1] [--format csv|parquet]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { readExtract, TABLE_NAMES, writeExtract } from '../src/contract/index.js';
import { synthesize } from '../src/synth/index.js';
import { peakRssMb, report, timed } from './measure.js';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, format: { type: 'string', default: 'csv' } },
});
const scale = Number(values.scale);
const format = values.format === 'parquet' ? 'parquet' : 'csv';
const dir = await mkdtemp(join(tmpdir(), 'bench-synth-'));
try {
  const gen = await timed(() => synthesize({ seed: 1, scale }));
  const genPeak = peakRssMb();
  const write = await timed(() => writeExtract(join(dir, 'x'), gen.value.extract, { format }));
  const read = await timed(() => readExtract(join(dir, 'x')));
  const rows = read.value.report.tables.reduce((a, t) => a + t.rowsRead, 0);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const anchor = await timed(async () => {
    let n = 0;
    for (const t of TABLE_NAMES) {
      const src =
        format === 'csv'
          ? `read_csv('${join(dir, 'x', `${t}.csv`)}', all_varchar=true)`
          : `read_parquet('${join(dir, 'x', `${t}.parquet`)}')`;
      const r = await conn.runAndReadAll(`SELECT count(*) FROM ${src}`);
      n += Number(r.getRows()[0]![0]);
    }
    return n;
  });
  conn.closeSync();
  db.closeSync();
  if (anchor.value !== rows)
    throw new Error(`DuckDB counted ${anchor.value} rows, readExtract ${rows}`);
  report('synth-validate', {
    scale,
    format,
    rows_read: rows,
    generate_s: gen.seconds,
    generate_cpu_s: gen.cpuSeconds,
    generate_peak_rss_mb: Math.round(genPeak),
    write_s: write.seconds,
    validate_s: read.seconds,
    validate_cpu_s: read.cpuSeconds,
    validate_rows_per_s: Math.round(rows / read.seconds),
    anchor_duckdb_count_s: anchor.seconds,
    validate_over_duckdb_count: read.seconds / anchor.seconds,
    peak_rss_mb: Math.round(peakRssMb()),
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}
