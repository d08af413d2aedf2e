/**
 * Reads a scored table from anywhere (CSV or Parquet, through DuckDB) for `sightline audit
 * --scores`: the score, the 0/1 label, one or more grouping columns (`A*B` crosses two), an
 * optional cluster column and an optional probability column. Cells are checked one by one; the
 * first bad cell stops the read with an error naming the file, row (counted from 1, header not
 * counted), column, value and the fix. Rows without a label, a score or a probability are counted
 * and left out, never dropped silently; a missing group value is its own group, `(missing)`.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { SightlineError, sha256 } from '../core/index.js';
import type { Grouping } from './group-core.js';
import type { Exclusion } from './audit-report.js';

/** The columns to read. */
export interface ScoredColumns {
  readonly score: string;
  readonly label: string;
  /** Grouping columns; `A*B` is the intersection of columns A and B. */
  readonly groups: readonly string[];
  readonly cluster?: string | undefined;
  readonly probability?: string | undefined;
}

/** A scored table, ready for the audit. */
export interface ScoredTable {
  readonly file: string;
  readonly format: 'csv' | 'parquet';
  readonly sha256: string;
  readonly rowsRead: number;
  readonly y: Uint8Array;
  readonly score: Float64Array;
  readonly probability?: Float64Array;
  readonly cluster: Uint32Array;
  readonly groupings: Grouping[];
  /** Rows with a label, a score (and a probability when asked for). */
  readonly rows: Uint32Array;
  readonly exclusions: Exclusion[];
}

const MAX_GROUPS = 50;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

function inputError(message: string, details: Record<string, unknown> = {}): SightlineError {
  return new SightlineError('E_AUDIT_INPUT', message, details);
}

/** Parses a number cell; null when empty; throws naming the cell otherwise. */
function numberCell(text: string | null, where: () => string, fix: string): number | null {
  if (text === null || text.trim() === '') return null;
  const t = text.trim();
  if (!NUMBER.test(t)) throw inputError(`${where()}: "${text}" is not a number. Fix: ${fix}`);
  return Number(t);
}

/** Opens `file` and checks that the columns exist; returns the DuckDB source expression. */
async function openSource(file: string, columns: readonly string[]) {
  const ext = extname(file).toLowerCase();
  const format = ext === '.parquet' ? 'parquet' : ext === '.csv' || ext === '.txt' ? 'csv' : null;
  if (format === null) {
    throw inputError(
      `${file}: unknown file type "${ext}". Fix: give a .csv or .parquet file (the type is taken from the name).`,
    );
  }
  try {
    await stat(file);
  } catch {
    throw inputError(`${file} not found. Fix: give the path of the scored table.`);
  }
  const source =
    format === 'csv'
      ? `read_csv(${sqlString(file)}, header = true, all_varchar = true)`
      : `read_parquet(${sqlString(file)})`;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const close = () => {
    conn.closeSync();
    instance.closeSync();
  };
  let names: string[];
  try {
    const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    names = r.getRows().map((row) => String(row[0]));
  } catch (e) {
    close();
    throw inputError(
      `cannot read ${file} as ${format === 'csv' ? 'CSV' : 'Parquet'}: ${(e as Error).message.split('\n')[0]}. Fix: check that the file is a ${format === 'csv' ? 'comma-separated table with a header row' : 'Parquet file'}.`,
    );
  }
  for (const c of columns) {
    if (!names.includes(c)) {
      close();
      throw inputError(
        `${file} has no column "${c}". Its columns: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}. Fix: name one of them.`,
        { file, column: c },
      );
    }
  }
  return { format: format as 'csv' | 'parquet', source, conn, close };
}

/**
 * Reads and checks a scored table.
 * @throws SightlineError E_AUDIT_INPUT naming the file, row, column, value and fix.
 */
export async function readScoredTable(file: string, c: ScoredColumns): Promise<ScoredTable> {
  const groupCols = c.groups.map((g) => g.split('*').map((s) => s.trim()));
  const wanted = [
    ...new Set([c.score, c.label, ...groupCols.flat(), c.cluster, c.probability]),
  ].filter((x): x is string => x !== undefined);
  const db = await openSource(file, wanted);
  const text: (string | null)[][] = wanted.map(() => []);
  try {
    const select = wanted.map((w) => `CAST(${ident(w)} AS VARCHAR)`).join(', ');
    const result = await db.conn.stream(`SELECT ${select} FROM ${db.source}`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const cols = chunk.getColumns() as (string | null)[][];
      cols.forEach((col, k) => {
        const out = text[k]!;
        for (const v of col) out.push(v);
      });
    }
  } catch (e) {
    throw inputError(
      `cannot read ${file}: ${(e as Error).message.split('\n')[0]}. Fix: check the file's format and encoding (UTF-8).`,
    );
  } finally {
    db.close();
  }
  const col = (name: string) => text[wanted.indexOf(name)]!;
  const n = col(c.score).length;
  const table = parseColumns(file, c, n, col, groupCols);
  return {
    file,
    format: db.format,
    sha256: sha256(await readFile(file)),
    rowsRead: n,
    ...table,
  };
}

function parseColumns(
  file: string,
  c: ScoredColumns,
  n: number,
  col: (name: string) => (string | null)[],
  groupCols: string[][],
) {
  const at = (row: number, name: string) => () => `${file} row ${row + 1}, column "${name}"`;
  const y = new Uint8Array(n).fill(2);
  const score = new Float64Array(n).fill(NaN);
  const probability = c.probability ? new Float64Array(n).fill(NaN) : undefined;
  const labels = col(c.label);
  const scores = col(c.score);
  const probs = c.probability ? col(c.probability) : null;
  for (let i = 0; i < n; i++) {
    const s = numberCell(
      scores[i]!,
      at(i, c.score),
      'scores must be numbers; leave the cell empty for a record that was not scored (it is counted and left out).',
    );
    if (s !== null) score[i] = s;
    const raw = labels[i]!;
    const t = raw === null ? '' : raw.trim().toLowerCase();
    if (t === '') continue;
    const v = t === 'true' ? 1 : t === 'false' ? 0 : NUMBER.test(t) ? Number(t) : NaN;
    if (v !== 0 && v !== 1) {
      throw inputError(
        `${at(i, c.label)()}: "${raw}" is not 0 or 1. Fix: the label must be 0 (no outcome) or 1 (outcome), or empty when the outcome is unknown (such rows are counted and left out).`,
        { file, row: i + 1, column: c.label, value: raw },
      );
    }
    y[i] = v;
    if (probs !== null) {
      const p = numberCell(
        probs[i]!,
        at(i, c.probability!),
        'probabilities must be numbers between 0 and 1.',
      );
      if (p !== null && !(p >= 0 && p <= 1)) {
        throw inputError(
          `${at(i, c.probability!)()}: ${probs[i]} is not between 0 and 1. Fix: give predicted probabilities, or leave out --probability.`,
        );
      }
      if (p !== null) probability![i] = p;
    }
  }
  const cluster = clusterIds(file, c.cluster ? col(c.cluster) : null, n);
  const groupings = groupCols.map((cols, k) => groupingOf(file, c.groups[k]!, cols.map(col), n));
  const missing = { label: 0, score: 0, probability: 0 };
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (y[i] === 2) missing.label++;
    else if (Number.isNaN(score[i]!)) missing.score++;
    else if (probability && Number.isNaN(probability[i]!)) missing.probability++;
    else rows.push(i);
  }
  const exclusions: Exclusion[] = [
    { reason: `no label (empty "${c.label}")`, rows: missing.label },
    { reason: `no score (empty "${c.score}")`, rows: missing.score },
  ];
  if (c.probability) {
    exclusions.push({
      reason: `no probability (empty "${c.probability}")`,
      rows: missing.probability,
    });
  }
  if (rows.length === 0) {
    throw inputError(
      `${file}: none of its ${n} rows has both a label and a score. Fix: check --label and --score.`,
    );
  }
  return {
    y,
    score,
    ...(probability ? { probability } : {}),
    cluster,
    groupings,
    rows: Uint32Array.from(rows),
    exclusions,
  };
}

/** Dense cluster codes in order of first appearance; each row its own cluster without a column. */
function clusterIds(file: string, values: (string | null)[] | null, n: number): Uint32Array {
  const out = new Uint32Array(n);
  if (values === null) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  }
  const ids = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || v.trim() === '') {
      throw inputError(
        `${file} row ${i + 1}: the cluster column is empty. Fix: give every row its referral (household) id, or leave out --cluster to resample rows one by one.`,
        { file, row: i + 1 },
      );
    }
    let id = ids.get(v);
    if (id === undefined) ids.set(v, (id = ids.size));
    out[i] = id;
  }
  return out;
}

/** A grouping from one column (or the cross of several): labels sorted, `(missing)` last. */
function groupingOf(file: string, name: string, cols: (string | null)[][], n: number): Grouping {
  const keyOf = (i: number) =>
    cols
      .map((c) => {
        const v = c[i];
        return v === null || v === undefined || v.trim() === '' ? '(missing)' : v.trim();
      })
      .join(' × ');
  const keys = new Array<string>(n);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    keys[i] = keyOf(i);
    seen.add(keys[i]!);
    if (seen.size > MAX_GROUPS) {
      throw inputError(
        `${file}: --group ${name} has more than ${MAX_GROUPS} distinct values. Fix: group on a column with few categories (race, sex, age band), or recode it.`,
        { file, column: name },
      );
    }
  }
  const labels = [...seen].sort(
    (a, b) =>
      (a.includes('(missing)') ? 1 : 0) - (b.includes('(missing)') ? 1 : 0) ||
      (a < b ? -1 : a > b ? 1 : 0),
  );
  const index = new Map(labels.map((l, k) => [l, k]));
  return { name, labels, code: Int32Array.from(keys, (k) => index.get(k)!) };
}
