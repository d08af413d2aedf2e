/**
 * Contract table → NAME.parquet through DuckDB, with typed columns: string and enum → VARCHAR,
 * bool → BOOLEAN, int → INTEGER, date → DATE, datetime → TIMESTAMP WITH TIME ZONE (UTC). The
 * table is first written as contract CSV (the same formatter as NAME.csv), then converted by
 * DuckDB with an explicit schema and no type sniffing, on one thread so the bytes are stable.
 */
import { open, rm } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnSpec, ColumnType, Table, TableName } from './schema.js';
import { columnSpecs, tableCsvChunks } from './csv-format.js';

const SQL_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  enum: 'VARCHAR',
  bool: 'BOOLEAN',
  int: 'INTEGER',
  date: 'DATE',
  datetime: 'TIMESTAMP WITH TIME ZONE',
};

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Writes the CSV text of a table to `path` chunk by chunk. */
export async function writeTableCsv<N extends TableName>(
  path: string,
  name: N,
  table: Table<N>,
): Promise<void> {
  const fh = await open(path, 'w');
  try {
    for (const chunk of tableCsvChunks(name, table)) await fh.write(chunk);
  } finally {
    await fh.close();
  }
}

function readCsvSql(csvPath: string, specs: readonly ColumnSpec[]): string {
  const columns = specs.map((c) => `${sqlString(c.name)}: ${sqlString(SQL_TYPE[c.type])}`);
  return [
    `SELECT * FROM read_csv(${sqlString(csvPath)}, header = true, auto_detect = false,`,
    `delim = ',', quote = '"', escape = '"', new_line = '\\n', strict_mode = true,`,
    `max_line_size = 1073741824, columns = {${columns.join(', ')}})`,
  ].join(' ');
}

/**
 * Writes tables as Parquet files: `jobs` lists [table name, table, output path, scratch CSV
 * path]. The scratch CSV files are removed afterwards.
 */
export async function writeParquetTables(
  jobs: readonly { name: TableName; table: Table<TableName>; out: string; scratch: string }[],
): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    for (const job of jobs) {
      await writeTableCsv(job.scratch, job.name, job.table);
      const select = readCsvSql(job.scratch, columnSpecs(job.name));
      await conn.run(
        `COPY (${select}) TO ${sqlString(job.out)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      await rm(job.scratch, { force: true });
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
