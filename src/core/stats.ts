/** Small numeric helpers shared by several layers. NaN inputs are the caller's to exclude. */

/**
 * The type-7 quantile (R's default, numpy's `linear`) of ascending `sorted` at probability q:
 * h = (n − 1)q, linear interpolation between the two order statistics around h.
 * @example quantileType7(Float64Array.of(1, 2, 3, 4), 0.5) === 2.5
 */
export function quantileType7(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`invalid q: ${q} (between 0 and 1)`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
