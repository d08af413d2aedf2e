/**
 * A Matrix copied once into shared memory, so worker threads can read the same columns without a
 * copy each: every column's values in one SharedArrayBuffer, every sparse column's row indices in
 * another, and offsets into both. The plain object crosses `postMessage`/`workerData` as is (the
 * buffers are shared, not cloned); `matrixFromShared` rebuilds a Matrix of views over them.
 */
import type { Column, Matrix } from '../core/index.js';

/** A Matrix in shared buffers (see the file comment). */
export interface SharedMatrix {
  readonly nRows: number;
  readonly names: readonly string[];
  /** 1 for a sparse column, 0 for a dense one. */
  readonly sparse: Uint8Array;
  /** Column j's values are values[valueStart[j] .. valueStart[j + 1]). */
  readonly valueStart: Float64Array;
  /** Sparse column j's row indices are rows[rowStart[j] .. rowStart[j + 1]) (empty if dense). */
  readonly rowStart: Float64Array;
  readonly values: SharedArrayBuffer;
  readonly rows: SharedArrayBuffer;
}

/**
 * The shared buffers X's columns are already views of, when every column's values lie in one
 * SharedArrayBuffer and every sparse column's rows in one other (as the feature builder makes
 * them: src/features/column-sink.ts), described without a copy; else null.
 */
function inPlace(X: Matrix): SharedMatrix | null {
  const p = X.columns.length;
  const first = X.columns[0];
  const sparseOne = X.columns.find((c) => c.kind === 'sparse');
  const values = first?.values.buffer;
  const rows = sparseOne?.kind === 'sparse' ? sparseOne.rows.buffer : new SharedArrayBuffer(4);
  if (!(values instanceof SharedArrayBuffer) || !(rows instanceof SharedArrayBuffer)) return null;
  const sparse = new Uint8Array(p);
  const valueStart = new Float64Array(p + 1);
  const rowStart = new Float64Array(p + 1);
  // The columns must be views in column order, back to back (what matrixFromShared rebuilds).
  let nextRow = -1;
  for (let j = 0; j < p; j++) {
    const c = X.columns[j]!;
    const v0 = c.values.byteOffset / 8;
    if (c.values.buffer !== values || (j > 0 && v0 !== valueStart[j])) return null;
    valueStart[j] = v0;
    valueStart[j + 1] = v0 + c.values.length;
    rowStart[j + 1] = rowStart[j]!;
    if (c.kind === 'dense') continue;
    const r0 = c.rows.byteOffset / 4;
    if (c.rows.buffer !== rows || (nextRow >= 0 && r0 !== nextRow)) return null;
    sparse[j] = 1;
    rowStart[j] = r0;
    rowStart[j + 1] = nextRow = r0 + c.rows.length;
  }
  return { nRows: X.nRows, names: X.names, sparse, valueStart, rowStart, values, rows };
}

/**
 * X's columns in shared memory: described in place when they already are (see inPlace), else
 * copied once (one pass; X is not changed).
 */
export function shareMatrix(X: Matrix): SharedMatrix {
  const here = inPlace(X);
  if (here !== null) return here;
  const p = X.columns.length;
  const sparse = new Uint8Array(p);
  const valueStart = new Float64Array(p + 1);
  const rowStart = new Float64Array(p + 1);
  X.columns.forEach((c, j) => {
    sparse[j] = c.kind === 'sparse' ? 1 : 0;
    valueStart[j + 1] = valueStart[j]! + c.values.length;
    rowStart[j + 1] = rowStart[j]! + (c.kind === 'sparse' ? c.rows.length : 0);
  });
  const values = new SharedArrayBuffer(Math.max(8, 8 * valueStart[p]!));
  const rows = new SharedArrayBuffer(Math.max(4, 4 * rowStart[p]!));
  const v = new Float64Array(values);
  const r = new Uint32Array(rows);
  X.columns.forEach((c, j) => {
    v.set(c.values, valueStart[j]!);
    if (c.kind === 'sparse') r.set(c.rows, rowStart[j]!);
  });
  return { nRows: X.nRows, names: X.names, sparse, valueStart, rowStart, values, rows };
}

/** The Matrix whose columns are views over the shared buffers (no copy). */
export function matrixFromShared(s: SharedMatrix): Matrix {
  const v = new Float64Array(s.values);
  const r = new Uint32Array(s.rows);
  const columns = Array.from(s.sparse, (isSparse, j): Column => {
    const values = v.subarray(s.valueStart[j]!, s.valueStart[j + 1]!);
    if (isSparse === 0) return { kind: 'dense', values };
    return { kind: 'sparse', rows: r.subarray(s.rowStart[j]!, s.rowStart[j + 1]!), values };
  });
  return { nRows: s.nRows, names: s.names, columns };
}
