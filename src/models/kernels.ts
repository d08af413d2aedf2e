/**
 * Typed-array column kernels shared by the LASSO fit and prediction. Each works on one column of a
 * RowColumns and touches only its stored entries (every position of a dense column; the
 * non-zeros of a sparse one; for a binary column, no value multiply). Kernels, so longer loops
 * and no allocation.
 */
import { BINARY } from './columns.js';
import type { RowColumns } from './columns.js';

/** Σ_i a[i]·x_ij over the column's stored entries. */
export function dotCol(c: RowColumns, j: number, a: Float64Array): number {
  const d = c.dense[j];
  let s = 0;
  if (d) {
    for (let i = 0; i < d.length; i++) s += a[i]! * d[i]!;
    return s;
  }
  const idx = c.idx;
  const end = c.ptr[j + 1]!;
  if (c.kind[j] === BINARY) {
    for (let k = c.ptr[j]!; k < end; k++) s += a[idx[k]!]!;
  } else {
    const val = c.val;
    for (let k = c.ptr[j]!; k < end; k++) s += a[idx[k]!]! * val[k]!;
  }
  return s;
}

/** [Σ_i v[i]·x_ij, Σ_i v[i]·x_ij²] written to out[0], out[1]. */
export function weightedMoments(
  c: RowColumns,
  j: number,
  v: Float64Array,
  out: Float64Array,
): void {
  const d = c.dense[j];
  let s1 = 0;
  let s2 = 0;
  if (d) {
    for (let i = 0; i < d.length; i++) {
      const t = v[i]! * d[i]!;
      s1 += t;
      s2 += t * d[i]!;
    }
  } else if (c.kind[j] === BINARY) {
    const idx = c.idx;
    const end = c.ptr[j + 1]!;
    for (let k = c.ptr[j]!; k < end; k++) s1 += v[idx[k]!]!;
    s2 = s1;
  } else {
    const idx = c.idx;
    const val = c.val;
    const end = c.ptr[j + 1]!;
    for (let k = c.ptr[j]!; k < end; k++) {
      const t = v[idx[k]!]! * val[k]!;
      s1 += t;
      s2 += t * val[k]!;
    }
  }
  out[0] = s1;
  out[1] = s2;
}

/** r[i] −= scale·v[i]·x_ij over the column's stored entries. */
export function subtractWeighted(
  c: RowColumns,
  j: number,
  scale: number,
  v: Float64Array,
  r: Float64Array,
): void {
  const d = c.dense[j];
  if (d) {
    for (let i = 0; i < d.length; i++) r[i] = r[i]! - scale * v[i]! * d[i]!;
    return;
  }
  const idx = c.idx;
  const end = c.ptr[j + 1]!;
  if (c.kind[j] === BINARY) {
    for (let k = c.ptr[j]!; k < end; k++) {
      const i = idx[k]!;
      r[i] = r[i]! - scale * v[i]!;
    }
  } else {
    const val = c.val;
    for (let k = c.ptr[j]!; k < end; k++) {
      const i = idx[k]!;
      r[i] = r[i]! - scale * v[i]! * val[k]!;
    }
  }
}

/** eta[i] += coef·x_ij over the column's stored entries. */
export function addScaled(c: RowColumns, j: number, coef: number, eta: Float64Array): void {
  const d = c.dense[j];
  if (d) {
    for (let i = 0; i < d.length; i++) eta[i] = eta[i]! + coef * d[i]!;
    return;
  }
  const idx = c.idx;
  const end = c.ptr[j + 1]!;
  if (c.kind[j] === BINARY) {
    for (let k = c.ptr[j]!; k < end; k++) eta[idx[k]!] = eta[idx[k]!]! + coef;
  } else {
    const val = c.val;
    for (let k = c.ptr[j]!; k < end; k++) eta[idx[k]!] = eta[idx[k]!]! + coef * val[k]!;
  }
}
