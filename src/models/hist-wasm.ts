/**
 * The boosting histogram kernel (tree-hist.ts describes the histograms) in WebAssembly, over a
 * shared memory the module imports, which holds the by-row entry lists, gradients, hessians, row
 * order and histograms (fitGbt's on one thread, fitGbtParallel's on both). Each row's g and h are
 * added to its entries' bins in the node's row order (f64.add is IEEE addition, as JavaScript's
 * +), so the histograms are those of a plain JavaScript loop bit for bit; WebAssembly has no
 * bounds checks and reads the 16-bit bins straight from memory: a root histogram of the bench's
 * 32,727 rows took 3.6 ms against 10.5 ms with the JavaScript loop it replaces (bench/README.md).
 * Encoded with wasm-encode.ts's Bytes; the module is small and made once per memory and thread.
 */
import { Bytes, F64, I32, OP } from './wasm-encode.js';
import { SCAN_LOCALS, SCAN_PARAMS, SCAN_RESULTS, scanBody, type ScanKernel } from './split-wasm.js';

/** A shared WebAssembly.Memory, typed for what is used here (the project's TS libs omit the API). */
export interface WasmMemory {
  /** All of the memory (a fresh SharedArrayBuffer once it has grown). */
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: true }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: HistKernels };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

// Locals: the parameters, then r, e, e1, a (i32) and g, h (f64).
const [HIST, ROW_PTR, ENTRIES, ORDER, K, END, GRAD, HESS] = [0, 1, 2, 3, 4, 5, 6, 7];
const [R, E, E1, A, G, H] = [8, 9, 10, 11, 12, 13];

/** `local.get a; local.get b; i32.const s; i32.shl; i32.add`: the address a + (b << s). */
function address(out: Bytes, base: number, index: number, shift: number): Bytes {
  out.op(OP.localGet, base, OP.localGet, index).i32(shift).op(OP.i32Shl, OP.i32Add);
  return out;
}

/**
 * accumulate(hist, rowPtr, entries, order, begin, end, grad, hess): byte addresses of the arrays
 * (entries 16-bit when `wide` is false, else 32-bit), begin and end positions in order.
 */
function kernelBody(wide: boolean): Bytes {
  const b = new Bytes();
  const entryShift = wide ? 2 : 1;
  b.op(OP.block, 0x40);
  b.op(OP.localGet, K, OP.localGet, END, OP.i32GeU, OP.brIf, 0);
  b.op(OP.loop, 0x40);
  b.op(OP.block, 0x40);
  // r = order[k]; g = grad[r]; h = hess[r]
  address(b, ORDER, K, 2).mem(OP.i32Load, 2, 0).op(OP.localSet, R);
  address(b, GRAD, R, 3).mem(OP.f64Load, 3, 0).op(OP.localSet, G);
  address(b, HESS, R, 3).mem(OP.f64Load, 3, 0).op(OP.localSet, H);
  // A row with h = 0 and g = 0 adds nothing.
  b.op(OP.localGet, H).f64(0).op(OP.f64Eq, OP.localGet, G).f64(0).op(OP.f64Eq, OP.i32And);
  b.op(OP.brIf, 0);
  // e, e1: the row's first and end entry, as byte addresses.
  address(b, ROW_PTR, R, 2).op(OP.localTee, A).mem(OP.i32Load, 2, 0).op(OP.localSet, E);
  b.op(OP.localGet, A).mem(OP.i32Load, 2, 4).op(OP.localSet, E1);
  b.op(OP.localGet, E, OP.localGet, E1, OP.i32GeU, OP.brIf, 0);
  address(b, ENTRIES, E, entryShift).op(OP.localSet, E);
  address(b, ENTRIES, E1, entryShift).op(OP.localSet, E1);
  b.op(OP.loop, 0x40);
  // a = hist + 16·bin; hist[a] += g; hist[a + 8] += h
  b.op(OP.localGet, HIST, OP.localGet, E);
  if (wide) b.mem(OP.i32Load, 2, 0);
  else b.mem(OP.i32Load16U, 1, 0);
  b.i32(4).op(OP.i32Shl, OP.i32Add, OP.localTee, A);
  b.op(OP.localGet, A).mem(OP.f64Load, 3, 0).op(OP.localGet, G, OP.f64Add).mem(OP.f64Store, 3, 0);
  b.op(OP.localGet, A, OP.localGet, A).mem(OP.f64Load, 3, 8);
  b.op(OP.localGet, H, OP.f64Add).mem(OP.f64Store, 3, 8);
  b.op(OP.localGet, E)
    .i32(wide ? 4 : 2)
    .op(OP.i32Add, OP.localTee, E);
  b.op(OP.localGet, E1, OP.i32LtU, OP.brIf, 0);
  b.op(OP.end); // loop over the row's entries
  b.op(OP.end); // block: the next row
  b.op(OP.localGet, K).i32(1).op(OP.i32Add, OP.localTee, K, OP.localGet, END, OP.i32LtU);
  b.op(OP.brIf, 0);
  b.op(OP.end); // loop over rows
  b.op(OP.end); // block
  return b;
}

function section(id: number, content: Bytes): Bytes {
  return new Bytes().op(id).append(content.sized());
}

/**
 * Most pages of a histogram memory (the largest a 32-bit memory can be): a shared memory needs a
 * maximum, and this one only reserves address space.
 */
const MAX_PAGES = 65536;
const PAGE = 65536;

/** A function type's bytes. */
function funcType(params: readonly number[], results: readonly number[]): Bytes {
  const t = new Bytes().op(0x60).u32(params.length);
  for (const x of params) t.op(x);
  t.u32(results.length);
  for (const x of results) t.op(x);
  return t;
}

/** A function's code: its extra locals (as runs of one type) and body. */
function funcCode(locals: readonly number[], body: Bytes): Bytes {
  const runs: Bytes[] = [];
  for (let i = 0; i < locals.length;) {
    let j = i;
    while (j < locals.length && locals[j] === locals[i]) j++;
    runs.push(new Bytes().u32(j - i).op(locals[i]!));
    i = j;
  }
  return new Bytes().vec(runs).append(body).op(OP.end).sized();
}

/**
 * The module's bytes: imports env.memory (shared, up to MAX_PAGES), exports `accumulate` (below)
 * and `scan` (split-wasm.ts).
 */
export function histModuleBytes(wide: boolean): Uint8Array {
  const types = [funcType(Array<number>(8).fill(I32), []), funcType(SCAN_PARAMS, SCAN_RESULTS)];
  const limits = new Bytes().op(0x03).u32(0).u32(MAX_PAGES);
  const imp = new Bytes().name('env').name('memory').op(0x02).append(limits);
  const code = [
    funcCode([I32, I32, I32, I32, F64, F64], kernelBody(wide)),
    funcCode(SCAN_LOCALS, scanBody()),
  ];
  const exported = [
    new Bytes().name('accumulate').op(0x00).u32(0),
    new Bytes().name('scan').op(0x00).u32(1),
  ];
  const out = new Bytes()
    .op(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00)
    .append(section(1, new Bytes().vec(types)))
    .append(section(2, new Bytes().vec([imp])))
    .append(section(3, new Bytes().vec([new Bytes().u32(0), new Bytes().u32(1)])))
    .append(section(7, new Bytes().vec(exported)))
    .append(section(10, new Bytes().vec(code)));
  return Uint8Array.from(out.b);
}

/**
 * accumulate(hist, rowPtr, entries, order, begin, end, grad, hess): adds grad[r] and hess[r] of
 * each row r = order[k], k in begin..end, to the bins of its entries
 * entries[rowPtr[r] .. rowPtr[r + 1]) (hist[2·bin] += g, hist[2·bin + 1] += h), skipping rows
 * with g = h = 0. Arguments are byte addresses in the memory (begin and end are positions).
 */
export type HistKernel = (
  hist: number,
  rowPtr: number,
  entries: number,
  order: number,
  begin: number,
  end: number,
  grad: number,
  hess: number,
) => void;

/** The kernels of one module instance. */
export interface HistKernels {
  readonly accumulate: HistKernel;
  readonly scan: ScanKernel;
}

/** The kernels over a histogram memory (16-bit entries unless `wide`), on this thread. */
export function histKernels(memory: WasmMemory, wide: boolean): HistKernels {
  const module = new wasm.Module(histModuleBytes(wide));
  return new wasm.Instance(module, { env: { memory } }).exports;
}

/** A shared memory for the kernel of `bytes` bytes to begin with (it grows: histAlloc). */
export function histMemory(bytes: number): WasmMemory {
  const initial = Math.max(1, Math.ceil(bytes / PAGE));
  return new wasm.Memory({ initial, maximum: MAX_PAGES, shared: true });
}

/**
 * Hands out space of `memory` from byte `top` on, 16-byte aligned: alloc(bytes) returns the byte
 * address of `bytes` new bytes (zeros), growing the memory when needed.
 */
export function histAlloc(memory: WasmMemory, top: number): (bytes: number) => number {
  let next = top;
  return (bytes) => {
    const at = next;
    next = 16 * Math.ceil((next + bytes) / 16);
    const pages = memory.buffer.byteLength / PAGE;
    if (next > pages * PAGE) memory.grow(Math.ceil(next / PAGE) - pages);
    return at;
  };
}
