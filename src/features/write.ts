/**
 * Writes a feature set as one Parquet file: the record columns (ids, call time, groups), the
 * labels (NULL where the outcome window has not matured), then one DOUBLE column per catalog
 * feature, with the catalog itself (JSON) in the file's key-value metadata under `sightline.catalog`.
 * Written to a temporary sibling and renamed, so a failed run never leaves a partial file.
 */
import { rename, rm } from 'node:fs/promises';
import {
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBTimestampTZValue,
  DOUBLE,
  INTEGER,
  TIMESTAMPTZ,
  TINYINT,
  VARCHAR,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { columnToDense, tempSibling } from '../core/index.js';
import { RACE, SEX } from '../contract/index.js';
import type { FeatureSet } from './build.js';
import { LABEL_NAMES } from './labels.js';
import { AGE_BANDS, HOUSEHOLD_RACE } from './records.js';

const CHUNK = 2048;

interface OutColumn {
  readonly name: string;
  readonly type: DuckDBType;
  readonly sql: string;
  value(row: number): DuckDBValue;
}

function recordColumns(fs: FeatureSet): OutColumn[] {
  const r = fs.records;
  const col = (
    name: string,
    type: DuckDBType,
    sql: string,
    value: (i: number) => DuckDBValue,
  ): OutColumn => ({ name, type, sql, value });
  return [
    col('referral_id', VARCHAR, 'VARCHAR', (i) => r.referralId[i]!),
    col('person_id', VARCHAR, 'VARCHAR', (i) => r.personId[i]!),
    col(
      'received_at',
      TIMESTAMPTZ,
      'TIMESTAMPTZ',
      (i) => new DuckDBTimestampTZValue(BigInt(r.receivedAt[i]!) * 1000n),
    ),
    col('household', INTEGER, 'INTEGER', (i) => r.household[i]!),
    col('age', INTEGER, 'INTEGER', (i) => r.age[i]!),
    col('age_band', VARCHAR, 'VARCHAR', (i) => AGE_BANDS[r.ageBand[i]!]!),
    col('sex', VARCHAR, 'VARCHAR', (i) => SEX[r.sex[i]!]!),
    col('child_race', VARCHAR, 'VARCHAR', (i) => RACE[r.childRace[i]!]!),
    col('household_race', VARCHAR, 'VARCHAR', (i) => HOUSEHOLD_RACE[r.householdRace[i]!]!),
    col('is_alleged_victim', TINYINT, 'TINYINT', (i) => r.isAllegedVictim[i]!),
    col('household_size', INTEGER, 'INTEGER', (i) => r.householdSize[i]!),
    ...LABEL_NAMES.map((name) =>
      col(name, TINYINT, 'TINYINT', (i) =>
        fs.labels[name][i] === -1 ? null : fs.labels[name][i]!,
      ),
    ),
  ];
}

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const sqlIdent = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/** Writes `fs` to `path` as Parquet (see the module comment for the layout). */
export async function writeFeatureSet(path: string, fs: FeatureSet): Promise<void> {
  const records = recordColumns(fs);
  const nFeatures = fs.matrix.names.length;
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  const tmp = tempSibling(path);
  try {
    await conn.run("SET TimeZone = 'UTC'");
    const defs = [
      ...records.map((c) => `${sqlIdent(c.name)} ${c.sql}`),
      ...fs.matrix.names.map((n) => `${sqlIdent(n)} DOUBLE`),
    ];
    await conn.run(`CREATE TABLE features (${defs.join(', ')})`);
    const appender = await conn.createAppender('features');
    const types = [...records.map((c) => c.type), ...fs.matrix.names.map(() => DOUBLE)];
    const dense = fs.matrix.names.map((_, j) => columnToDense(fs.matrix, j));
    for (let start = 0; start < fs.records.n; start += CHUNK) {
      const n = Math.min(CHUNK, fs.records.n - start);
      const chunk = DuckDBDataChunk.create(types, n);
      records.forEach((c, j) =>
        chunk.setColumnValues(
          j,
          Array.from({ length: n }, (_, k) => c.value(start + k)),
        ),
      );
      for (let j = 0; j < nFeatures; j++) {
        chunk.setColumnValues(records.length + j, Array.from(dense[j]!.subarray(start, start + n)));
      }
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
    appender.closeSync();
    const catalog = JSON.stringify(fs.catalog);
    await conn.run(
      `COPY features TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd, KV_METADATA {'sightline.catalog': ${sqlString(catalog)}})`,
    );
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
