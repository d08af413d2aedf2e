/**
 * Node row partitioning and the flat node arrays a grower fills. A node owns a contiguous
 * segment order[begin..end) of row positions; a split moves its left rows to the front and its
 * right rows after them, each side keeping its order (so sums over a node always run in the
 * same order: determinism does not depend on how a histogram was built).
 */
import type { BinnedColumns } from './binning-rows.js';

/** Scratch buffers of a partition, sized to the number of rows. */
export interface PartitionScratch {
  readonly flag: Uint8Array;
  readonly tmp: Uint32Array;
}

/** Partition scratch for n rows. */
export function partitionScratch(n: number): PartitionScratch {
  return { flag: new Uint8Array(n), tmp: new Uint32Array(n) };
}

/**
 * Splits order[begin..end) on feature j: rows whose bin is ≤ bin (or missing, when defaultLeft)
 * go left. Reads the bins from the feature's bin column when it has one, else by walking column j
 * when that is cheaper than a binary search of each row in it. Returns the first position of the
 * right side.
 */
export function partitionRows(
  binned: BinnedColumns,
  order: Uint32Array,
  begin: number,
  end: number,
  j: number,
  bin: number,
  defaultLeft: boolean,
  s: PartitionScratch,
): number {
  const missing = binned.layout.nBins[j]!;
  const goLeft = (b: number): number => (b === missing ? (defaultLeft ? 1 : 0) : b <= bin ? 1 : 0);
  const { flag, tmp } = s;
  const c0 = binned.colPtr[j]!;
  const c1 = binned.colPtr[j + 1]!;
  const dense = binned.denseBin[j] ?? null;
  if (dense !== null)
    return partitionDense(dense, leftBins(missing, goLeft), order, begin, end, tmp);
  if (c1 - c0 < 8 * (end - begin)) {
    const d = goLeft(binned.layout.defaultBin[j]!);
    for (let k = begin; k < end; k++) flag[order[k]!] = d;
    const leftBin = leftBins(missing, goLeft);
    const { colPos, colBin } = binned;
    for (let e = c0; e < c1; e++) flag[colPos[e]!] = leftBin[colBin[e]!]!;
  } else {
    const def = binned.layout.defaultBin[j]!;
    for (let k = begin; k < end; k++) {
      const row = order[k]!;
      flag[row] = goLeft(storedBin(binned.colPos, binned.colBin, c0, c1, row, def));
    }
  }
  let l = begin;
  let r = 0;
  for (let k = begin; k < end; k++) {
    const row = order[k]!;
    if (flag[row] === 1) order[l++] = row;
    else tmp[r++] = row;
  }
  order.set(tmp.subarray(0, r), l);
  return l;
}

/** The bin stored for position `row` in colPos/colBin[c0..c1) (ascending), else `def`. */
function storedBin(
  colPos: Uint32Array,
  colBin: Uint8Array,
  c0: number,
  c1: number,
  row: number,
  def: number,
): number {
  let lo = c0;
  let hi = c1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (colPos[mid]! < row) lo = mid + 1;
    else hi = mid;
  }
  return lo < c1 && colPos[lo] === row ? colBin[lo]! : def;
}

/** 1 for the local bins 0..missing that go left. */
function leftBins(missing: number, goLeft: (b: number) => number): Uint8Array {
  const leftBin = new Uint8Array(missing + 1);
  for (let b = 0; b <= missing; b++) leftBin[b] = goLeft(b);
  return leftBin;
}

/** partitionRows in one pass over a feature's full bin column. */
function partitionDense(
  bins: Uint8Array,
  leftBin: Uint8Array,
  order: Uint32Array,
  begin: number,
  end: number,
  tmp: Uint32Array,
): number {
  let l = begin;
  let r = 0;
  for (let k = begin; k < end; k++) {
    const row = order[k]!;
    if (leftBin[bins[row]!] === 1) order[l++] = row;
    else tmp[r++] = row;
  }
  order.set(tmp.subarray(0, r), l);
  return l;
}

/** The flat arrays of one tree as it grows; node 0 is the root, children come after parents. */
export interface TreeArraysBuilder {
  readonly feature: number[];
  readonly threshold: number[];
  readonly defaultLeft: boolean[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
  readonly cover: number[];
  readonly gain: number[];
}

/** An empty tree. */
export function treeBuilder(): TreeArraysBuilder {
  return {
    feature: [],
    threshold: [],
    defaultLeft: [],
    left: [],
    right: [],
    value: [],
    cover: [],
    gain: [],
  };
}

/** Appends a leaf and returns its id. */
export function addLeaf(t: TreeArraysBuilder, value: number, cover: number): number {
  t.feature.push(-1);
  t.threshold.push(0);
  t.defaultLeft.push(false);
  t.left.push(-1);
  t.right.push(-1);
  t.value.push(value);
  t.cover.push(cover);
  t.gain.push(0);
  return t.feature.length - 1;
}

/** Turns leaf `id` into a split on feature j at raw threshold with the given children. */
export function setSplit(
  t: TreeArraysBuilder,
  id: number,
  j: number,
  threshold: number,
  defaultLeft: boolean,
  gain: number,
  left: number,
  right: number,
): void {
  t.feature[id] = j;
  t.threshold[id] = threshold;
  t.defaultLeft[id] = defaultLeft;
  t.gain[id] = gain;
  t.left[id] = left;
  t.right[id] = right;
}
