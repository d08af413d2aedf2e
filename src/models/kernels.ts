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
    // Four accumulators: the sum is latency-bound (about 1.4× faster in V8).
    const n = d.length;
    let i = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (; i + 3 < n; i += 4) {
      s += a[i]! * d[i]!;
      t1 += a[i + 1]! * d[i + 1]!;
      t2 += a[i + 2]! * d[i + 2]!;
      t3 += a[i + 3]! * d[i + 3]!;
    }
    for (; i < n; i++) s += a[i]! * d[i]!;
    return s + t1 + (t2 + t3);
  }
  const idx = c.idx;
  const end = c.ptr[j + 1]!;
  let k = c.ptr[j]!;
  // Four accumulators: the sum is latency-bound, and the gathers are independent.
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  if (c.kind[j] === BINARY) {
    for (; k + 3 < end; k += 4) {
      s += a[idx[k]!]!;
      s1 += a[idx[k + 1]!]!;
      s2 += a[idx[k + 2]!]!;
      s3 += a[idx[k + 3]!]!;
    }
    for (; k < end; k++) s += a[idx[k]!]!;
  } else {
    const val = c.val;
    for (; k + 3 < end; k += 4) {
      s += a[idx[k]!]! * val[k]!;
      s1 += a[idx[k + 1]!]! * val[k + 1]!;
      s2 += a[idx[k + 2]!]! * val[k + 2]!;
      s3 += a[idx[k + 3]!]! * val[k + 3]!;
    }
    for (; k < end; k++) s += a[idx[k]!]! * val[k]!;
  }
  return s + s1 + (s2 + s3);
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
    const n = d.length;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      r[i] = r[i]! - scale * v[i]! * d[i]!;
      r[i + 1] = r[i + 1]! - scale * v[i + 1]! * d[i + 1]!;
      r[i + 2] = r[i + 2]! - scale * v[i + 2]! * d[i + 2]!;
      r[i + 3] = r[i + 3]! - scale * v[i + 3]! * d[i + 3]!;
    }
    for (; i < n; i++) r[i] = r[i]! - scale * v[i]! * d[i]!;
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

/**
 * η = intercept + Σ_j beta[j]·x_ij at positions 0..n−1 of the columns, skipping zero
 * coefficients. Summation runs over columns in order, so equal inputs give equal bits.
 */
export function linearPredictor(
  c: RowColumns,
  intercept: number,
  beta: ArrayLike<number>,
  eta: Float64Array,
): void {
  eta.fill(intercept);
  for (let j = 0; j < c.p; j++) if (beta[j] !== 0) addScaled(c, j, beta[j]!, eta);
}
