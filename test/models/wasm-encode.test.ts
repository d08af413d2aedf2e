import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bytes, F64, I32, OP, encodeModule } from '../../src/models/wasm-encode.js';
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

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
