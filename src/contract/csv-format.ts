/**
 * Columnar table → CSV text as the contract writes it: header row, comma-separated, RFC 4180
 * quoting only where a value needs it, LF line endings, one LF after every row. Cells: dates
 * `YYYY-MM-DD`, datetimes via formatDateTime, bools `true`/`false`, enums by their string value,
 * ints as decimal integers, a missing value (null, NaN, -1) as an empty cell. A string column's
 * empty string is also written as an empty cell, so it reads back as missing.
 *
 * Rows are built in chunks of strings, one formatter closure per column and no per-row objects,
 * so a million-row table formats in well under a second.
 */
import { MS_PER_DAY, formatDate, formatDateTime } from '../core/index.js';
import { TABLE_SPECS, type ColumnSpec, type Table, type TableName } from './schema.js';

/** Rows per chunk yielded by tableCsvChunks. */
export const CSV_CHUNK_ROWS = 16_384;

const NEEDS_QUOTES = /[",\r\n]/;
/** Epoch ms bounds of the years 0100–9999, the range the contract's date parsers read back. */
const MIN_MS = Date.UTC(100, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * One CSV field: the text as is, or wrapped in double quotes with inner quotes doubled when it
 * holds a comma, a quote, CR or LF.
 * @example csvField('a,b') === '"a,b"'
 */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const inRange = (ms: number): boolean => ms >= MIN_MS && ms <= MAX_MS;

type CellFormatter = (i: number) => string;

/** Column specs of a table, widened to the plain ColumnSpec shape. */
export function columnSpecs(name: TableName): readonly ColumnSpec[] {
  return TABLE_SPECS[name].columns as readonly ColumnSpec[];
}

function badCell(table: string, c: ColumnSpec, i: number, value: unknown): never {
  throw new RangeError(`${table}.${c.name} row ${i + 1} holds ${String(value)}, not a ${c.type}`);
}

function formatterFor(table: string, c: ColumnSpec, data: unknown): CellFormatter {
  switch (c.type) {
    case 'string': {
      const a = data as (string | null)[];
      return (i) => {
        const v = a[i];
        return v === null || v === undefined ? '' : csvField(v);
      };
    }
    case 'enum': {
      const a = data as Int8Array;
      const values = c.values!;
      return (i) => {
        const code = a[i]!;
        if (code === -1) return '';
        return values[code] ?? badCell(table, c, i, code);
      };
    }
    case 'bool': {
      const a = data as Int8Array;
      return (i) => {
        const v = a[i]!;
        return v === 1 ? 'true' : v === 0 ? 'false' : v === -1 ? '' : badCell(table, c, i, v);
      };
    }
    case 'int': {
      const a = data as Float64Array;
      return (i) => {
        const v = a[i]!;
        if (Number.isNaN(v)) return '';
        return Number.isSafeInteger(v) ? String(v) : badCell(table, c, i, v);
      };
    }
    case 'date': {
      const a = data as Float64Array;
      const cache = new Map<number, string>();
      return (i) => {
        const v = a[i]!;
        if (Number.isNaN(v)) return '';
        let s = cache.get(v);
        if (s === undefined) {
          if (!Number.isInteger(v) || !inRange(v * MS_PER_DAY)) badCell(table, c, i, v);
          s = formatDate(v);
          cache.set(v, s);
        }
        return s;
      };
    }
    case 'datetime': {
      const a = data as Float64Array;
      return (i) => {
        const v = a[i]!;
        if (Number.isNaN(v)) return '';
        if (!Number.isInteger(v) || !inRange(v)) badCell(table, c, i, v);
        return formatDateTime(v);
      };
    }
  }
}

/** Checks that every column of `table` exists and has `n` entries (RangeError otherwise). */
export function checkTableShape<N extends TableName>(name: N, table: Table<N>): void {
  const cols = table as unknown as Record<string, { length: number } | undefined>;
  for (const c of columnSpecs(name)) {
    const col = cols[c.name];
    if (col === undefined || col.length !== table.n) {
      throw new RangeError(
        `${name}.${c.name} has ${col === undefined ? 'no array' : `${col.length} entries`}, table n is ${table.n}`,
      );
    }
  }
}

/**
 * Yields the CSV text of a table in chunks: the header line first, then up to `chunkRows` rows
 * per chunk. Joining the chunks gives the whole file. Throws RangeError on a column whose length
 * differs from `n` or a value its type cannot hold (an enum code out of range, a fractional int).
 */
export function* tableCsvChunks<N extends TableName>(
  name: N,
  table: Table<N>,
  chunkRows: number = CSV_CHUNK_ROWS,
): Generator<string> {
  checkTableShape(name, table);
  const specs = columnSpecs(name);
  const cols = table as unknown as Record<string, unknown>;
  const fmts = specs.map((c) => formatterFor(name, c, cols[c.name]));
  const width = fmts.length;
  const first = fmts[0]!;
  yield `${specs.map((c) => c.name).join(',')}\n`;
  for (let start = 0; start < table.n; start += chunkRows) {
    const end = Math.min(table.n, start + chunkRows);
    let out = '';
    for (let i = start; i < end; i++) {
      let line = first(i);
      for (let j = 1; j < width; j++) line += ',' + fmts[j]!(i);
      out += line + '\n';
    }
    yield out;
  }
}

/** The whole CSV text of a table (see tableCsvChunks). */
export function tableToCsv<N extends TableName>(name: N, table: Table<N>): string {
  let out = '';
  for (const chunk of tableCsvChunks(name, table)) out += chunk;
  return out;
}
