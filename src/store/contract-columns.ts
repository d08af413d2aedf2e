/**
 * How the contract's columnar tables map onto the store's rows, written once from TABLE_SPECS:
 * enums are stored as their text, booleans as 0/1, dates as day numbers in `NAME_day` (for
 * `NAME_date`), instants as epoch milliseconds in `NAME_ms` (for `NAME_at`), missing as NULL.
 */
import {
  TABLE_SPECS,
  allocTable,
  type ColumnSpec,
  type Table,
  type TableName,
} from '../contract/index.js';
import type { BulkColumn, BulkType, SqlValue } from './sql.js';

/** The store column of a contract column (`received_at` → `received_ms`, `birth_date` → `birth_day`). */
export function storeColumnName(c: ColumnSpec): string {
  if (c.type === 'datetime') return c.name.replace(/_at$/, '_ms');
  if (c.type === 'date') return c.name.replace(/_date$/, '_day');
  return c.name;
}

const specsOf = (name: TableName) => TABLE_SPECS[name].columns as readonly ColumnSpec[];

/** The store column names of a contract table, in contract order. */
export function storeColumns(name: TableName): string[] {
  return specsOf(name).map(storeColumnName);
}

function bulkType(c: ColumnSpec): BulkType {
  if (c.type === 'string' || c.type === 'enum') return 'text';
  return c.type === 'datetime' ? 'bigint' : 'int';
}

/** The value of row `i` of column `c` of a columnar table, as stored. */
function cellOf(c: ColumnSpec, col: unknown, i: number): SqlValue {
  if (c.type === 'string') return (col as (string | null)[])[i] ?? null;
  const v = (col as ArrayLike<number>)[i]!;
  if (c.type === 'enum') return v < 0 ? null : c.values![v]!;
  if (c.type === 'bool') return v < 0 ? null : v;
  return Number.isNaN(v) ? null : v;
}

/** A contract table's rows `rows` (default all) as bulk-insert columns. */
export function tableColumns<N extends TableName>(
  name: N,
  table: Table<N>,
  rows?: Uint32Array,
): BulkColumn[] {
  const n = rows?.length ?? table.n;
  return specsOf(name).map((c) => {
    const col = (table as unknown as Record<string, unknown>)[c.name];
    const values = new Array<SqlValue>(n);
    for (let k = 0; k < n; k++) values[k] = cellOf(c, col, rows === undefined ? k : rows[k]!);
    return { name: storeColumnName(c), type: bulkType(c), values };
  });
}

/**
 * Builds a columnar contract table from store columns (arrays keyed by store column names),
 * taking their rows in `rows` order.
 */
export function tableFromColumns<N extends TableName>(
  name: N,
  columns: Readonly<Record<string, readonly unknown[]>>,
  rows: readonly number[],
): Table<N> {
  const table = allocTable(name, rows.length);
  const cols = table as unknown as Record<string, unknown>;
  for (const c of specsOf(name)) {
    const from = columns[storeColumnName(c)]!;
    const col = cols[c.name];
    for (let i = 0; i < rows.length; i++) {
      const v = from[rows[i]!];
      if (v === null || v === undefined) continue;
      if (c.type === 'string') (col as (string | null)[])[i] = String(v);
      else if (c.type === 'enum') (col as Int8Array)[i] = c.values!.indexOf(String(v));
      else (col as Float64Array | Int8Array)[i] = Number(v);
    }
  }
  return table;
}
