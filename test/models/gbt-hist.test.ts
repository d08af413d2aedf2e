import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/index.js';
import { histAlloc, histKernel, histMemory } from '../../src/models/hist-wasm.js';

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
    const kernel = histKernel(memory, wide);
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
