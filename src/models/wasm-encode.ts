/**
 * A small WebAssembly binary encoder, enough for the generated tree kernels (tree-wasm.ts): one
 * memory of the module's own, functions without imports, and the instructions those kernels use.
 * Everything written is numbers (LEB128 integers, little-endian float64 bits), so a module is
 * made from a model's numbers only. Reference: WebAssembly Core Specification 2.0, chapter 5.
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Opcodes used by the kernels (§5.4). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  i32Load8U: 0x2d,
  i32Load16U: 0x2f,
  i32Store: 0x36,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Gt: 0x64,
  f64Ge: 0x66,
  i32Ctz: 0x68,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  f64Abs: 0x99,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64ConvertI32S: 0xb7,
  /** The bulk-memory prefix; `memory.fill` is 0xfc 0x0b 0x00. */
  prefix: 0xfc,
  memoryFill: 0x0b,
} as const;

/** SIMD opcodes (§5.4.8), written after the 0xfd prefix by `Bytes.simd`. */
export const SIMD = {
  v128Load: 0x00,
  v128Load32Splat: 0x09,
  v128Load64Splat: 0x0a,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  f64x2Ne: 0x48,
  f64x2Ge: 0x4c,
  v128And: 0x4e,
  v128Andnot: 0x4f,
  v128AnyTrue: 0x53,
} as const;

/** The empty block type (a block that takes and leaves nothing on the stack). */
export const VOID = 0x40;

/** Bytes of a function body or of a section, appended to. */
export class Bytes {
  readonly b: number[] = [];

  /** Raw bytes (opcodes, types). */
  op(...bytes: number[]): this {
    for (const x of bytes) this.b.push(x);
    return this;
  }

  /** An unsigned LEB128 integer (n < 2^32). */
  u32(n: number): this {
    let x = n >>> 0;
    do {
      const low = x & 0x7f;
      x >>>= 7;
      this.b.push(x === 0 ? low : low | 0x80);
    } while (x !== 0);
    return this;
  }

  /** A signed LEB128 integer (a 32-bit int). */
  s32(n: number): this {
    let x = n | 0;
    for (;;) {
      const low = x & 0x7f;
      x >>= 7;
      const done = (x === 0 && (low & 0x40) === 0) || (x === -1 && (low & 0x40) !== 0);
      this.b.push(done ? low : low | 0x80);
      if (done) return this;
    }
  }

  /** `i32.const n`. */
  i32(n: number): this {
    return this.op(OP.i32Const).s32(n);
  }

  /** `f64.const x`, the double's exact bits (little-endian). */
  f64(x: number): this {
    const bits = new Uint8Array(new Float64Array([x]).buffer);
    return this.op(OP.f64Const, ...bits);
  }

  /** A SIMD instruction (its opcode an unsigned LEB128 after the prefix). */
  simd(opcode: number): this {
    return this.op(0xfd).u32(opcode);
  }

  /** `v128.const` of two doubles (their exact bits) or of four 32-bit ints. */
  v128(lanes: Float64Array | Int32Array): this {
    return this.simd(SIMD.v128Const).op(...new Uint8Array(lanes.buffer, lanes.byteOffset, 16));
  }

  /** A load or store with its alignment (log2 bytes) and a constant byte offset. */
  mem(opcode: number, align: number, offset: number): this {
    return this.op(opcode, align).u32(offset);
  }

  /** Another sequence's bytes (a loop: bodies are too long to spread as arguments). */
  append(other: Bytes): this {
    for (const x of other.b) this.b.push(x);
    return this;
  }

  /** A vector: the count, then the items' bytes. */
  vec(items: readonly Bytes[]): this {
    this.u32(items.length);
    for (const it of items) this.append(it);
    return this;
  }

  /** A name (UTF-8 of ASCII text here). */
  name(s: string): this {
    this.u32(s.length);
    for (let i = 0; i < s.length; i++) this.b.push(s.charCodeAt(i));
    return this;
  }

  /** This byte sequence prefixed with its length. */
  sized(): Bytes {
    return new Bytes().u32(this.b.length).append(this);
  }
}

/** A function of a module: its parameter and result types, extra locals, and body. */
export interface WasmFunction {
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Types of the locals after the parameters. */
  readonly locals: readonly number[];
  /** Instructions, without the final `end`. */
  readonly body: Bytes;
}

function section(id: number, content: Bytes): Bytes {
  return new Bytes().op(id).append(content.sized());
}

/**
 * A module with one memory of `pages` 64 KiB pages (exported as "memory") and these functions
 * (indices in order; `exports` names some of them).
 */
export function encodeModule(
  funcs: readonly WasmFunction[],
  pages: number,
  exports: Readonly<Record<string, number>>,
): Uint8Array {
  const types = funcs.map((f) =>
    new Bytes()
      .op(0x60)
      .vec(f.params.map((t) => new Bytes().op(t)))
      .vec(f.results.map((t) => new Bytes().op(t))),
  );
  const exported = Object.entries(exports).map(([n, i]) => new Bytes().name(n).op(0x00).u32(i));
  exported.push(new Bytes().name('memory').op(0x02).u32(0));
  const code = funcs.map((f) => {
    // Locals as runs of one type each (count, type).
    const runs: Bytes[] = [];
    for (let i = 0; i < f.locals.length;) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      runs.push(new Bytes().u32(j - i).op(f.locals[i]!));
      i = j;
    }
    return new Bytes().vec(runs).append(f.body).op(OP.end).sized();
  });
  const out = new Bytes()
    .op(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00)
    .append(section(1, new Bytes().vec(types)))
    .append(section(3, new Bytes().vec(funcs.map((_, i) => new Bytes().u32(i)))))
    .append(section(5, new Bytes().vec([new Bytes().op(0x01).u32(pages).u32(pages)])))
    .append(section(7, new Bytes().vec(exported)))
    .append(section(10, new Bytes().vec(code)));
  return Uint8Array.from(out.b);
}
