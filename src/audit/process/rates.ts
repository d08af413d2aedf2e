/**
 * Rates with their counts and 95% Wilson intervals, and contrasts of two rates (difference with
 * Newcombe's interval), the building blocks of every process table. A rate over 0 records is NaN
 * with a NaN interval, never 0.
 */
import { newcombeDifference, wilson } from '../../metrics/index.js';

/** k of n, the rate and its 95% Wilson interval. */
export interface RateCell {
  readonly k: number;
  readonly n: number;
  readonly rate: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * A rate cell from counts.
 * @example rateCell(5, 10) // { k: 5, n: 10, rate: 0.5, lo: 0.2366, hi: 0.7634 }
 */
export function rateCell(k: number, n: number): RateCell {
  const { lo, hi } = wilson(k, n);
  return { k, n, rate: n > 0 ? k / n : NaN, lo, hi };
}

/** A difference of two rates (first minus second) with Newcombe's 95% interval. */
export interface RateDifference {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * a.rate − b.rate with Newcombe's hybrid score interval.
 * @example rateDifference(rateCell(56, 70), rateCell(48, 80)) // 0.2 (0.0524 to 0.3339)
 */
export function rateDifference(a: RateCell, b: RateCell): RateDifference {
  const [lo, hi] = newcombeDifference(a.k, a.n, b.k, b.n);
  return { value: a.rate - b.rate, lo, hi };
}

/**
 * Counts k and n per (key, group) and per key overall: `key(i)` gives a cell index in [0, keys)
 * or −1 to skip, `hit(i)` whether row i counts in k. Group G (= groups.length) is "all".
 * Returns counts laid out [key · (G + 1) + group].
 */
export function countByKeyAndGroup(
  rows: Uint32Array,
  keys: number,
  group: Int8Array,
  groups: number,
  key: (i: number) => number,
  hit: (i: number) => boolean,
): { k: Float64Array; n: Float64Array } {
  const width = groups + 1;
  const k = new Float64Array(keys * width);
  const n = new Float64Array(keys * width);
  for (const i of rows) {
    const c = key(i);
    if (c < 0) continue;
    const g = group[i]!;
    const h = hit(i) ? 1 : 0;
    if (g >= 0 && g < groups) {
      n[c * width + g]!++;
      k[c * width + g]! += h;
    }
    n[c * width + groups]!++;
    k[c * width + groups]! += h;
  }
  return { k, n };
}

/** Group labels followed by `all`. */
export const withAll = (groups: readonly string[]): string[] => [...groups, 'all'];
