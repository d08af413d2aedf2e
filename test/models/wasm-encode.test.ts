import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bytes, F64, I32, OP, SIMD, encodeModule } from '../../src/models/wasm-encode.js';
import type { WasmFunction } from '../../src/models/wasm-encode.js';

test('LEB128 integers are encoded as in the WebAssembly specification', () => {
  assert.deepEqual(new Bytes().u32(0).b, [0]);
  assert.deepEqual(new Bytes().u32(127).b, [0x7f]);
  assert.deepEqual(new Bytes().u32(128).b, [0x80, 0x01]);
  assert.deepEqual(new Bytes().u32(624485).b, [0xe5, 0x8e, 0x26]);
  assert.deepEqual(new Bytes().u32(0xffffffff).b, [0xff, 0xff, 0xff, 0xff, 0x0f]);
  assert.deepEqual(new Bytes().s32(-1).b, [0x7f]);
  assert.deepEqual(new Bytes().s32(63).b, [0x3f]);
  assert.deepEqual(new Bytes().s32(64).b, [0xc0, 0x00]);
  assert.deepEqual(new Bytes().s32(-123456).b, [0xc0, 0xbb, 0x78]);
  assert.deepEqual(new Bytes().s32(-2147483648).b, [0x80, 0x80, 0x80, 0x80, 0x78]);
});

test('an encoded module runs: a double constant, a comparison, a call past index 127', () => {
  // 200 functions returning their index + 0.1; f(x) = (x >= g199()), called as function 200.
  const funcs: WasmFunction[] = Array.from({ length: 200 }, (_, i) => ({
    params: [],
    results: [F64],
    locals: [],
    body: new Bytes().f64(i + 0.1),
  }));
  const body = new Bytes().op(OP.localGet, 0, OP.call).u32(199).op(OP.f64Ge);
  funcs.push({ params: [F64], results: [I32], locals: [], body });
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const inst = new wasm.Instance(new wasm.Module(encodeModule(funcs, 1, { f: 200 })), {});
  const f = inst.exports.f as (x: number) => number;
  assert.equal(f(199.1), 1);
  assert.equal(f(199.1 - 1e-13), 0);
  assert.equal(f(Infinity), 1);
  assert.equal(f(NaN), 0);
});

test('SIMD: f64x2.ge on two pairs of rows narrowed to four lanes, and m & ~(pass & ~K)', () => {
  // Rows' values 1, NaN | -0, 0.5 against thresholds 1 | 0: pass, fail (NaN), pass (-0 ≥ 0), pass.
  const body = new Bytes().i32(0).v128(Int32Array.of(-1, -1, 7, -1));
  body.v128(Float64Array.of(1, NaN)).v128(Float64Array.of(1, 1)).simd(SIMD.f64x2Ge);
  body.v128(Float64Array.of(-0, 0.5)).v128(Float64Array.of(0, 0)).simd(SIMD.f64x2Ge);
  body.simd(SIMD.i8x16Shuffle).op(0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27);
  body
    .v128(Int32Array.of(~0xf0, ~0xf0, ~0xf0, ~0xf0))
    .simd(SIMD.v128And)
    .simd(SIMD.v128Andnot);
  body.simd(SIMD.v128Store).op(4).u32(0);
  const funcs: WasmFunction[] = [{ params: [], results: [], locals: [], body }];
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const inst = new wasm.Instance(new wasm.Module(encodeModule(funcs, 1, { f: 0 })), {});
  (inst.exports.f as () => void)();
  const memory = inst.exports.memory as { buffer: ArrayBuffer };
  assert.deepEqual(Array.from(new Int32Array(memory.buffer, 0, 4)), [0xf0, -1, 0, 0xf0]);
});

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
