/**
 * The QuickScorer kernel of a compiled ensemble (tree-compile.ts) generated as a WebAssembly
 * module, for large batches: for a sparse column's stored values the same nested tests as the
 * generated JavaScript (tree-codegen.ts) — `if (v >= t0) { m[b + w0] &= k0; if (v >= t1) { … } }
 * else if (v != v) { NaN ops }` — with thresholds, mask words and masks as immediates, but without
 * the typed arrays' bounds checks and the JavaScript interpreter's warm-up; for a dense column
 * the same tests on four rows at once without branches (SIMD, tree-wasm-simd.ts). f64.ge and
 * f64.ne are IEEE comparisons, as JavaScript's >= and !==, so every test has the same outcome;
 * leaf values are summed in tree order from the same start with f64.add, so results are
 * bit-identical.
 *
 * WebAssembly reads only its own memory, so a chunk of up to C rows is staged there at once
 * (tree-wasm-score.ts), then scored in blocks of B rows whose masks stay in a core's cache
 * (tree-wasm-layout.ts):
 *   masks   B·W int32, at 0, by tree: word w of the block's row i at 4·(w·B + i)
 *   out     C float64
 *   dense   C float64 per dense slot  sparse  C float64 + C row numbers (int32) per sparse slot
 *   counts, cursors  one int32 each per slot;  leaves  every leaf value (float64), written once
 * The module is made from the model's numbers only, per compiled ensemble and column kinds.
 */
import type { Compiled } from './tree-compile.js';
import type { WasmLayout } from './tree-wasm-layout.js';
import { denseFunction } from './tree-wasm-simd.js';
import { Bytes, F64, I32, OP, SIMD, VOID, encodeModule, type WasmFunction } from './wasm-encode.js';

// Parameters of a slot function (sub, n, base): the block's first row in the chunk, its rows,
// and what to subtract from a staged row number; then the locals i, b, v, count, r.
const SUB = 0;
const N = 1;
const BASE = 2;
const I = 3;
const B_ = 4;
const V = 5;
const COUNT = 6;
const R = 7;

/** The nested tests of slot s on local v, mask words at byte address local b. */
function slotTests(code: Bytes, c: Compiled, L: WasmLayout, s: number): void {
  const t0 = c.thrPtr[s]!;
  const t1 = c.thrPtr[s + 1]!;
  const op = (word: number, mask: number): void => {
    code.op(OP.localGet, B_, OP.localGet, B_).mem(OP.i32Load, 2, 4 * word * L.B);
    code
      .i32(mask)
      .op(OP.i32And)
      .mem(OP.i32Store, 2, 4 * word * L.B);
  };
  const nan = (): void => {
    if (c.nanOpPtr[s] === c.nanOpPtr[s + 1]) return;
    code.op(OP.localGet, V, OP.localGet, V, OP.f64Ne, OP.if, VOID);
    for (let o = c.nanOpPtr[s]!; o < c.nanOpPtr[s + 1]!; o++) op(c.nanWord[o]!, c.nanMask[o]!);
    code.op(OP.end);
  };
  // Thresholds ascend, so failing the first test means failing all: only NaN is left to apply.
  if (t1 === t0) return nan();
  for (let k = t0; k < t1; k++) {
    code.op(OP.localGet, V).f64(c.thr[k]!).op(OP.f64Ge, OP.if, VOID);
    for (let o = c.opPtr[k]!; o < c.opPtr[k + 1]!; o++) op(c.opWord[o]!, c.opMask[o]!);
  }
  for (let k = t1 - 1; k > t0; k--) code.op(OP.end);
  if (c.nanOpPtr[s] !== c.nanOpPtr[s + 1]) {
    code.op(OP.else);
    nan();
  }
  code.op(OP.end);
}

/**
 * Slot s's function (sub, n, base): its tests over rows sub..sub+n-1 of a dense column's chunk
 * (tree-wasm-simd.ts), or a sparse column's staged values from its cursor while their rows are in
 * the block.
 */
function slotFunction(c: Compiled, L: WasmLayout, s: number): WasmFunction {
  if (L.dense[s]! >= 0) return denseFunction(c, L, s);
  const code = new Bytes();
  code
    .i32(0)
    .mem(OP.i32Load, 2, L.cursors + 4 * s)
    .op(OP.localSet, I);
  code
    .i32(0)
    .mem(OP.i32Load, 2, L.counts + 4 * s)
    .op(OP.localSet, COUNT);
  code.op(OP.block, VOID, OP.loop, VOID);
  code.op(OP.localGet, I, OP.localGet, COUNT, OP.i32GeU, OP.brIf, 1);
  // r: the row's place in the chunk; the block ends at sub + n.
  code.op(OP.localGet, I).i32(2).op(OP.i32Shl).mem(OP.i32Load, 2, L.sparseRows[s]!);
  code.op(OP.localGet, BASE, OP.i32Sub, OP.localSet, R);
  code.op(OP.localGet, R, OP.localGet, SUB, OP.localGet, N, OP.i32Add, OP.i32GeU, OP.brIf, 1);
  code.op(OP.localGet, R, OP.localGet, SUB, OP.i32Sub).i32(2).op(OP.i32Shl, OP.localSet, B_);
  code.op(OP.localGet, I).i32(3).op(OP.i32Shl).mem(OP.f64Load, 3, L.sparseValues[s]!);
  code.op(OP.localSet, V);
  slotTests(code, c, L, s);
  code.op(OP.localGet, I).i32(1).op(OP.i32Add, OP.localSet, I, OP.br, 0, OP.end, OP.end);
  code
    .i32(0)
    .op(OP.localGet, I)
    .mem(OP.i32Store, 2, L.cursors + 4 * s);
  return { params: [I32, I32, I32], results: [], locals: [I32, I32, F64, I32, I32], body: code };
}

// The sum function (sub, n, init): params as a slot's, then the locals i, b, a sum a group row.
const SUM_INIT = 2;
const SUM_S = 5;

/**
 * Rows i.. of the block in groups of G while a whole group is left: each row's exit leaves (the
 * lowest set bit: ctz) summed in tree order, the G rows' sums interleaved so their additions
 * overlap; written to out at the row's place in the chunk (sub + i).
 */
function sumLoop(code: Bytes, c: Compiled, L: WasmLayout, G: number): void {
  code.op(OP.block, VOID, OP.loop, VOID, OP.localGet, I).i32(G);
  code.op(OP.i32Add, OP.localGet, N, OP.i32GtU, OP.brIf, 1);
  code.op(OP.localGet, I).i32(2).op(OP.i32Shl, OP.localSet, B_);
  for (let r = 0; r < G; r++) code.op(OP.localGet, SUM_INIT, OP.localSet, SUM_S + r);
  for (let t = 0; t < c.nTrees; t++) {
    for (let r = 0; r < G; r++) {
      const word = 4 * (c.treeWord[t]! * L.B + r);
      code.op(OP.localGet, SUM_S + r, OP.localGet, B_).mem(OP.i32Load, 2, word);
      code
        .op(OP.i32Ctz)
        .i32(3)
        .op(OP.i32Shl)
        .mem(OP.f64Load, 3, L.leaves + 8 * c.leafBase[t]!);
      code.op(OP.f64Add, OP.localSet, SUM_S + r);
    }
  }
  for (let r = 0; r < G; r++) {
    code.op(OP.localGet, SUB, OP.localGet, I, OP.i32Add).i32(3).op(OP.i32Shl);
    code.op(OP.localGet, SUM_S + r).mem(OP.f64Store, 3, L.out + 8 * r);
  }
  code.op(OP.localGet, I).i32(G).op(OP.i32Add, OP.localSet, I, OP.br, 0, OP.end, OP.end);
}

/** Rows summed together by the sum function (then one at a time for the rest). */
const SUM_GROUP = 4;

function sumFunction(c: Compiled, L: WasmLayout): WasmFunction {
  const code = new Bytes().i32(0).op(OP.localSet, I);
  sumLoop(code, c, L, SUM_GROUP);
  sumLoop(code, c, L, 1);
  const sums = Array.from({ length: SUM_GROUP }, () => F64);
  return { params: [I32, I32, F64], results: [], locals: [I32, I32, ...sums], body: code };
}

/**
 * run(count, base, init): the staged chunk's rows by blocks of B — masks set to all ones, every
 * slot's tests, then the sums — after the sparse slots' cursors are set to 0.
 */
function runFunction(c: Compiled, L: WasmLayout, slots: readonly number[]): WasmFunction {
  const [count, base, init, sub, n] = [0, 1, 2, 3, 4];
  const code = new Bytes()
    .i32(L.cursors)
    .i32(0)
    .i32(4 * c.used.length);
  code.op(OP.prefix, OP.memoryFill, 0x00);
  code.op(OP.block, VOID, OP.loop, VOID, OP.localGet, sub, OP.localGet, count, OP.i32GeU);
  code.op(OP.brIf, 1).i32(L.B).op(OP.localGet, count, OP.localGet, sub, OP.i32Sub);
  // n = min(B, count - sub)
  code.op(OP.localGet, count, OP.localGet, sub, OP.i32Sub).i32(L.B).op(OP.i32GtU, OP.select);
  code
    .op(OP.localSet, n)
    .i32(0)
    .i32(-1)
    .i32(4 * L.W * L.B);
  code.op(OP.prefix, OP.memoryFill, 0x00);
  for (let f = 0; f <= slots.length; f++) {
    code.op(OP.localGet, sub, OP.localGet, n, OP.localGet, f < slots.length ? base : init);
    code.op(OP.call).u32(f);
  }
  code.op(OP.localGet, sub).i32(L.B).op(OP.i32Add, OP.localSet, sub, OP.br, 0, OP.end, OP.end);
  return { params: [I32, I32, F64], results: [], locals: [I32, I32], body: code };
}

/**
 * The module's bytes for compiled c (every tree one mask word: c.single, c.maxTreeWords 1) and
 * layout L. Exports run(count, base, init) and its memory; slots without tests get no function
 * (the sum function follows the slots' and run is last).
 */
export function wasmModuleBytes(c: Compiled, L: WasmLayout): Uint8Array {
  const slots: number[] = [];
  for (let s = 0; s < c.used.length; s++) {
    const tests = c.thrPtr[s + 1]! > c.thrPtr[s]! || c.nanOpPtr[s + 1]! > c.nanOpPtr[s]!;
    if (tests) slots.push(s);
  }
  const funcs = slots.map((s) => slotFunction(c, L, s));
  funcs.push(sumFunction(c, L));
  funcs.push(runFunction(c, L, slots));
  return encodeModule(funcs, L.pages, { run: slots.length + 1 });
}

/** A module using the SIMD instructions of the kernel, to test that the runtime has them. */
export function simdProbe(): Uint8Array {
  const body = new Bytes().v128(Float64Array.of(1, 2)).v128(Float64Array.of(2, 1));
  body.simd(SIMD.f64x2Ge).simd(SIMD.v128AnyTrue);
  return encodeModule([{ params: [], results: [I32], locals: [], body }], 1, {});
}
