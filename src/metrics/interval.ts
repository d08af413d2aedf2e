/** Confidence intervals for rates. */

/**
 * Wilson score interval for k successes in n trials (default 95%, z = 1.959964).
 * n = 0 gives [NaN, NaN].
 * @example wilson(5, 10) -> { lo: 0.2366, hi: 0.7634 }
 */
export function wilson(k: number, n: number, z = 1.959963984540054): { lo: number; hi: number } {
  if (n <= 0) return { lo: NaN, hi: NaN };
  if (k < 0 || k > n) throw new RangeError(`invalid k: ${k} (between 0 and n = ${n})`);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
