import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnSink } from '../../src/features/column-sink.js';

/** Puts the same cells in both passes, as the builder does. */
function fill(sink: ColumnSink, cells: [lo: number, hi: number, col: number, v: number][]) {
  for (const pass of [0, 1]) {
    if (pass === 1) sink.startWriting();
    for (const [lo, hi, col, v] of cells) {
      sink.cover(lo, hi);
      sink.put(col, v);
    }
  }
  return sink.columns();
}

test('cells covering row runs land in sparse or dense columns by the half-rows rule', () => {
  const columns = fill(new ColumnSink(3, 6), [
    [0, 3, 0, 2], // column 0: rows 0-2, 3 of 6 rows (not more than half) → sparse
    [0, 3, 1, 1],
    [3, 4, 1, 5], // column 1: rows 0-3, 4 of 6 rows → dense
    [5, 6, 2, 0.5],
  ]);
  assert.deepEqual(columns[0], {
    kind: 'sparse',
    rows: Uint32Array.from([0, 1, 2]),
    values: Float64Array.from([2, 2, 2]),
  });
  assert.deepEqual(columns[1], { kind: 'dense', values: Float64Array.from([1, 1, 1, 5, 0, 0]) });
  assert.deepEqual(columns[2], {
    kind: 'sparse',
    rows: Uint32Array.from([5]),
    values: Float64Array.from([0.5]),
  });
});

test('counted cells must all be written, and the passes run in order', () => {
  const sink = new ColumnSink(1, 4);
  sink.cover(0, 2);
  sink.put(0, 1);
  assert.throws(() => sink.columns(), /before startWriting/);
  sink.startWriting();
  sink.cover(0, 1);
  sink.put(0, 1);
  assert.throws(
    () => sink.columns(),
    /column 0: the writing pass put 1 cells, the counting pass 2/,
  );
  assert.throws(() => sink.addCells(0, 1), /in the writing pass/);
  assert.throws(() => sink.startWriting(), /called twice/);
});
