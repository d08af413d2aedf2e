/** Small datasets and helpers shared by the models tests. */
import assert from 'node:assert/strict';
import {
  createRng,
  denseColumn,
  isSightlineError,
  makeMatrix,
  sparseColumn,
} from '../../src/core/index.js';
import type { Column, Matrix } from '../../src/core/index.js';

/** A small mixed dataset: 3 sparse indicators, 1 sparse count, 2 dense columns. */
export function smallData(n = 200, seed = 5): { X: Matrix; y: Uint8Array } {
  const rng = createRng(seed);
  const cols: Column[] = [];
  const dense: Float64Array[] = [];
  for (let j = 0; j < 4; j++) {
    const rows: number[] = [];
    const vals: number[] = [];
    for (let i = 0; i < n; i++) {
      if (rng.bernoulli(0.1 + 0.1 * j)) {
        rows.push(i);
        vals.push(j === 3 ? 1 + rng.poisson(2) : 1);
      }
    }
    cols.push(sparseColumn(Uint32Array.from(rows), Float64Array.from(vals)));
    dense.push(
      Float64Array.from({ length: n }, (_, i) => (rows.includes(i) ? vals[rows.indexOf(i)]! : 0)),
    );
  }
  for (let j = 0; j < 2; j++) {
    const v = Float64Array.from({ length: n }, () => rng.normal() * (j + 1));
    cols.push(denseColumn(v));
    dense.push(v);
  }
  const y = Uint8Array.from({ length: n }, (_, i) => {
    const eta = -0.5 + 1.2 * dense[0]![i]! - 0.8 * dense[2]![i]! + 0.5 * dense[4]![i]!;
    return rng.bernoulli(1 / (1 + Math.exp(-eta))) ? 1 : 0;
  });
  return { X: makeMatrix(n, ['a', 'b', 'c', 'count', 'u', 'v'], cols), y };
}

/** The rows of X in the order given, repeats allowed (selectRows keeps one copy of a repeat). */
export function repeatRows(X: Matrix, rows: Uint32Array): Matrix {
  const columns = X.columns.map((c): Column => {
    const full = new Float64Array(X.nRows);
    if (c.kind === 'dense') full.set(c.values);
    else c.rows.forEach((r, k) => (full[r] = c.values[k]!));
    return denseColumn(Float64Array.from(rows, (r) => full[r]!));
  });
  return makeMatrix(rows.length, X.names, columns);
}

/** Asserts that fn throws a SightlineError with `code` (and exactly `message`, when given). */
export function throwsCode(fn: () => unknown, code: string, message?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isSightlineError(e, code), `expected ${code}, got ${String(e)}`);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}
