/**
 * Where the builder's cells go: a two-pass sink that first counts the cells of every column and
 * then, with every column allocated once at its final size and kind, writes them in place. The
 * builder walks the extract twice with the same code (see build.ts), so no intermediate list of
 * cells is ever held and no column array grows or is copied.
 *
 * A cell is put for a run of consecutive rows (`cover(lo, hi)`): a household's shared values go
 * to all its children's rows at once. Contract: each column receives at most one cell per row, in
 * ascending row order, and the writing pass puts exactly the cells the counting pass counted
 * (one by one with `put`, or in bulk with `addCells`); `columns()` checks the totals.
 */
import { check, denseColumn, sparseColumn, type Column } from '../core/index.js';

/**
 * The two-pass column builder (see the module comment).
 *
 *   const sink = new ColumnSink(nColumns, nRows);
 *   walk(sink);            // counting pass: cover(lo, hi), put(col, v), …
 *   sink.startWriting();
 *   walk(sink);            // writing pass: the same calls
 *   const columns = sink.columns();
 */
export class ColumnSink {
  private counting = true;
  private lo = 0;
  private hi = 0;
  /** Cells of each column (non-zero rows). */
  private readonly cells: Float64Array;
  private readonly dense: Uint8Array;
  /** Cells written so far (for a sparse column, also its next free position). */
  private readonly next: Uint32Array;
  private readonly rows: Uint32Array[] = [];
  private readonly values: Float64Array[] = [];

  /** A sink for `nColumns` columns of `nRows` rows, in its counting pass. */
  constructor(
    private readonly nColumns: number,
    private readonly nRows: number,
  ) {
    this.cells = new Float64Array(nColumns);
    this.dense = new Uint8Array(nColumns);
    this.next = new Uint32Array(nColumns);
  }

  /** Whether this is the counting pass (cells' values are not read). */
  isCounting(): boolean {
    return this.counting;
  }

  /** Rows lo..hi−1 are covered by the cells put next. */
  cover(lo: number, hi: number): void {
    this.lo = lo;
    this.hi = hi;
  }

  /** Counting pass: adds `n` cells to column `col` (cells counted in bulk rather than put). */
  addCells(col: number, n: number): void {
    check(this.counting, 'ColumnSink.addCells called in the writing pass');
    this.cells[col]! += n;
  }

  /** Puts `value` (non-zero) in column `col` for the covered rows. */
  put(col: number, value: number): void {
    if (this.counting) {
      this.cells[col]! += this.hi - this.lo;
      return;
    }
    const out = this.values[col]!;
    if (this.dense[col] === 1) {
      for (let row = this.lo; row < this.hi; row++) out[row] = value;
      this.next[col]! += this.hi - this.lo;
      return;
    }
    const outRows = this.rows[col]!;
    let p = this.next[col]!;
    for (let row = this.lo; row < this.hi; row++, p++) {
      outRows[p] = row;
      out[p] = value;
    }
    this.next[col] = p;
  }

  /**
   * Ends the counting pass: allocates each column, dense when more than half its rows are
   * non-zero (the builder's long-standing rule), otherwise sparse.
   */
  startWriting(): void {
    check(this.counting, 'ColumnSink.startWriting called twice');
    this.counting = false;
    let nValues = 0;
    let nRowIndices = 0;
    for (let j = 0; j < this.nColumns; j++) {
      const n = this.cells[j]!;
      this.dense[j] = n * 2 > this.nRows ? 1 : 0;
      nValues += this.dense[j] === 1 ? this.nRows : n;
      nRowIndices += this.dense[j] === 1 ? 0 : n;
    }
    // One shared buffer for all values and one for all row indices: worker threads (batch
    // scoring, models/tree-score-parallel.ts) read the columns without a copy.
    const values = new Float64Array(new SharedArrayBuffer(8 * nValues));
    const rows = new Uint32Array(new SharedArrayBuffer(4 * nRowIndices));
    let v = 0;
    let r = 0;
    for (let j = 0; j < this.nColumns; j++) {
      const n = this.dense[j] === 1 ? this.nRows : this.cells[j]!;
      const nr = this.dense[j] === 1 ? 0 : n;
      this.rows.push(rows.subarray(r, r + nr));
      this.values.push(values.subarray(v, v + n));
      v += n;
      r += nr;
    }
  }

  /** The columns, once the writing pass has put every cell it counted. */
  columns(): Column[] {
    check(!this.counting, 'ColumnSink.columns called before startWriting');
    return this.values.map((values, j) => {
      check(
        this.next[j] === this.cells[j],
        `column ${j}: the writing pass put ${this.next[j]} cells, the counting pass ${this.cells[j]}`,
      );
      return this.dense[j] === 1 ? denseColumn(values) : sparseColumn(this.rows[j]!, values);
    });
  }
}
