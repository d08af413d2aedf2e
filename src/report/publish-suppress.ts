/**
 * Small-cell suppression for public tables, with complementary suppression.
 *
 * A table of counts is published with its margins (row totals, column totals and the grand total),
 * so it is handled as the extended grid of (R+1) × (C+1) cells whose last row and column are the
 * totals. Every count below the threshold is suppressed (primary). A suppressed cell could then be
 * recomputed by subtraction when the published numbers pin it down; with the signs of the totals
 * flipped, every line of the extended grid sums to zero, so the suppressed cells can be moved
 * without changing anything published exactly along cycles of the bipartite graph rows–columns
 * whose edges are the suppressed cells. A suppressed cell is therefore recoverable exactly when it
 * lies on no such cycle. `suppressTable` adds complementary suppressions (the smallest cell that
 * closes a cycle, preferring the cell where a row and a column each hold a lone suppression) until
 * no suppressed cell is recoverable; `recoverableCells` checks this independently by linear
 * algebra (is the cell's unit vector in the row space of the published equations?).
 *
 * Two further rules. Complements are taken from the table's inner cells whenever one closes the
 * cycle: a group's total or a column total is often published again by another table (the same
 * group's size under another metric, the "all" row under another grouping), so hiding it here
 * and publishing it there would link the two tables and undo the protection. And since counts are
 * never negative, a hidden count that cannot be recomputed may still be pinned to a narrow range
 * (two small hidden counts that only balance each other are each in [0, their sum]): while a
 * primary cell's feasible range (publish-intervals.ts) is narrower than the threshold, the
 * smallest published inner cell of its row or column is hidden too, and the cycles closed again.
 */
import { SightlineError } from '../core/index.js';
import { feasibleRanges, gridEquations } from './publish-intervals.js';

/** The outcome of suppressing one table. */
export interface Suppression {
  /** The extended grid: the cells, each row's total last, and the column totals as the last row. */
  readonly grid: readonly (readonly number[])[];
  /** Suppressed cells of the extended grid (primary and complementary). */
  readonly suppressed: readonly (readonly boolean[])[];
  /** Cells suppressed because they are below the threshold. */
  readonly primary: readonly (readonly boolean[])[];
  /** How many cells were suppressed only so that the others cannot be recomputed or narrowed. */
  readonly complementary: number;
  /** Of those, how many were added because a small count's feasible range was too narrow. */
  readonly widened: number;
  /** Primary cells whose feasible range stayed narrower than the threshold (nothing left to hide). */
  readonly narrow: number;
  /** Complements that had to be taken from the margins (no inner cell closed the cycle). */
  readonly marginComplements: number;
}

/** The extended grid of a table: each row with its total, then the row of column totals. */
export function withMargins(cells: readonly (readonly number[])[]): number[][] {
  const C = cells[0]?.length ?? 0;
  for (const [i, row] of cells.entries()) {
    if (row.length !== C || row.some((v) => !Number.isInteger(v) || v < 0)) {
      throw new SightlineError(
        'E_PUBLISH_TABLE',
        `table row ${i} has ${row.length} cells (${row.join(', ')}); every row needs ${C} non-negative integer counts. Fix: pass whole counts.`,
      );
    }
  }
  const grid = cells.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totals = Array.from({ length: C + 1 }, (_, j) => grid.reduce((a, r) => a + r[j]!, 0));
  return [...grid, totals];
}

/**
 * Suppresses every count below `minCell` (zero included, except in a row or column whose total is
 * 0: it holds nobody) in a table published with its margins,
 * then adds complementary suppressions until no suppressed cell can be recomputed from the
 * published numbers. `forced` (same shape as the extended grid) marks cells already hidden for
 * another reason; they count as primary. Deterministic: ties go to the first cell in row-major order.
 * @example suppressTable([[40, 3, 25], [30, 22, 18], [50, 41, 12]], 10) // hides 3 and a partner in its row and column
 */
export function suppressTable(
  cells: readonly (readonly number[])[],
  minCell: number,
  forced?: readonly (readonly boolean[])[],
): Suppression {
  if (!Number.isInteger(minCell) || minCell < 1) {
    throw new SightlineError(
      'E_PUBLISH_TABLE',
      `min-cell must be a positive integer, got ${minCell}. Fix: pass e.g. 10.`,
    );
  }
  const grid = withMargins(cells);
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  // A line whose total is 0 holds nobody: its zeros disclose nothing and need no protection
  // (even when the report withheld the rate they would make: 0 of 0).
  const primary = grid.map((row, i) =>
    row.map(
      (v, j) => (v < minCell || forced?.[i]?.[j] === true) && row[C]! > 0 && grid[R]![j]! > 0,
    ),
  );
  const s = primary.map((row) => [...row]);
  let complementary = 0;
  let marginComplements = 0;
  const closeCycles = () => {
    for (;;) {
      const cell = nextComplement(grid, s);
      if (cell === null) break;
      s[cell[0]]![cell[1]] = true;
      complementary++;
      if (cell[0] === R || cell[1] === C) marginComplements++;
    }
  };
  closeCycles();
  let widened = 0;
  let narrow = 0;
  for (;;) {
    const tight = feasibleRanges(grid, s).filter(
      (r) => primary[r.cell[0]]![r.cell[1]] && r.hi - r.lo < minCell,
    );
    if (tight.length === 0) break;
    const add = widener(grid, s, tight[0]!.cell, R, C);
    if (add === null) {
      narrow = tight.length;
      break;
    }
    s[add[0]]![add[1]] = true;
    complementary++;
    widened++;
    closeCycles();
  }
  return { grid, suppressed: s, primary, complementary, widened, narrow, marginComplements };
}

/**
 * The cell to hide next so that a narrow hidden cell gains room: the smallest published inner
 * cell of its row or column, else of any row or column that holds a hidden cell, else null.
 */
function widener(
  grid: readonly (readonly number[])[],
  s: boolean[][],
  cell: readonly [number, number],
  R: number,
  C: number,
): Cellref | null {
  const [ci, cj] = cell;
  const near: Cellref[] = [];
  for (let i = 0; i < R; i++)
    for (let j = 0; j < C; j++) {
      if (!s[i]![j] && (i === ci || j === cj)) near.push([i, j]);
    }
  if (near.length > 0) return smallest(grid, near);
  const far: Cellref[] = [];
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) if (!s[i]![j]) far.push([i, j]);
  return far.length > 0 ? smallest(grid, far) : null;
}

type Cellref = [number, number];

/** The smallest candidate, inner cells first (see the file's comment on linked margins). */
function pick(grid: readonly (readonly number[])[], cands: Cellref[]): Cellref | null {
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  const inner = cands.filter(([i, j]) => i < R && j < C);
  return smallest(grid, inner.length > 0 ? inner : cands);
}

/** The smallest unsuppressed cell among `cands` (first in row-major order on ties). */
function smallest(grid: readonly (readonly number[])[], cands: Cellref[]): Cellref | null {
  let best: Cellref | null = null;
  for (const c of cands) {
    if (best === null || grid[c[0]]![c[1]]! < grid[best[0]]![best[1]]!) best = c;
  }
  return best;
}

/** The next complementary suppression, or null when no suppressed cell is recoverable. */
function nextComplement(grid: readonly (readonly number[])[], s: boolean[][]): Cellref | null {
  const R = s.length;
  const C = s[0]!.length;
  const rowDeg = s.map((row) => row.filter(Boolean).length);
  const colDeg = Array.from({ length: C }, (_, j) => s.filter((row) => row[j]).length);
  const lonelyRows = [...rowDeg.keys()].filter((i) => rowDeg[i] === 1);
  const lonelyCols = [...colDeg.keys()].filter((j) => colDeg[j] === 1);
  // A cell that completes a lone row and a lone column at once.
  const both: Cellref[] = [];
  for (const i of lonelyRows) {
    for (const j of lonelyCols) if (!s[i]![j] && i < R - 1 && j < C - 1) both.push([i, j]);
  }
  if (both.length > 0) return smallest(grid, both);
  if (lonelyRows.length > 0) {
    const i = lonelyRows[0]!;
    const cands: Cellref[] = [];
    for (let j = 0; j < C; j++) if (!s[i]![j]) cands.push([i, j]);
    return pick(grid, cands);
  }
  if (lonelyCols.length > 0) {
    const j = lonelyCols[0]!;
    const cands: Cellref[] = [];
    for (let i = 0; i < R; i++) if (!s[i]![j]) cands.push([i, j]);
    return pick(grid, cands);
  }
  // Every line holds 0 or ≥ 2 suppressions; a bridge edge may still be recoverable.
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      if (!s[i]![j]) continue;
      const side = reachable(s, i, [i, j]);
      if (side.cols.has(j)) continue;
      // Connect the row side of the bridge with the column side of the other end.
      const other = reachable(s, -1, [i, j], j);
      const cands: Cellref[] = [];
      for (const r of other.rows) for (const c of side.cols) if (!s[r]![c]) cands.push([r, c]);
      for (const r of side.rows) for (const c of other.cols) if (!s[r]![c]) cands.push([r, c]);
      return pick(grid, cands);
    }
  }
  return null;
}

/** Rows and columns reachable over suppressed cells from row `row` (or column `col`) without `skip`. */
function reachable(
  s: boolean[][],
  row: number,
  skip: Cellref,
  col = -1,
): { rows: Set<number>; cols: Set<number> } {
  const rows = new Set<number>();
  const cols = new Set<number>();
  const stack: ['r' | 'c', number][] = row >= 0 ? [['r', row]] : [['c', col]];
  if (row >= 0) rows.add(row);
  else cols.add(col);
  while (stack.length > 0) {
    const [kind, k] = stack.pop()!;
    if (kind === 'r') {
      s[k]!.forEach((on, j) => {
        if (on && !(k === skip[0] && j === skip[1]) && !cols.has(j)) {
          cols.add(j);
          stack.push(['c', j]);
        }
      });
    } else {
      s.forEach((r, i) => {
        if (r[k] && !(i === skip[0] && k === skip[1]) && !rows.has(i)) {
          rows.add(i);
          stack.push(['r', i]);
        }
      });
    }
  }
  return { rows, cols };
}

/**
 * The suppressed cells of an extended grid (cells, row totals last, column totals as the last
 * row) that the published cells determine exactly through the row and column sums, found by
 * linear algebra: a cell is recoverable when its unit vector lies in the row space of the
 * published equations. An empty list means no suppressed cell can be recomputed by subtraction.
 */
export function recoverableCells(
  grid: readonly (readonly number[])[],
  suppressed: readonly (readonly boolean[])[],
): Cellref[] {
  const { unknowns, facts } = gridEquations(grid, suppressed);
  const equations = facts.map((f) => f.a);
  const determined = new Set(determinedUnknowns(equations));
  return unknowns.filter((_, k) => determined.has(k));
}

/**
 * The unknowns that a set of published linear equations pins down: `equations[e][k]` is the
 * coefficient of unknown k in equation e (the published side is irrelevant). Unknown k is
 * determined when its unit vector lies in the row space of the equations.
 */
export function determinedUnknowns(equations: readonly (readonly number[])[]): number[] {
  const size = equations[0]?.length ?? 0;
  const basis = rowEchelon(equations.map((e) => [...e]));
  const out: number[] = [];
  for (let k = 0; k < size; k++) {
    const v = new Array<number>(size).fill(0);
    v[k] = 1;
    for (const { pivot, row } of basis) {
      const f = v[pivot]!;
      if (f !== 0) for (let c = 0; c < v.length; c++) v[c]! -= f * row[c]!;
    }
    if (v.every((x) => Math.abs(x) < 1e-9)) out.push(k);
  }
  return out;
}

/** Reduced row echelon basis of `rows` (pivots scaled to 1). */
function rowEchelon(rows: number[][]): { pivot: number; row: number[] }[] {
  const basis: { pivot: number; row: number[] }[] = [];
  for (const input of rows) {
    const v = [...input];
    for (const { pivot, row } of basis) {
      const f = v[pivot]!;
      if (f !== 0) for (let c = 0; c < v.length; c++) v[c]! -= f * row[c]!;
    }
    const p = v.findIndex((x) => Math.abs(x) > 1e-9);
    if (p < 0) continue;
    const scale = v[p]!;
    const row = v.map((x) => x / scale);
    for (const b of basis) {
      const f = b.row[p]!;
      if (f !== 0) for (let c = 0; c < row.length; c++) b.row[c]! -= f * row[c]!;
    }
    basis.push({ pivot: p, row });
  }
  return basis;
}
