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

/**
 * Newcombe's hybrid score interval for a difference of two rates p1 − p2 (Newcombe 1998, method
 * 10), from the two Wilson intervals: it stays sensible with zero or full counts, where a
 * bootstrap interval collapses. [NaN, NaN] when a denominator is 0.
 * @example newcombeDifference(56, 70, 48, 80) // [0.0524, 0.3339]
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z = 1.959963984540054,
): [number, number] {
  if (n1 <= 0 || n2 <= 0) return [NaN, NaN];
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilson(x1, n1, z);
  const b = wilson(x2, n2, z);
  const d = p1 - p2;
  return [d - Math.hypot(p1 - a.lo, b.hi - p2), d + Math.hypot(a.hi - p1, p2 - b.lo)];
}

/**
 * MOVER-R interval for a ratio of two rates p1 / p2 (Donner & Zou 2012), from the two Wilson
 * intervals. [NaN, NaN] when p2 is 0 (the ratio is undefined) or a denominator is 0.
 * @example moverRatio(56, 70, 48, 80) // about [1.10, 1.63]
 */
export function moverRatio(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z = 1.959963984540054,
): [number, number] {
  if (n1 <= 0 || n2 <= 0 || x2 <= 0) return [NaN, NaN];
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const { lo: l1, hi: u1 } = wilson(x1, n1, z);
  const { lo: l2, hi: u2 } = wilson(x2, n2, z);
  const pp = p1 * p2;
  const lo =
    (pp - Math.sqrt(Math.max(0, pp * pp - l1 * u2 * (2 * p1 - l1) * (2 * p2 - u2)))) /
    (u2 * (2 * p2 - u2));
  const hi =
    (pp + Math.sqrt(Math.max(0, pp * pp - u1 * l2 * (2 * p1 - u1) * (2 * p2 - l2)))) /
    (l2 * (2 * p2 - l2));
  return [Math.max(0, lo), hi];
}
