/**
 * The feature matrix shared by features, models and scoring: stored by column, each column either
 * dense (one value per row) or sparse (ascending row indices and their values; every other row is
 * 0). Most catalog features are mostly-zero indicators and counts, so sparse columns let kernels
 * skip the zeros. Missing values are NaN and only appear in dense columns.
 */
import { check } from './errors.js';

export type Column =
  | { readonly kind: 'dense'; readonly values: Float64Array }
  | { readonly kind: 'sparse'; readonly rows: Uint32Array; readonly values: Float64Array };

export interface Matrix {
  readonly nRows: number;
  readonly names: readonly string[];
  readonly columns: readonly Column[];
}

/** A dense column from values. */
export function denseColumn(values: Float64Array): Column {
  return { kind: 'dense', values };
}

/** A sparse column from ascending row indices and their values. */
export function sparseColumn(rows: Uint32Array, values: Float64Array): Column {
  check(
    rows.length === values.length,
    `sparse column has ${rows.length} rows and ${values.length} values`,
  );
  return { kind: 'sparse', rows, values };
}

/** Builds a matrix, checking that names and columns agree and rows are in range. */
export function makeMatrix(
  nRows: number,
  names: readonly string[],
  columns: readonly Column[],
): Matrix {
  check(
    names.length === columns.length,
    `matrix has ${names.length} names and ${columns.length} columns`,
  );
  columns.forEach((c, j) => {
    if (c.kind === 'dense') {
      check(
        c.values.length === nRows,
        `column ${names[j]} has ${c.values.length} rows, matrix has ${nRows}`,
      );
    } else {
      let ok = true;
      for (let k = 0; k < c.rows.length && ok; k++) {
        ok = c.rows[k]! < nRows && (k === 0 || c.rows[k]! > c.rows[k - 1]!);
      }
      check(ok, `column ${names[j]}: sparse row indices must ascend below ${nRows}`);
    }
  });
  return { nRows, names, columns };
}

/** The value at (row, column j); a binary search for sparse columns. */
export function matrixValue(m: Matrix, row: number, j: number): number {
  const c = m.columns[j]!;
  if (c.kind === 'dense') return c.values[row]!;
  let lo = 0;
  let hi = c.rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = c.rows[mid]!;
    if (r === row) return c.values[mid]!;
    if (r < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Column j expanded to a dense Float64Array. */
export function columnToDense(m: Matrix, j: number): Float64Array {
  const c = m.columns[j]!;
  if (c.kind === 'dense') return c.values;
  const out = new Float64Array(m.nRows);
  for (let k = 0; k < c.rows.length; k++) out[c.rows[k]!] = c.values[k]!;
  return out;
}

/** The sub-matrix of the given rows (in the given order), keeping each column's storage kind. */
export function selectRows(m: Matrix, rows: Uint32Array): Matrix {
  const position = new Int32Array(m.nRows).fill(-1);
  for (let i = 0; i < rows.length; i++) position[rows[i]!] = i;
  const columns = m.columns.map((c): Column => {
    if (c.kind === 'dense') {
      const v = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) v[i] = c.values[rows[i]!]!;
      return denseColumn(v);
    }
    const pairs: [number, number][] = [];
    for (let k = 0; k < c.rows.length; k++) {
      const p = position[c.rows[k]!]!;
      if (p >= 0) pairs.push([p, c.values[k]!]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    return sparseColumn(
      Uint32Array.from(pairs, (p) => p[0]),
      Float64Array.from(pairs, (p) => p[1]),
    );
  });
  return { nRows: rows.length, names: m.names, columns };
}
