/**
 * The cluster bootstrap: each replicate draws as many clusters (referrals, i.e. households) as
 * there are, with replacement, and gives every row its cluster's draw count as a weight. Rows are
 * never resampled one by one, because children on one referral share outcomes (DOMAIN.md §5).
 * Clusters are numbered in ascending id order and drawn from the seed's 'cluster-bootstrap' stream,
 * so a seed fixes every replicate.
 */
import { createRng, quantileType7 } from '../core/index.js';

/**
 * Dense cluster slots: `slotOfRow[i]` for each row i of `rows` (−1 elsewhere), numbered in
 * ascending cluster id, and their count.
 */
export function clusterSlots(
  rows: Uint32Array,
  cluster: Uint32Array,
): { slotOfRow: Int32Array; count: number } {
  let max = 0;
  for (const i of rows) if (cluster[i]! > max) max = cluster[i]!;
  const slotOfRow = new Int32Array(cluster.length).fill(-1);
  if (max <= 4 * rows.length + 1024) {
    // Dense ids (referral indices): mark, then number in id order.
    const slot = new Int32Array(max + 1).fill(-1);
    for (const i of rows) slot[cluster[i]!] = 0;
    let count = 0;
    for (let c = 0; c <= max; c++) if (slot[c] === 0) slot[c] = count++;
    for (const i of rows) slotOfRow[i] = slot[cluster[i]!]!;
    return { slotOfRow, count };
  }
  const ids = Uint32Array.from(new Set(Array.from(rows, (i) => cluster[i]!))).sort();
  const slot = new Map<number, number>();
  ids.forEach((c, k) => slot.set(c, k));
  for (const i of rows) slotOfRow[i] = slot.get(cluster[i]!)!;
  return { slotOfRow, count: ids.length };
}

/**
 * The draw stream of a seed: xoshiro128** state seeded from the seed's 'cluster-bootstrap' fork
 * of the project's generator (core/random.ts), stepped inline in drawClusters because a replicate
 * draws once per cluster (5·10⁸ draws for 1,000 replicates of a state-sized table).
 */
export function bootstrapRng(seed: number): Uint32Array {
  const rng = createRng(seed).fork('cluster-bootstrap');
  const state = Uint32Array.from({ length: 4 }, () => Math.floor(rng.next() * 4294967296));
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
  return state;
}

/** One replicate: `count` draws with replacement among `count` clusters, as counts per slot. */
export function drawClusters(state: Uint32Array, draws: Uint16Array): void {
  const n = draws.length;
  const scale = n / 4294967296;
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  draws.fill(0);
  for (let k = 0; k < n; k++) {
    const x = Math.imul(b, 5);
    const r = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    draws[Math.floor(r * scale)]!++;
  }
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
}

/** Draws replicate weights: calls `each(b, weights)` for b = 0..replicates−1. */
export function clusterBootstrap(
  rows: Uint32Array,
  cluster: Uint32Array,
  replicates: number,
  seed: number,
  each: (b: number, weights: Float64Array) => void,
): void {
  const { slotOfRow, count } = clusterSlots(rows, cluster);
  const draws = new Uint16Array(count);
  const weights = new Float64Array(cluster.length);
  const rng = bootstrapRng(seed);
  for (let b = 0; b < replicates; b++) {
    drawClusters(rng, draws);
    for (const i of rows) weights[i] = draws[slotOfRow[i]!]!;
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
