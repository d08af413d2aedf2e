/**
 * A tree ensemble compiled for QuickScorer prediction (tree-predict.ts): leaves numbered left
 * to right per tree, each split node turned into the mask ops that clear its left subtree's
 * leaves, the ops grouped by feature with thresholds ascending. Compiled once per frozen model.
 */
import { usedFeatures, type TreeArrays } from './tree-model.js';

/** An ensemble compiled for prediction (cached per trees array). */
export interface Compiled {
  readonly used: Int32Array;
  readonly nTrees: number;
  /** Mask words of tree t: treeWord[t] .. treeWord[t+1]-1. */
  readonly treeWord: Int32Array;
  readonly leafBase: Int32Array;
  readonly leafValue: Float64Array;
  /** Thresholds of slot s: thr[thrPtr[s] .. thrPtr[s+1]), ascending; ops of threshold k: opPtr. */
  readonly thrPtr: Int32Array;
  readonly thr: Float64Array;
  readonly opPtr: Int32Array;
  readonly opWord: Int32Array;
  readonly opMask: Int32Array;
  /** Ops for NaN of slot s: nanOpPtr[s] .. nanOpPtr[s+1] into nanWord / nanMask. */
  readonly nanOpPtr: Int32Array;
  readonly nanWord: Int32Array;
  readonly nanMask: Int32Array;
  /** 1 when slot s has a threshold ≤ 0 (its zeros make false nodes). */
  readonly zeroActive: Uint8Array;
  /** When every tree has ≤ 32 leaves each node is one op: word and mask of threshold k. */
  readonly single: boolean;
  readonly thrWord: Int32Array;
  readonly thrMask: Int32Array;
  /** Most mask words any tree needs. */
  readonly maxTreeWords: number;
}

/** Trees needing more mask words than this (over 128 leaves) are walked instead. */
export const MAX_WORDS = 4;

const cache = new WeakMap<object, Compiled>();

/** Masks clearing bits lo..hi-1 of a tree whose words start at w0, as (word, mask) pairs. */
function clearOps(w0: number, lo: number, hi: number, words: number[], masks: number[]): void {
  for (let b = lo; b < hi;) {
    const word = b >> 5;
    const end = Math.min(hi, (word + 1) << 5);
    const width = end - b;
    const bits = width === 32 ? -1 : ((1 << width) - 1) << (b & 31);
    words.push(w0 + word);
    masks.push(~bits);
    b = end;
  }
}

/** In-order leaf numbers of a tree and each split node's left-subtree leaf range. */
function leafRanges(t: TreeArrays): {
  leafOf: Int32Array;
  lo: Int32Array;
  mid: Int32Array;
  leaves: number;
} {
  const n = t.feature.length;
  const leafOf = new Int32Array(n).fill(-1);
  const lo = new Int32Array(n);
  const mid = new Int32Array(n);
  let next = 0;
  const visit = (i: number): void => {
    if (t.feature[i]! < 0) {
      leafOf[i] = next++;
      return;
    }
    lo[i] = next;
    visit(t.left[i]!);
    mid[i] = next;
    visit(t.right[i]!);
  };
  visit(0);
  return { leafOf, lo, mid, leaves: next };
}

/** The compiled form of trees too wide for masks: only `used` and `maxTreeWords` are set. */
function walkOnly(used: Int32Array, maxTreeWords: number, nTrees: number): Compiled {
  const none = new Int32Array(0);
  const empty = new Float64Array(0);
  return {
    maxTreeWords,
    single: false,
    thrWord: none,
    thrMask: none,
    used,
    nTrees,
    treeWord: none,
    leafBase: none,
    leafValue: empty,
    thrPtr: none,
    thr: empty,
    opPtr: none,
    opWord: none,
    opMask: none,
    nanOpPtr: none,
    nanWord: none,
    nanMask: none,
    zeroActive: new Uint8Array(0),
  };
}

function compile(trees: readonly TreeArrays[], nFeatures: number): Compiled {
  const used = usedFeatures(trees);
  let widest = 0;
  for (const t of trees) widest = Math.max(widest, t.feature.filter((f) => f < 0).length);
  const words = Math.max(1, Math.ceil(widest / 32));
  if (words > MAX_WORDS) return walkOnly(used, words, trees.length);
  const slotOf = new Int32Array(nFeatures).fill(-1);
  used.forEach((f, s) => (slotOf[f] = s));
  const treeWord = new Int32Array(trees.length + 1);
  const leafBase = new Int32Array(trees.length + 1);
  const leafValues: number[] = [];
  const bySlot: { thr: number; words: number[]; masks: number[] }[][] = used.length
    ? Array.from(used, () => [])
    : [];
  const nanBySlot: { words: number[]; masks: number[] }[] = Array.from(used, () => ({
    words: [],
    masks: [],
  }));
  trees.forEach((t, k) => {
    const r = leafRanges(t);
    treeWord[k + 1] = treeWord[k]! + Math.max(1, Math.ceil(r.leaves / 32));
    leafBase[k + 1] = leafBase[k]! + r.leaves;
    for (let i = 0; i < t.feature.length; i++) {
      if (t.feature[i]! < 0) {
        leafValues[leafBase[k]! + r.leafOf[i]!] = t.value[i]!;
        continue;
      }
      const s = slotOf[t.feature[i]!]!;
      const words: number[] = [];
      const masks: number[] = [];
      clearOps(treeWord[k]!, r.lo[i]!, r.mid[i]!, words, masks);
      bySlot[s]!.push({ thr: t.threshold[i]!, words, masks });
      if (!t.defaultLeft[i]) {
        nanBySlot[s]!.words.push(...words);
        nanBySlot[s]!.masks.push(...masks);
      }
    }
  });
  const thrPtr = new Int32Array(used.length + 1);
  const thr: number[] = [];
  const opPtr: number[] = [0];
  const opWord: number[] = [];
  const opMask: number[] = [];
  const zeroActive = new Uint8Array(used.length);
  bySlot.forEach((list, s) => {
    const sorted = list.map((e, i) => ({ e, i })).sort((a, b) => a.e.thr - b.e.thr || a.i - b.i);
    for (const { e } of sorted) {
      thr.push(e.thr);
      opWord.push(...e.words);
      opMask.push(...e.masks);
      opPtr.push(opWord.length);
    }
    thrPtr[s + 1] = thr.length;
    if (sorted.length > 0 && sorted[0]!.e.thr <= 0) zeroActive[s] = 1;
  });
  const nanOpPtr = new Int32Array(used.length + 1);
  nanBySlot.forEach((x, s) => (nanOpPtr[s + 1] = nanOpPtr[s]! + x.words.length));
  const single = opWord.length === thr.length;
  return {
    maxTreeWords: words,
    single,
    thrWord: single ? Int32Array.from(opWord) : new Int32Array(0),
    thrMask: single ? Int32Array.from(opMask) : new Int32Array(0),
    used,
    nTrees: trees.length,
    treeWord,
    leafBase,
    leafValue: Float64Array.from(leafValues),
    thrPtr,
    thr: Float64Array.from(thr),
    opPtr: Int32Array.from(opPtr),
    opWord: Int32Array.from(opWord),
    opMask: Int32Array.from(opMask),
    nanOpPtr,
    nanWord: Int32Array.from(nanBySlot.flatMap((x) => x.words)),
    nanMask: Int32Array.from(nanBySlot.flatMap((x) => x.masks)),
    zeroActive,
  };
}

/** The compiled form of a model's trees (cached for frozen models). */
export function compiled(model: {
  features: readonly string[];
  trees: readonly TreeArrays[];
}): Compiled {
  let c = cache.get(model.trees);
  if (c === undefined) {
    c = compile(model.trees, model.features.length);
    if (Object.isFrozen(model.trees)) cache.set(model.trees, c);
  }
  return c;
}
