/**
 * Reads one contract table from NAME.parquet through DuckDB (`read_parquet`) into a TableStage.
 * Every cell is turned into the text the CSV reader would see and goes through the same checks:
 * VARCHAR as is, DATE as `YYYY-MM-DD`, TIMESTAMP WITH TIME ZONE as `...T...Z` (UTC), BOOLEAN as
 * `true`/`false`, integers in decimal, an integral float as an integer. A TIMESTAMP without time
 * zone becomes a datetime without offset, which the contract rejects. NULL is a missing value.
 */
import { stat } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SightlineError } from '../core/index.js';
import { TABLE_SPECS, type TableName } from './schema.js';
import { planHeader } from './header.js';
import { TableStage } from './stage.js';
import { sqlString } from './parquet-write.js';

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** SQL turning a Parquet column of DuckDB type `type` into contract cell text. */
export function cellTextSql(name: string, type: string): string {
  const c = ident(name);
  if (type === 'VARCHAR') return c;
  if (type === 'TIMESTAMP WITH TIME ZONE') return `strftime(${c}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
  if (type.startsWith('TIMESTAMP')) return `strftime(${c}::TIMESTAMP, '%Y-%m-%dT%H:%M:%S.%g')`;
  if (type === 'FLOAT' || type === 'DOUBLE' || type.startsWith('DECIMAL')) {
    return `CASE WHEN ${c} = trunc(${c}) AND abs(${c}) < 9007199254740992 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
  }
  return `CAST(${c} AS VARCHAR)`;
}

/** Opens an in-memory DuckDB connection in UTC for reading Parquet; close it with the result. */
export async function openDuckDb(): Promise<{ conn: DuckDBConnection; close(): void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  return {
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

function unreadable(path: string, table: TableName, why: string): SightlineError {
  return new SightlineError(
    'E_CONTRACT_PARQUET',
    `cannot read ${path} as Parquet: ${why}. Fix: rewrite the file as Parquet, or give the table as ${table}.csv instead.`,
    { file: path, table },
  );
}

/**
 * Reads and checks `path` as the contract table `table`. Throws SightlineError
 * E_CONTRACT_EMPTY_FILE (0 bytes), E_CONTRACT_PARQUET (not readable as Parquet), or the header
 * errors of planHeader.
 */
export async function readParquetTable(
  table: TableName,
  path: string,
  maxFieldBytes: number,
  conn: DuckDBConnection,
): Promise<TableStage> {
  if ((await stat(path)).size === 0) {
    throw new SightlineError(
      'E_CONTRACT_EMPTY_FILE',
      `${path} is empty (0 bytes): a Parquet table file needs at least its schema. Fix: write the table with its columns, even when it has no rows.`,
      { file: path, table },
    );
  }
  const source = `read_parquet(${sqlString(path)})`;
  let described: [string, string][];
  try {
    const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    described = r.getRows().map((row) => [String(row[0]), String(row[1])]);
  } catch (e) {
    throw unreadable(path, table, (e as Error).message.split('\n')[0]!);
  }
  const names = described.map(([name]) => name);
  const plan = planHeader(table, path, names);
  const stage = new TableStage(table, path, 'parquet', plan, maxFieldBytes);
  const known = new Set<string>(TABLE_SPECS[table].columns.map((c) => c.name));
  const select = described
    .map(([name, type]) => (known.has(name) ? cellTextSql(name, type) : 'NULL::VARCHAR'))
    .join(', ');
  const width = names.length;
  const fields = new Array<string>(width).fill('');
  try {
    const result = await conn.stream(`SELECT ${select} FROM ${source}`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const cols = chunk.getColumns() as (string | null)[][];
      for (let r = 0; r < chunk.rowCount; r++) {
        for (let f = 0; f < width; f++) fields[f] = cols[f]![r] ?? '';
        stage.addRecord(fields, width, 0, null);
      }
    }
  } catch (e) {
    if (e instanceof SightlineError) throw e;
    throw unreadable(path, table, (e as Error).message.split('\n')[0]!);
  }
  stage.finish();
  return stage;
}
