/** Small datasets and reference computations shared by the tree-model tests. */
import {
  createRng,
  denseColumn,
  makeMatrix,
  matrixValue,
  sparseColumn,
} from '../../src/core/index.js';
import type { Column, Matrix, Rng } from '../../src/core/index.js';
import { leafOf, type TreeArrays } from '../../src/models/tree-model.js';

/**
 * A dataset with an interaction, NaNs and mostly-zero columns: 2 sparse indicators, a sparse
 * count, a dense age, a dense score with negative values and NaN, and a constant column.
 */
export function treeData(n = 600, seed = 3): { X: Matrix; y: Uint8Array } {
  const rng = createRng(seed);
  const cols: Column[] = [];
  const sparse = (p: number, count: boolean) => {
    const rows: number[] = [];
    const vals: number[] = [];
    const full = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (!rng.bernoulli(p)) continue;
      const v = count ? 1 + rng.poisson(2) : 1;
      rows.push(i);
      vals.push(v);
      full[i] = v;
    }
    cols.push(sparseColumn(Uint32Array.from(rows), Float64Array.from(vals)));
    return full;
  };
  const jail = sparse(0.15, false);
  const benefits = sparse(0.35, false);
  const referrals = sparse(0.25, true);
  const age = Float64Array.from({ length: n }, () => rng.int(18));
  const score = Float64Array.from({ length: n }, () => (rng.bernoulli(0.1) ? NaN : rng.normal()));
  cols.push(denseColumn(age), denseColumn(score), denseColumn(new Float64Array(n).fill(2)));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = Number.isNaN(score[i]!) ? 1 : score[i]!;
    const eta =
      -1.2 + 1.8 * jail[i]! * benefits[i]! + 0.4 * referrals[i]! + 0.06 * age[i]! + 0.7 * s;
    y[i] = rng.bernoulli(1 / (1 + Math.exp(-eta))) ? 1 : 0;
  }
  return {
    X: makeMatrix(n, ['jail', 'benefits', 'referrals', 'age', 'score', 'constant'], cols),
    y,
  };
}

/** init + Σ leaf values, walking each tree in order (the reference for the fast predictor). */
export function walkSum(
  model: { features: readonly string[]; trees: readonly TreeArrays[] },
  X: Matrix,
  row: number,
  init = 0,
): number {
  const at = new Map(X.names.map((name, j) => [name, j]));
  let s = init;
  for (const t of model.trees) {
    s += t.value[leafOf(t, (f) => matrixValue(X, row, at.get(model.features[f]!)!))]!;
  }
  return s;
}

/** 0, 1, ..., n−1. */
export function iota(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/** Largest absolute difference between two arrays. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** A random tree of `nLeaves` leaves over p features, thresholds quarters in [-1, 3). */
export function randomTree(rng: Rng, nLeaves: number, p: number): TreeArrays {
  const t: TreeArrays = {
    feature: [-1],
    threshold: [0],
    defaultLeft: [false],
    left: [-1],
    right: [-1],
    value: [rng.normal()],
    cover: [1],
    gain: [0],
  };
  const open = [0];
  while (open.length < nLeaves) {
    const id = open.splice(rng.int(open.length), 1)[0]!;
    const l = t.feature.length;
    t.feature[id] = rng.int(p);
    t.threshold[id] = Math.round((rng.next() * 4 - 1) * 4) / 4;
    t.defaultLeft[id] = rng.bernoulli(0.5);
    t.left[id] = l;
    t.right[id] = l + 1;
    for (let k = 0; k < 2; k++) {
      t.feature.push(-1);
      t.threshold.push(0);
      t.defaultLeft.push(false);
      t.left.push(-1);
      t.right.push(-1);
      t.value.push(rng.normal());
      t.cover.push(1);
      t.gain.push(0);
      open.push(l + k);
    }
  }
  return t;
}

/** A sparse column of n rows: each row stored with probability `p`, its value drawn by `value`. */
export function randomSparseColumn(
  rng: Rng,
  n: number,
  p: number,
  value: (rng: Rng) => number,
): Column {
  const rows: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!rng.bernoulli(p)) continue;
    rows.push(i);
    vals.push(value(rng));
  }
  return sparseColumn(Uint32Array.from(rows), Float64Array.from(vals));
}
