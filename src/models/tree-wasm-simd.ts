/**
 * A dense slot's function of the WebAssembly kernel (tree-wasm.ts) with SIMD: four rows at a
 * time, every threshold tested without a branch. Mask word w of the block's row i is at byte
 * 4·(w·B + i), so the four rows' words of a tree are one v128. For threshold t with mask K,
 * `f64x2.ge` of each pair of rows' values against t (IEEE, as the scalar f64.ge: false for NaN)
 * gives each row's outcome, narrowed to four 32-bit lanes; the words become m & ~(ge & ~K), so a
 * row that passes is and-ed with K, the others keep m. NaN rows' ops the same way with f64x2.ne
 * (v != v), behind one test that any of the four is NaN. Rows past the block's count are scored
 * too (their masks are never read).
 */
import type { Compiled } from './tree-compile.js';
import type { WasmLayout } from './tree-wasm-layout.js';
import { Bytes, I32, OP, SIMD, V128, VOID, type WasmFunction } from './wasm-encode.js';

// Parameters (sub, n, base) as every slot function's; locals i, b, two rows' values each in v01
// and v23, and which of the four rows pass the current test.
const SUB = 0;
const N = 1;
const I = 3;
const B_ = 4;
const V01 = 5;
const V23 = 6;
const PASS = 7;

/** Distinct thresholds between two tests that any of the four rows still passes. */
const EXIT_EVERY = 4;

/** The low 32 bits of each 64-bit lane of two vectors, as four lanes. */
const NARROW = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];

/**
 * The four rows' word `word` becomes m & ~(pass & ~mask), ~mask read from memory at byte `keep`
 * (a load and splat costs less than a v128 constant).
 */
function apply(code: Bytes, L: WasmLayout, word: number, keep: number): void {
  const at = 4 * word * L.B;
  code.op(OP.localGet, B_, OP.localGet, B_).simd(SIMD.v128Load).op(4).u32(at);
  code.op(OP.localGet, PASS).i32(0).simd(SIMD.v128Load32Splat).op(2).u32(keep);
  code.simd(SIMD.v128And).simd(SIMD.v128Andnot).simd(SIMD.v128Store).op(4).u32(at);
}

/**
 * Into local PASS: the four rows' outcomes of f64x2 op `cmp` against the threshold at byte `at`
 * (splat), or of each value against itself when `at` is null.
 */
function lanes(code: Bytes, cmp: number, at: number | null): void {
  if (at !== null) code.i32(0).simd(SIMD.v128Load64Splat).op(3).u32(at).op(OP.localSet, PASS);
  for (const v of [V01, V23])
    code.op(OP.localGet, v, OP.localGet, at === null ? v : PASS).simd(cmp);
  code
    .simd(SIMD.i8x16Shuffle)
    .op(...NARROW)
    .op(OP.localSet, PASS);
}

/** Slot s's function for a dense staged column (L.dense[s] ≥ 0). */
export function denseFunction(c: Compiled, L: WasmLayout, s: number): WasmFunction {
  const code = new Bytes().i32(0).op(OP.localSet, I);
  code.op(OP.block, VOID, OP.loop, VOID, OP.localGet, I, OP.localGet, N, OP.i32GeU, OP.brIf, 1);
  code.op(OP.localGet, SUB, OP.localGet, I, OP.i32Add).i32(3).op(OP.i32Shl, OP.localSet, B_);
  code.op(OP.localGet, B_).simd(SIMD.v128Load).op(3).u32(L.dense[s]!).op(OP.localSet, V01);
  code
    .op(OP.localGet, B_)
    .simd(SIMD.v128Load)
    .op(3)
    .u32(L.dense[s]! + 16)
    .op(OP.localSet, V23);
  code.op(OP.localGet, I).i32(2).op(OP.i32Shl, OP.localSet, B_);
  // One comparison per distinct threshold (models share bin edges); thresholds ascend, so when
  // no row passes one the later ones are skipped, tested every EXIT_EVERY distinct thresholds.
  let opened = 0;
  let distinct = 0;
  for (let k = c.thrPtr[s]!; k < c.thrPtr[s + 1]!; k++) {
    if (k === c.thrPtr[s]! || c.thr[k] !== c.thr[k - 1]) {
      lanes(code, SIMD.f64x2Ge, L.thresholds + 8 * k);
      if (distinct > 0 && distinct % EXIT_EVERY === 0) {
        code.op(OP.localGet, PASS).simd(SIMD.v128AnyTrue).op(OP.if, VOID);
        opened++;
      }
      distinct++;
    }
    apply(code, L, c.thrWord[k]!, L.keeps + 4 * k);
  }
  for (; opened > 0; opened--) code.op(OP.end);
  if (c.nanOpPtr[s + 1]! > c.nanOpPtr[s]!) {
    lanes(code, SIMD.f64x2Ne, null);
    code.op(OP.localGet, PASS).simd(SIMD.v128AnyTrue).op(OP.if, VOID);
    for (let o = c.nanOpPtr[s]!; o < c.nanOpPtr[s + 1]!; o++) {
      apply(code, L, c.nanWord[o]!, L.nanKeeps + 4 * o);
    }
    code.op(OP.end);
  }
  code.op(OP.localGet, I).i32(4).op(OP.i32Add, OP.localSet, I, OP.br, 0, OP.end, OP.end);
  return { params: [I32, I32, I32], results: [], locals: [I32, I32, V128, V128, V128], body: code };
}
