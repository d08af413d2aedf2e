import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/index.js';
import { recoverableCells, suppressTable, withMargins } from '../../src/report/index.js';
import { feasibleRanges } from '../../src/report/publish-intervals.js';

/** A suppression mask of an extended grid with the listed cells on. */
function mask(grid: number[][], cells: [number, number][]): boolean[][] {
  const s = grid.map((row) => row.map(() => false));
  for (const [i, j] of cells) s[i]![j] = true;
  return s;
}

/**
 * The integer extremes of each hidden cell by enumeration: every assignment of 0..max to the
 * hidden cells that agrees with every line sum of the extended grid. (Line sums of a table are a
 * totally unimodular system, so the integer extremes are the linear programme's.)
 */
function bruteRanges(grid: number[][], s: boolean[][], max: number): [number, number][] {
  const hidden: [number, number][] = [];
  s.forEach((row, i) => row.forEach((on, j) => on && hidden.push([i, j])));
  const lo = hidden.map(() => Infinity);
  const hi = hidden.map(() => -Infinity);
  const g = grid.map((r) => [...r]);
  const R = g.length - 1;
  const C = g[0]!.length - 1;
  const consistent = () => {
    for (let i = 0; i <= R; i++) {
      let sum = 0;
      for (let j = 0; j < C; j++) sum += g[i]![j]!;
      if (sum !== g[i]![C]) return false;
    }
    for (let j = 0; j <= C; j++) {
      let sum = 0;
      for (let i = 0; i < R; i++) sum += g[i]![j]!;
      if (sum !== g[R]![j]) return false;
    }
    return true;
  };
  const walk = (k: number) => {
    if (k === hidden.length) {
      if (!consistent()) return;
      hidden.forEach(([i, j], h) => {
        lo[h] = Math.min(lo[h]!, g[i]![j]!);
        hi[h] = Math.max(hi[h]!, g[i]![j]!);
      });
      return;
    }
    const [i, j] = hidden[k]!;
    for (let v = 0; v <= max; v++) {
      g[i]![j] = v;
      walk(k + 1);
    }
    g[i]![j] = grid[i]![j]!;
  };
  walk(0);
  return hidden.map((_, h) => [lo[h]!, hi[h]!]);
}

test('two small counts that only balance each other are each pinned to [0, their sum]', () => {
  // Black 2 of 100, Asian 1 of 100, others 40 of 100; hiding the 2 × 2 block of Black and Asian
  // leaves a + c = 43 − 40 = 3 with a, c ≥ 0.
  const grid = withMargins([
    [2, 98],
    [1, 99],
    [40, 60],
  ]);
  const ranges = feasibleRanges(
    grid,
    mask(grid, [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]),
  );
  assert.deepEqual(
    ranges.map((r) => [r.cell, r.lo, r.hi]),
    [
      [[0, 0], 0, 3],
      [[0, 1], 97, 100],
      [[1, 0], 0, 3],
      [[1, 1], 97, 100],
    ],
  );
  // Nothing is recomputable exactly, so the old rule was satisfied; publication now widens it.
  assert.deepEqual(
    recoverableCells(
      grid,
      mask(grid, [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ]),
    ),
    [],
  );
  const r = suppressTable(
    [
      [2, 98],
      [1, 99],
      [40, 60],
    ],
    10,
  );
  assert.ok(r.widened > 0);
  assert.equal(r.narrow, 0);
  for (const x of feasibleRanges(r.grid, r.suppressed)) {
    if (r.primary[x.cell[0]]![x.cell[1]]) assert.ok(x.hi - x.lo >= 10, JSON.stringify(x));
  }
  // The widening partner is the others' 40 (the smallest published cell of the 2's column).
  assert.equal(r.suppressed[2]![0], true);
});

test('a recoverable cell has a range of width zero; an unbounded one has no upper bound', () => {
  const grid = withMargins([
    [40, 3, 25],
    [30, 22, 18],
  ]);
  const only = feasibleRanges(grid, mask(grid, [[0, 1]]));
  assert.deepEqual(
    only.map((r) => [r.lo, r.hi]),
    [[3, 3]],
  );
  // Hiding a whole row and its total and the matching column totals: the row can grow freely.
  const everything = grid.map((row) => row.map(() => true));
  const free = feasibleRanges(grid, everything);
  assert.equal(free[0]!.lo, 0);
  assert.equal(free[0]!.hi, Infinity);
});

test('the linear programme agrees with brute-force enumeration on random small tables', () => {
  const rng = createRng(11);
  for (let t = 0; t < 40; t++) {
    const R = 2 + Math.floor(rng.next() * 2);
    const C = 2;
    const cells = Array.from({ length: R }, () =>
      Array.from({ length: C }, () => Math.floor(rng.next() * 7)),
    );
    const grid = withMargins(cells);
    const inner: [number, number][] = [];
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) inner.push([i, j]);
    const chosen = inner.filter(() => rng.next() < 0.6).slice(0, 4);
    if (rng.next() < 0.3) chosen.push([0, C]);
    const s = mask(grid, chosen);
    const max = grid[R]![C]!;
    const lp = feasibleRanges(grid, s).map((r) => [r.lo, r.hi]);
    assert.deepEqual(lp, bruteRanges(grid, s, max), `table ${t}: ${JSON.stringify(grid)}`);
  }
});

test('random tables: no hidden count is recomputable or narrower than the threshold, complements stay inside', () => {
  const rng = createRng(5);
  let widened = 0;
  for (let t = 0; t < 60; t++) {
    const R = 2 + Math.floor(rng.next() * 4);
    const C = 2 + Math.floor(rng.next() * 3);
    const cells = Array.from({ length: R }, () =>
      Array.from({ length: C }, () =>
        rng.next() < 0.25 ? Math.floor(rng.next() * 10) : 10 + Math.floor(rng.next() * 90),
      ),
    );
    const r = suppressTable(cells, 10);
    widened += r.widened;
    assert.deepEqual(recoverableCells(r.grid, r.suppressed), [], `table ${t}`);
    const narrow = feasibleRanges(r.grid, r.suppressed).filter(
      (x) => r.primary[x.cell[0]]![x.cell[1]] && x.hi - x.lo < 10,
    );
    assert.equal(narrow.length, r.narrow, `table ${t}`);
    assert.equal(r.narrow, 0, `table ${t}: ${JSON.stringify(cells)}`);
    const marginsSmall = r.grid.some((row, i) =>
      row.some((v, j) => (i === R || j === C) && v < 10),
    );
    if (!marginsSmall) assert.equal(r.marginComplements, 0, `table ${t}: ${JSON.stringify(cells)}`);
  }
  assert.ok(widened > 0, 'some random table needed widening');
});
