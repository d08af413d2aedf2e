/**
 * Where the generated WebAssembly kernel (tree-wasm.ts) keeps each part of a staged chunk in its
 * memory: the masks of one block of B rows at 0 (tree by tree: B words of each tree's, so four
 * rows' words of a tree are adjacent), then the chunk's sums, each dense slot's values, each
 * sparse slot's stored values and rows, the sparse slots' counts and cursors, and the leaf values.
 * Every offset is fixed per model and column kinds, so the kernel holds them as immediates.
 */
import type { Compiled } from './tree-compile.js';

/** Rows of a staged chunk (as many as a scoring thread claims at once). */
export const STAGE_ROWS = 8192;

/** Where each part lives in the module's memory (bytes). */
export interface WasmLayout {
  /** Rows per block of masks. */
  readonly B: number;
  /** Rows per staged chunk. */
  readonly C: number;
  /** Mask words per row. */
  readonly W: number;
  readonly out: number;
  /** Per slot: its dense values' offset, or -1. */
  readonly dense: Int32Array;
  /** Per slot: its sparse rows' and values' offsets, or -1. */
  readonly sparseRows: Int32Array;
  readonly sparseValues: Int32Array;
  readonly counts: number;
  readonly cursors: number;
  readonly leaves: number;
  /** Every threshold (float64), each op's mask negated (int32), each NaN op's mask negated. */
  readonly thresholds: number;
  readonly keeps: number;
  readonly nanKeeps: number;
  readonly pages: number;
}

/** Rows per block: the masks about 512 KB, within a core's L2 with the staged values read. */
export function wasmBlockRows(W: number): number {
  return 8 * Math.max(2, Math.min(512, Math.floor(16384 / Math.max(1, W))));
}

/**
 * The layout for compiled c when `sparse[s]` is 1 for the slots read as sparse columns (blocks of
 * `rows` rows, a multiple of 8; default wasmBlockRows).
 */
export function wasmLayout(c: Compiled, sparse: Uint8Array, rows?: number): WasmLayout {
  const W = c.treeWord[c.nTrees]!;
  const B = rows ?? wasmBlockRows(W);
  const C = STAGE_ROWS;
  const S = c.used.length;
  let at = B * W * 4;
  const out = at;
  at += C * 8;
  const dense = new Int32Array(S).fill(-1);
  const sparseRows = new Int32Array(S).fill(-1);
  const sparseValues = new Int32Array(S).fill(-1);
  for (let s = 0; s < S; s++) {
    if (sparse[s] === 1) continue;
    dense[s] = at;
    at += C * 8;
  }
  for (let s = 0; s < S; s++) {
    if (sparse[s] !== 1) continue;
    sparseValues[s] = at;
    at += C * 8;
    sparseRows[s] = at;
    at += C * 4;
  }
  const counts = at;
  const cursors = counts + 4 * S;
  at = 8 * Math.ceil((cursors + 4 * S) / 8);
  const leaves = at;
  at += 8 * c.leafValue.length;
  const thresholds = at;
  at += 8 * c.thr.length;
  const keeps = at;
  at += 4 * c.thrMask.length;
  const nanKeeps = at;
  at += 4 * c.nanMask.length;
  return {
    B,
    C,
    W,
    out,
    dense,
    sparseRows,
    sparseValues,
    counts,
    cursors,
    leaves,
    thresholds,
    keeps,
    nanKeeps,
    pages: Math.ceil(at / 65536),
  };
}

/** Writes the numbers the kernel reads from memory (leaves, thresholds, negated masks). */
export function writeConstants(c: Compiled, L: WasmLayout, buffer: ArrayBuffer): void {
  new Float64Array(buffer).set(c.leafValue, L.leaves / 8);
  new Float64Array(buffer).set(c.thr, L.thresholds / 8);
  new Int32Array(buffer).set(
    c.thrMask.map((m) => ~m),
    L.keeps / 4,
  );
  new Int32Array(buffer).set(
    c.nanMask.map((m) => ~m),
    L.nanKeeps / 4,
  );
}
