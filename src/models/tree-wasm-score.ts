/**
 * Scoring ranges of rows with the kernel a batch chose: the generic QuickScorer kernel, the
 * generated JavaScript kernels, or the generated WebAssembly module (tree-wasm.ts). The module
 * reads only its own memory, so each chunk of up to STAGE_ROWS rows is staged there first: a
 * dense column's values (one copy of a contiguous run when every row is requested), a sparse
 * column's stored rows and values up to the chunk's last row (two copies), then one call scores
 * the chunk and its sums are copied out. The copies are part of every timing of this path.
 *
 * Each thread instantiates its own module (per compiled ensemble and pattern of column kinds);
 * the module has no state between calls but its memory, which only its thread uses.
 */
import type { Matrix } from '../core/index.js';
import { generatedKernel } from './tree-codegen.js';
import type { Compiled } from './tree-compile.js';
import { scoreRange } from './tree-predict.js';
import { lowerBound, rowAt, type RowOrder } from './tree-rows.js';
import { wasmLayout, writeConstants, type WasmLayout } from './tree-wasm-layout.js';
import { simdProbe, wasmModuleBytes } from './tree-wasm.js';

/** Which kernel scores a batch (every one gives the same bits). */
export type KernelKind = 'generic' | 'generated' | 'wasm';

/** A module instantiated on this thread, with views of its memory. */
interface WasmKernel {
  readonly L: WasmLayout;
  readonly run: (count: number, base: number, init: number) => void;
  readonly f64: Float64Array;
  readonly u32: Uint32Array;
  /** 1 for the slots the module tests (the others need no staging). */
  readonly active: Uint8Array;
}

/** The runtime's WebAssembly API, typed for what is used here (the project's TS libs omit it). */
interface WasmApi {
  validate: (bytes: Uint8Array) => boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: object,
  ) => { exports: { run: WasmKernel['run']; memory: { buffer: ArrayBuffer } } };
}
const found = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
/** The runtime's WebAssembly when it has SIMD (the kernel's dense slots use it), else undefined. */
const wasm = found?.validate(simdProbe()) ? found : undefined;

const kernels = new WeakMap<Compiled, Map<string, WasmKernel>>();

/**
 * The WebAssembly kernel of c for X's column kinds (`cols`: matrix column of each model
 * feature), made on first use; null when c's trees do not each fit one mask word (≤ 32 leaves)
 * or the runtime lacks WebAssembly or its SIMD.
 */
export function wasmKernel(c: Compiled, X: Matrix, cols: Int32Array): WasmKernel | null {
  if (!c.single || c.maxTreeWords !== 1 || wasm === undefined) return null;
  const sparse = Uint8Array.from(c.used, (f, s) =>
    X.columns[cols[f]!]!.kind === 'sparse' && c.zeroActive[s] === 0 ? 1 : 0,
  );
  const key = sparse.join('');
  let byKinds = kernels.get(c);
  if (byKinds === undefined) kernels.set(c, (byKinds = new Map()));
  let k = byKinds.get(key);
  if (k !== undefined) return k;
  const L = wasmLayout(c, sparse);
  const instance = new wasm.Instance(new wasm.Module(wasmModuleBytes(c, L)), {});
  const { buffer } = instance.exports.memory;
  const f64 = new Float64Array(buffer);
  writeConstants(c, L, buffer);
  const active = Uint8Array.from(c.used, (_, s) =>
    c.thrPtr[s + 1]! > c.thrPtr[s]! || c.nanOpPtr[s + 1]! > c.nanOpPtr[s]! ? 1 : 0,
  );
  const { run } = instance.exports;
  k = { L, run, f64, u32: new Uint32Array(buffer), active };
  byKinds.set(key, k);
  return k;
}

/** First index in lo..hi-1 of ascending `a` holding a value > x (hi when none). */
function firstAbove(a: Uint32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Stages a sparse column's stored values for requested rows first..(row rowEnd), from q. */
function stageSparse(
  k: WasmKernel,
  s: number,
  rows: Uint32Array,
  values: Float64Array,
  q: number,
  rowEnd: number,
  o: RowOrder,
  first: number,
  count: number,
): number {
  const { L, f64, u32 } = k;
  const r0 = L.sparseRows[s]! >> 2;
  const v0 = L.sparseValues[s]! >> 3;
  let m = 0;
  if (o.pos === null) {
    // At most one stored value a row: the block's are within the next `count`, copied at once.
    const end = firstAbove(rows, q, Math.min(rows.length, q + count), rowEnd);
    u32.set(rows.subarray(q, end), r0);
    f64.set(values.subarray(q, end), v0);
    m = end - q;
    q = end;
  } else {
    for (; q < rows.length && rows[q]! <= rowEnd; q++) {
      const i = o.pos[rows[q]!]! - first;
      if (i < 0) continue;
      u32[r0 + m] = i;
      f64[v0 + m++] = values[q]!;
    }
  }
  u32[(L.counts >> 2) + s] = m;
  return q;
}

/** A block of a dense column, or of a sparse one written out with its zeros. */
function stageDense(
  k: WasmKernel,
  s: number,
  col: Matrix['columns'][number],
  q: number,
  rowEnd: number,
  o: RowOrder,
  first: number,
  count: number,
): number {
  const { f64 } = k;
  const d0 = k.L.dense[s]! >> 3;
  if (col.kind === 'dense') {
    const { values } = col;
    if (o.sorted === null) f64.set(values.subarray(first, first + count), d0);
    else for (let i = 0; i < count; i++) f64[d0 + i] = values[o.sorted[first + i]!]!;
    return q;
  }
  f64.fill(0, d0, d0 + count);
  const { rows, values } = col;
  for (; q < rows.length && rows[q]! <= rowEnd; q++) {
    const i = (o.pos === null ? rows[q]! : o.pos[rows[q]!]!) - first;
    if (i >= 0) f64[d0 + i] = values[q]!;
  }
  return q;
}

/** wasm kernel k over requested rows from..to-1 (as scoreRange, tree-predict.ts). */
function wasmRange(
  k: WasmKernel,
  c: Compiled,
  X: Matrix,
  cols: Int32Array,
  o: RowOrder,
  from: number,
  to: number,
  init: number,
  out: Float64Array,
): void {
  const { L, f64, active } = k;
  const cursor = new Int32Array(c.used.length);
  const at = L.out >> 3;
  for (let first = from; first < to; first += L.C) {
    const count = Math.min(L.C, to - first);
    const rowEnd = rowAt(o, first + count - 1);
    for (let s = 0; s < c.used.length; s++) {
      if (active[s] === 0) continue;
      const col = X.columns[cols[c.used[s]!]!]!;
      let q = 0;
      if (col.kind === 'sparse')
        q = first === from ? lowerBound(col.rows, rowAt(o, from)) : cursor[s]!;
      if (L.dense[s]! >= 0) q = stageDense(k, s, col, q, rowEnd, o, first, count);
      else if (col.kind === 'sparse')
        q = stageSparse(k, s, col.rows, col.values, q, rowEnd, o, first, count);
      cursor[s] = q;
    }
    k.run(count, o.pos === null ? first : 0, init);
    if (o.outAt === null) out.set(f64.subarray(at, at + count), first);
    else for (let i = 0; i < count; i++) out[o.outAt[first + i]!] = f64[at + i]!;
  }
}

/**
 * init + Σ_trees leaf value of requested rows from..to-1 of X into out, with the kernel `kind`
 * (`wasm` falls back to the generated JavaScript when the runtime lacks WebAssembly; both
 * generated kinds to the generic kernel for trees of more than 32 leaves). Bit-identical
 * whichever kernel runs.
 */
export function scoreRangeWith(
  kind: KernelKind,
  c: Compiled,
  X: Matrix,
  cols: Int32Array,
  o: RowOrder,
  from: number,
  to: number,
  init: number,
  out: Float64Array,
): void {
  const w = kind === 'wasm' ? wasmKernel(c, X, cols) : null;
  if (w !== null) return wasmRange(w, c, X, cols, o, from, to, init, out);
  const g = kind === 'generic' ? null : generatedKernel(c);
  scoreRange(c, g, X, cols, o, from, to, init, out);
}
