/**
 * The boosting split search (tree-split.ts's bestSplit for the GBT criterion with α = 0, the
 * default) in WebAssembly, a function of hist-wasm.ts's module over the same memory. It does what
 * bestSplit does, in the same order and with the same IEEE arithmetic, so the chosen split is the
 * same bit for bit: for each listed feature, the histogram completed (`minus` subtracted, the
 * default bin set to the node's totals minus the other bins), then, when the feature is drawn,
 * its bins scanned in ascending order for the split of the largest gain
 * (GL²/(HL+λ) + GR²/(HR+λ) − parent), missing values right then left, a later candidate kept only
 * with a strictly larger gain.
 */
import { Bytes, F64, I32, OP, VOID } from './wasm-encode.js';
import { sideScore, type Criterion, type SplitChoice } from './tree-split.js';

/** Instructions with named labels: br and br_if name the block or loop they leave or repeat. */
class Asm {
  readonly b = new Bytes();
  private readonly labels: string[] = [];

  open(opcode: number, label: string): this {
    this.b.op(opcode, VOID);
    this.labels.push(label);
    return this;
  }

  end(): this {
    this.b.op(OP.end);
    this.labels.pop();
    return this;
  }

  private depth(label: string): number {
    const i = this.labels.lastIndexOf(label);
    if (i < 0) throw new Error(`no label ${label}`);
    return this.labels.length - 1 - i;
  }

  br(label: string): this {
    this.b.op(OP.br).u32(this.depth(label));
    return this;
  }

  brIf(label: string): this {
    this.b.op(OP.brIf).u32(this.depth(label));
    return this;
  }

  get(...locals: number[]): this {
    for (const l of locals) this.b.op(OP.localGet, l);
    return this;
  }

  set(local: number): this {
    this.b.op(OP.localSet, local);
    return this;
  }

  op(...bytes: number[]): this {
    this.b.op(...bytes);
    return this;
  }

  /** f64.load or f64.store at the address on the stack plus `offset`. */
  load(offset = 0): this {
    this.b.mem(OP.f64Load, 3, offset);
    return this;
  }

  store(offset = 0): this {
    this.b.mem(OP.f64Store, 3, offset);
    return this;
  }

  i32Load(): this {
    this.b.mem(OP.i32Load, 2, 0);
    return this;
  }
}

/** The scan's parameters, extra locals and results (for hist-wasm.ts's module). */
export const SCAN_PARAMS = [...Array<number>(7).fill(I32), ...Array<number>(6).fill(F64)];
export const SCAN_LOCALS = [...Array<number>(11).fill(I32), ...Array<number>(15).fill(F64)];
export const SCAN_RESULTS = [F64, I32, I32, I32, F64, F64];
// Parameters: hist, minus (-1: none), offset (Int32, p + 1), defaultBin (Int32), features (Int32),
// count, mask (Uint8, -1: none) as byte addresses (i32), then the node's G, H, λ, minChildWeight,
// parent score and the gain to beat (f64).
const [HIST, MINUS, OFFSET, DEFAULT, FEATURES, COUNT, MASK] = [0, 1, 2, 3, 4, 5, 6];
const [G, H, LAMBDA, MCW, PARENT, BEST] = [7, 8, 9, 10, 11, 12];
// i32 locals: the feature's place in the list, the feature, the addresses of its first bin, of
// its end (then of the scan's end), of the current bin and of its default bin, minus − hist; the
// best feature, bin and default direction; whether the node has missing values of the feature.
const [F, J, A, Z, P, D, DELTA] = [13, 14, 15, 16, 17, 18, 19];
const [BF, BBIN, BLEFT, MISSING] = [20, 21, 22, 23];
// f64 locals: the feature's sums, a bin's g and h, the left side's sums (missing right, then
// missing left), the right side's, the missing bin's, the best split's left sums, a gain.
const [SG, SH, GB, HB, GL, HL, GLM, HLM, GR, HR, GM, HM, BGL, BHL, GAIN] = [
  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38,
];

/**
 * scan(hist, minus, offset, defaultBin, features, count, mask, G, H, λ, minChildWeight, parent,
 * best) → [gain, feature (-1: none beat `best`), bin, defaultLeft (1/0), GL, HL].
 */
export type ScanKernel = (...args: number[]) => [number, number, number, number, number, number];

/**
 * bestSplit (tree-split.ts) of a node for the GBT criterion with α = 0, by the kernel: the same
 * split into `out`. hist, minus and the arrays are in the kernel's memory (`at`: byte addresses
 * of the layout's offset and defaultBin, of the listed features and of the mask, -1 for none).
 */
export function scanSplit(
  scan: ScanKernel,
  at: { readonly offset: number; readonly defaultBin: number },
  hist: Float64Array,
  minus: Float64Array | null,
  features: number,
  count: number,
  mask: number,
  G: number,
  H: number,
  c: Criterion,
  out: SplitChoice,
): void {
  const parent = sideScore(c, G, H);
  const m = minus === null ? -1 : minus.byteOffset;
  const r = scan(
    hist.byteOffset,
    m,
    at.offset,
    at.defaultBin,
    features,
    count,
    mask,
    G,
    H,
    c.lambda,
    c.minChildWeight,
    parent,
    c.minGain,
  );
  out.feature = r[1];
  if (r[1] < 0) {
    out.gain = 0;
    return;
  }
  out.gain = r[0];
  out.bin = r[2];
  out.defaultLeft = r[3] === 1;
  out.GL = r[4];
  out.HL = r[5];
  out.GR = G - r[4];
  out.HR = H - r[5];
}

/** Pushes base + (i32.load(array + 4·index + offset) << 4): a bin's byte address. */
function binAddress(x: Asm, base: number, array: number, index: number, offset: number): void {
  x.get(base, array, index).op(OP.i32Const, 2, OP.i32Shl, OP.i32Add);
  x.b.mem(OP.i32Load, 2, offset);
  x.op(OP.i32Const, 4, OP.i32Shl, OP.i32Add);
}

/**
 * A candidate with left sums (gl, hl): when both sides are allowed and its gain beats BEST, it
 * becomes the best (default direction: `left` pushes it, an i32).
 */
function candidate(x: Asm, gl: number, hl: number, left: (x: Asm) => void): void {
  x.get(H, hl).op(OP.f64Sub).set(HR);
  x.get(hl, MCW).op(OP.f64Ge, OP.localGet, HR, OP.localGet, MCW, OP.f64Ge, OP.i32And);
  x.get(hl).b.f64(0);
  x.op(OP.f64Gt, OP.i32And, OP.localGet, HR).b.f64(0);
  x.op(OP.f64Gt, OP.i32And).open(OP.if, 'allowed');
  x.get(G, gl).op(OP.f64Sub).set(GR);
  x.get(gl, gl).op(OP.f64Mul).get(hl, LAMBDA).op(OP.f64Add, OP.f64Div);
  x.get(GR, GR).op(OP.f64Mul).get(HR, LAMBDA).op(OP.f64Add, OP.f64Div, OP.f64Add);
  x.get(PARENT).op(OP.f64Sub, OP.localTee, GAIN, OP.localGet, BEST, OP.f64Gt).open(OP.if, 'better');
  x.get(GAIN).set(BEST);
  x.get(J).set(BF);
  x.get(P, A).op(OP.i32Sub, OP.i32Const, 4, OP.i32ShrS).set(BBIN);
  left(x);
  x.set(BLEFT);
  x.get(gl).set(BGL);
  x.get(hl).set(BHL);
  x.end().end();
}

/** The scan's body (see the file comment and ScanKernel). */
export function scanBody(): Bytes {
  const x = new Asm();
  x.op(OP.i32Const, 0x7f).set(BF); // -1
  x.open(OP.block, 'done').open(OP.loop, 'feature');
  x.get(F, COUNT).op(OP.i32GeU).brIf('done');
  x.get(FEATURES, F).op(OP.i32Const, 2, OP.i32Shl, OP.i32Add).i32Load().set(J);
  binAddress(x, HIST, OFFSET, J, 0);
  x.set(A);
  binAddress(x, HIST, OFFSET, J, 4);
  x.set(Z);
  binAddress(x, A, DEFAULT, J, 0);
  x.set(D);
  // Complete the histogram: subtract `minus` (when given) while summing, then the default bin.
  x.b.f64(0);
  x.set(SG).b.f64(0);
  x.set(SH).get(A).set(P);
  x.get(MINUS).op(OP.i32Const, 0, OP.i32GeS).open(OP.if, 'minus');
  x.get(MINUS, HIST).op(OP.i32Sub).set(DELTA);
  x.open(OP.loop, 'subtract');
  x.get(P).load().get(P, DELTA).op(OP.i32Add).load().op(OP.f64Sub).set(GB);
  x.get(P).load(8).get(P, DELTA).op(OP.i32Add).load(8).op(OP.f64Sub).set(HB);
  x.get(P, GB).store().get(P, HB).store(8);
  x.get(SG, GB).op(OP.f64Add).set(SG).get(SH, HB).op(OP.f64Add).set(SH);
  x.get(P)
    .op(OP.i32Const, 16, OP.i32Add, OP.localTee, P, OP.localGet, Z, OP.i32LtU)
    .brIf('subtract');
  x.end().op(OP.else).open(OP.loop, 'sum');
  x.get(SG, P).load().op(OP.f64Add).set(SG).get(SH, P).load(8).op(OP.f64Add).set(SH);
  x.get(P).op(OP.i32Const, 16, OP.i32Add, OP.localTee, P, OP.localGet, Z, OP.i32LtU).brIf('sum');
  x.end().end();
  x.get(D, G, SG, D).load().op(OP.f64Sub, OP.f64Sub).store();
  x.get(D, H, SH, D).load(8).op(OP.f64Sub, OP.f64Sub).store(8);
  x.open(OP.block, 'next');
  // A feature not drawn for the node is completed, not scanned.
  x.get(MASK).op(OP.i32Const, 0, OP.i32GeS).open(OP.if, 'masked');
  x.get(MASK, J).op(OP.i32Add).b.mem(OP.i32Load8U, 0, 0);
  x.op(OP.i32Const, 1, OP.i32Ne).brIf('next');
  x.end();
  // The missing bin is the last; the scan stops before the last value bin.
  x.get(Z).op(OP.i32Const, 16, OP.i32Sub, OP.localTee, P).load().set(GM);
  x.get(P).load(8).set(HM);
  x.get(HM).b.f64(1e-12);
  x.get(H).op(OP.f64Abs, OP.f64Mul, OP.f64Gt, OP.localGet, GM).b.f64(0);
  x.op(OP.f64Ne, OP.i32Or).set(MISSING);
  x.get(P).op(OP.i32Const, 16, OP.i32Sub).set(Z);
  x.b.f64(0);
  x.set(GL).b.f64(0);
  x.set(HL).get(A).set(P);
  x.open(OP.block, 'scanned').open(OP.loop, 'bin');
  x.get(P, Z).op(OP.i32GeU).brIf('scanned');
  x.open(OP.block, 'nextBin');
  x.get(P).load(8).op(OP.localTee, HB).b.f64(0);
  x.op(OP.f64Eq, OP.localGet, P).load().op(OP.localTee, GB).b.f64(0);
  x.op(OP.f64Eq, OP.i32And).brIf('nextBin');
  x.get(GL, GB).op(OP.f64Add).set(GL).get(HL, HB).op(OP.f64Add).set(HL);
  candidate(x, GL, HL, (y) =>
    y.get(MISSING).op(OP.i32Eqz, OP.localGet, HL, OP.localGet, HR, OP.f64Ge, OP.i32And),
  );
  x.get(MISSING).op(OP.i32Eqz).brIf('nextBin');
  x.get(GL, GM).op(OP.f64Add).set(GLM).get(HL, HM).op(OP.f64Add).set(HLM);
  candidate(x, GLM, HLM, (y) => y.op(OP.i32Const, 1));
  x.end(); // nextBin
  x.get(P).op(OP.i32Const, 16, OP.i32Add).set(P).br('bin');
  x.end().end(); // bin, scanned
  x.end(); // next
  x.get(F).op(OP.i32Const, 1, OP.i32Add).set(F).br('feature');
  x.end().end(); // feature, done
  x.get(BEST, BF, BBIN, BLEFT, BGL, BHL);
  return x.b;
}
