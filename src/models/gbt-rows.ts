/**
 * The per-row steps of a boosting round, as kernels over a range so that fitGbtParallel can split
 * them between its threads (gbt-chunks.ts) with the same numbers as fitGbt: each row's gradient
 * depends on that row alone, and each row's margin gets one addition per tree (its leaf's value).
 */

/** Logistic-loss gradient and hessian of rows a..b−1 at their margins (no subsampling). */
export function rowGradients(
  margin: Float64Array,
  y: Float64Array,
  w: Float64Array,
  grad: Float64Array,
  hess: Float64Array,
  a: number,
  b: number,
): void {
  for (let i = a; i < b; i++) setGradient(i, margin, y, w, grad, hess);
}

/** Row i's g = w·(p − y) and h = w·max(p(1 − p), 1e-16), p the logistic of its margin. */
export function setGradient(
  i: number,
  margin: Float64Array,
  y: Float64Array,
  w: Float64Array,
  grad: Float64Array,
  hess: Float64Array,
): void {
  const pr = 1 / (1 + Math.exp(-margin[i]!));
  grad[i] = w[i]! * (pr - y[i]!);
  hess[i] = w[i]! * Math.max(pr * (1 - pr), 1e-16);
}

/**
 * Adds each leaf's value to the margins of its rows that lie at order positions a..b−1. Leaf s
 * holds positions leaves[3s] .. leaves[3s + 1] − 1 and the value leaves[3s + 2].
 */
export function addLeafValues(
  margin: Float64Array,
  order: Uint32Array,
  leaves: Float64Array,
  count: number,
  a: number,
  b: number,
): void {
  for (let s = 0; s < count; s++) {
    const lo = Math.max(a, leaves[3 * s]!);
    const hi = Math.min(b, leaves[3 * s + 1]!);
    const v = leaves[3 * s + 2]!;
    for (let k = lo; k < hi; k++) margin[order[k]!]! += v;
  }
}
