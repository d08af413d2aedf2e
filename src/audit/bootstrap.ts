/**
 * The cluster bootstrap: each replicate draws as many clusters (referrals, i.e. households) as
 * there are, with replacement, and gives every row its cluster's draw count as a weight. Rows are
 * never resampled one by one, because children on one referral share outcomes (DOMAIN.md §5).
 */
import { createRng, quantileType7 } from '../core/index.js';

/** Draws replicate weights: calls `each(b, weights)` for b = 0..replicates−1. */
export function clusterBootstrap(
  rows: Uint32Array,
  cluster: Uint32Array,
  replicates: number,
  seed: number,
  each: (b: number, weights: Float64Array) => void,
): void {
  const ids = [...new Set(Array.from(rows, (i) => cluster[i]!))].sort((a, b) => a - b);
  const slot = new Map(ids.map((c, k) => [c, k]));
  const rowSlot = new Int32Array(cluster.length).fill(-1);
  for (const i of rows) rowSlot[i] = slot.get(cluster[i]!)!;
  const draws = new Float64Array(ids.length);
  const weights = new Float64Array(cluster.length);
  const rng = createRng(seed).fork('cluster-bootstrap');
  for (let b = 0; b < replicates; b++) {
    draws.fill(0);
    for (let k = 0; k < ids.length; k++) draws[rng.int(ids.length)]!++;
    for (const i of rows) weights[i] = draws[rowSlot[i]!]!;
    each(b, weights);
  }
}

/** Percentile interval of replicate values (NaN replicates ignored); [NaN, NaN] when none. */
export function percentileInterval(values: Float64Array, confidence: number): [number, number] {
  const ok = values.filter((v) => !Number.isNaN(v)).sort();
  if (ok.length === 0) return [NaN, NaN];
  const alpha = (1 - confidence) / 2;
  return [quantileType7(ok, alpha), quantileType7(ok, 1 - alpha)];
}
