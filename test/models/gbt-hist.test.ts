import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, type Rng } from '../../src/core/index.js';
import { layoutOf, type BinLayout } from '../../src/models/binning.js';
import { histAlloc, histKernels, histMemory } from '../../src/models/hist-wasm.js';
import { scanSplit } from '../../src/models/split-wasm.js';
import { bestSplit, emptySplit, GBT } from '../../src/models/tree-split.js';

// The WebAssembly histogram kernel against the plain JavaScript loop it replaced: every row's g
// and h added to its entries' bins, rows in the order given; the sums must agree bit for bit.

interface Rows {
  readonly rowPtr: Int32Array;
  readonly entries: number[];
  readonly grad: Float64Array;
  readonly hess: Float64Array;
}

/** n rows with 0–40 distinct ascending bins each of `bins`; g and h with zeros, -0 and mixes. */
function randomRows(n: number, bins: number, seed: number): Rows {
  const rng = createRng(seed);
  const rowPtr = new Int32Array(n + 1);
  const entries: number[] = [];
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const picked = new Set<number>();
    const k = rng.int(41);
    for (let i = 0; i < k; i++) picked.add(rng.int(bins));
    entries.push(...[...picked].sort((a, b) => a - b));
    rowPtr[r + 1] = entries.length;
    const kind = r % 7;
    grad[r] = kind === 0 ? 0 : kind === 1 ? -0 : rng.next() - 0.6;
    hess[r] = kind === 0 || kind === 2 ? 0 : rng.next() * 0.25;
  }
  return { rowPtr, entries, grad, hess };
}

/** The reference: a JavaScript loop over order[begin..end). */
function reference(rows: Rows, bins: number, order: Uint32Array, begin: number, end: number) {
  const hist = new Float64Array(2 * bins);
  for (let k = begin; k < end; k++) {
    const r = order[k]!;
    const [g, h] = [rows.grad[r]!, rows.hess[r]!];
    if (g === 0 && h === 0) continue;
    for (let e = rows.rowPtr[r]!; e < rows.rowPtr[r + 1]!; e++) {
      const b = rows.entries[e]!;
      hist[2 * b] = hist[2 * b]! + g;
      hist[2 * b + 1] = hist[2 * b + 1]! + h;
    }
  }
  return hist;
}

function sameBits(a: Float64Array, b: Float64Array, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${what}: slot ${i} is ${a[i]}, expected ${b[i]}`);
  }
}

for (const wide of [false, true]) {
  test(`histogram kernel (${wide ? '32' : '16'}-bit bins) matches the JavaScript loop`, () => {
    const [n, bins] = [900, wide ? 70_000 : 600];
    const rows = randomRows(n, bins, wide ? 2 : 1);
    // Start with a small memory so that the histograms make it grow.
    const memory = histMemory(1);
    const alloc = histAlloc(memory, 0);
    const at = {
      rowPtr: alloc(4 * (n + 1)),
      entries: alloc(rows.entries.length * (wide ? 4 : 2)),
      grad: alloc(8 * n),
      hess: alloc(8 * n),
      order: alloc(4 * n),
    };
    const buffer = memory.buffer;
    new Int32Array(buffer, at.rowPtr, n + 1).set(rows.rowPtr);
    const size = rows.entries.length;
    if (wide) new Uint32Array(buffer, at.entries, size).set(rows.entries);
    else new Uint16Array(buffer, at.entries, size).set(rows.entries);
    new Float64Array(buffer, at.grad, n).set(rows.grad);
    new Float64Array(buffer, at.hess, n).set(rows.hess);
    const order = new Uint32Array(buffer, at.order, n);
    const kernel = histKernels(memory, wide).accumulate;
    // All rows in order, every row reversed, then a shuffled part of the rows (a child node).
    const perm = Array.from({ length: n }, (_, i) => i);
    const rng = createRng(3);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const cases: [string, number[], number, number][] = [
      ['in order', perm.map((_, i) => i), 0, n],
      ['reversed', perm.map((_, i) => n - 1 - i), 0, n],
      ['shuffled part', perm, 123, 611],
      ['empty', perm, 400, 400],
    ];
    for (const [what, o, begin, end] of cases) {
      order.set(o);
      const histAt = alloc(16 * bins);
      const hist = new Float64Array(memory.buffer, histAt, 2 * bins);
      kernel(histAt, at.rowPtr, at.entries, at.order, begin, end, at.grad, at.hess);
      sameBits(hist, reference(rows, bins, order, begin, end), what);
    }
    assert.ok(memory.buffer.byteLength > buffer.byteLength, 'the memory grew');
  });
}

// The WebAssembly split scan against bestSplit: the same split, and the same completed histogram.

/** A node's histogram over `layout` from m random rows (default bins left out, as binning does). */
function nodeHist(layout: BinLayout, m: number, rng: Rng, coarse: boolean) {
  const hist = new Float64Array(2 * layout.offset[layout.p]!);
  let [G, H] = [0, 0];
  for (let r = 0; r < m; r++) {
    const g = coarse ? [-1, 0.5, 1][rng.int(3)]! : rng.next() - 0.4;
    const h = coarse ? 0.25 : 0.05 + rng.next() * 0.2;
    G += g;
    H += h;
    let b = 0;
    for (let j = 0; j < layout.p; j++) {
      const nb = layout.nBins[j]!;
      // Mostly the default bin (sparse features), sometimes missing; odd features repeat the
      // feature before them (the same split gains: ties).
      const u = rng.next();
      if (j % 2 === 0) b = u < 0.6 ? layout.defaultBin[j]! : u < 0.7 ? nb : rng.int(nb);
      if (b === layout.defaultBin[j]) continue;
      const at = 2 * (layout.offset[j]! + b);
      hist[at] = hist[at]! + g;
      hist[at + 1] = hist[at + 1]! + h;
    }
  }
  // Stale numbers in the default bins (as a reused buffer has): completing replaces them.
  for (let j = 0; j < layout.p; j++) {
    const at = 2 * (layout.offset[j]! + layout.defaultBin[j]!);
    [hist[at], hist[at + 1]] = [rng.next(), rng.next()];
  }
  return { hist, G, H };
}

test('split scan kernel matches bestSplit (minus, masks, missing values, ties, limits)', () => {
  const rng = createRng(11);
  const p = 40;
  // Features in pairs of the same bins (see nodeHist).
  const cuts: Float64Array[] = [];
  const defaultBin = new Int32Array(p);
  for (let j = 0; j < p; j += 2) {
    const c = Float64Array.from({ length: j % 5 === 0 ? 1 : 1 + rng.int(20) }, (_, i) => i);
    cuts.push(c, c);
    defaultBin[j] = defaultBin[j + 1] = j % 3 === 0 ? 0 : rng.int(c.length + 1);
  }
  const layout = layoutOf(p, cuts, defaultBin, new Uint8Array(p).fill(1));
  const bins = layout.offset[p]!;
  const features = Int32Array.from({ length: p }, (_, j) => j);
  const memory = histMemory(1);
  const alloc = histAlloc(memory, 0);
  const at = { offset: alloc(4 * (p + 1)), defaultBin: alloc(4 * p) };
  const [featuresAt, maskAt, histAt, minusAt] = [
    alloc(4 * p),
    alloc(p),
    alloc(16 * bins),
    alloc(16 * bins),
  ];
  const buffer = memory.buffer;
  new Int32Array(buffer, at.offset, p + 1).set(layout.offset);
  new Int32Array(buffer, at.defaultBin, p).set(defaultBin);
  new Int32Array(buffer, featuresAt, p).set(features);
  const [wHist, wMinus] = [
    new Float64Array(buffer, histAt, 2 * bins),
    new Float64Array(buffer, minusAt, 2 * bins),
  ];
  const mask = new Uint8Array(buffer, maskAt, p);
  const { scan } = histKernels(memory, false);
  let found = 0;
  for (let t = 0; t < 120; t++) {
    const coarse = t % 2 === 0;
    const node = nodeHist(layout, 5 + rng.int(200), rng, coarse);
    const small = t % 3 === 0 ? nodeHist(layout, 3 + rng.int(50), rng, coarse) : null;
    const c = {
      kind: GBT,
      lambda: t % 4 === 0 ? 0 : 1,
      alpha: 0,
      minChildWeight: [0, 1, 3][t % 3]!,
      minGain: 1e-6,
    } as const;
    const masked = t % 5 === 1;
    for (let j = 0; j < p; j++) mask[j] = masked ? rng.int(2) : 1;
    const [G, H] = small === null ? [node.G, node.H] : [node.G - small.G, node.H - small.H];
    const js = emptySplit();
    const jsHist = Float64Array.from(node.hist);
    bestSplit(
      jsHist,
      layout,
      features,
      G,
      H,
      c,
      js,
      masked ? Uint8Array.from(mask) : null,
      small?.hist ?? null,
    );
    wHist.set(node.hist);
    if (small !== null) wMinus.set(small.hist);
    const ws = emptySplit();
    const minus = small === null ? null : wMinus;
    scanSplit(scan, at, wHist, minus, featuresAt, p, masked ? maskAt : -1, G, H, c, ws);
    assert.deepEqual(ws, js, `node ${t}`);
    sameBits(wHist, jsHist, `node ${t}: completed histogram`);
    if (js.feature >= 0) found++;
  }
  assert.ok(found > 60, `splits found in ${found} of 120 nodes`);
});
