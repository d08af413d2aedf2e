import { test } from 'node:test';
import assert from 'node:assert/strict';
import { denseColumn, makeMatrix, matrixValue, sparseColumn } from '../../src/core/index.js';
import { binOf, fitBins, greedyCuts } from '../../src/models/binning.js';
import { binAt, binRows, fitBinRows } from '../../src/models/binning-rows.js';
import { TREE_ERRORS } from '../../src/models/tree-messages.js';
import { throwsCode } from './data.js';
import { iota, treeData } from './gbt-data.js';

test('few distinct values: one bin each, cuts at midpoints; bin(x) = #cuts ≤ x', () => {
  const X = makeMatrix(6, ['v'], [denseColumn(Float64Array.of(3, 1, 1, 2, NaN, 3))]);
  const layout = fitBins(X, iota(6), 255);
  assert.deepEqual([...layout.cuts[0]!], [1.5, 2.5]);
  assert.equal(layout.nBins[0], 3);
  assert.equal(layout.hasMissing[0], 1);
  // Most common bin (1 twice, 3 twice: the first wins) is the default bin of a dense column.
  assert.equal(layout.defaultBin[0], 0);
  assert.deepEqual(
    [...[0, 1, 1.5, 2, 2.5, 9].map((x) => binOf(layout.cuts[0]!, x))],
    [0, 0, 1, 1, 2, 2],
  );
});

test('greedy quantile cuts: at most maxBins bins, a dominant value keeps its own bin', () => {
  const values = Float64Array.from({ length: 100 }, (_, i) => i);
  const counts = new Float64Array(100).fill(1);
  counts[0] = 900; // zero holds 90% of the rows
  const cuts = greedyCuts(values, counts, 10);
  assert.ok(cuts.length <= 9);
  assert.equal(cuts[0], 0.5, 'zero is alone in the first bin');
  for (let k = 1; k < cuts.length; k++) assert.ok(cuts[k]! > cuts[k - 1]!);
  // Remaining 99 values are spread over the other bins about evenly.
  const sizes: number[] = [];
  let last = 0.5;
  for (const c of [...cuts.slice(1), 100]) {
    sizes.push(Math.ceil(c) - Math.ceil(last));
    last = c;
  }
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 2, `bin sizes ${sizes}`);
  assert.deepEqual(greedyCuts(Float64Array.of(1, 1 + 2 ** -52), Float64Array.of(1, 1), 4), [
    1 + 2 ** -52,
  ]);
});

test('sparse columns stay sparse: only non-default bins are stored, by row and by column', () => {
  const { X } = treeData(300);
  const binned = fitBinRows(X, iota(300), 255);
  const jail = X.columns[0]!;
  assert.equal(jail.kind, 'sparse');
  const stored = binned.colPtr[1]! - binned.colPtr[0]!;
  assert.equal(stored, jail.kind === 'sparse' ? jail.rows.length : -1);
  // The constant column cannot split and stores nothing.
  assert.equal(binned.layout.nBins[5], 1);
  assert.equal(binned.colPtr[6]! - binned.colPtr[5]!, 0);
  // Every (row, feature) bin read back equals bin(value) of the raw matrix.
  for (let r = 0; r < 300; r += 7) {
    for (let j = 0; j < 5; j++) {
      const v = matrixValue(X, r, j);
      const expected = Number.isNaN(v) ? binned.layout.nBins[j]! : binOf(binned.layout.cuts[j]!, v);
      assert.equal(binAt(binned, r, j), expected, `row ${r} feature ${j}`);
    }
  }
  // By-row entries are ascending global bins.
  for (let r = 0; r < 300; r++) {
    for (let e = binned.rowPtr[r]! + 1; e < binned.rowPtr[r + 1]!; e++) {
      assert.ok(binned.entries[e]! > binned.entries[e - 1]!);
    }
  }
});

test('rows in any order: positions follow the rows given; other rows use the same cuts', () => {
  const { X } = treeData(200);
  const rows = Uint32Array.from({ length: 100 }, (_, i) => 199 - 2 * i);
  const binned = fitBinRows(X, rows, 16);
  for (let j = 0; j < 5; j++) assert.ok(binned.layout.nBins[j]! <= 16);
  const other = binRows(X, binned.layout, Uint32Array.of(0, 2, 4));
  assert.equal(other.n, 3);
  for (let j = 0; j < 5; j++) {
    for (let e = binned.colPtr[j]! + 1; e < binned.colPtr[j + 1]!; e++) {
      assert.ok(binned.colPos[e]! > binned.colPos[e - 1]!, 'positions ascend within a column');
    }
  }
  const again = binRows(X, binned.layout, rows);
  assert.deepEqual(again.entries, binned.entries);
  assert.deepEqual(again.colPos, binned.colPos);
});

test('a sparse column whose zero is not the most common bin still bins every row', () => {
  const X = makeMatrix(4, ['s'], [sparseColumn(Uint32Array.of(0, 1, 2), Float64Array.of(5, 5, 7))]);
  const dense = makeMatrix(4, ['s'], [denseColumn(Float64Array.of(5, 5, 7, 0))]);
  const layout = fitBins(dense, iota(4));
  const binned = binRows(X, layout, iota(4));
  assert.deepEqual(
    [0, 1, 2, 3].map((r) => binAt(binned, r, 0)),
    [1, 1, 2, 0],
  );
});

test('bad rows are refused with E_MODEL_ROWS', () => {
  const { X } = treeData(20);
  throwsCode(() => fitBins(X, new Uint32Array(0)), TREE_ERRORS.rows);
  throwsCode(
    () => fitBins(X, Uint32Array.of(1, 1)),
    TREE_ERRORS.rows,
    'invalid rows: row 1 appears twice (positions 0 and 1)',
  );
  throwsCode(() => fitBins(X, Uint32Array.of(20)), TREE_ERRORS.rows);
  assert.throws(() => fitBins(X, iota(20), 1), /invalid maxBins: 1/);
});
