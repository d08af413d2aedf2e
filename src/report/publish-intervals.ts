/**
 * How far a hidden count can be narrowed by someone who knows the published numbers and that
 * counts are never negative: for each suppressed cell of an extended grid (cells, row totals last,
 * column totals as the last row), the smallest and largest value it can take over every table of
 * non-negative numbers that agrees with everything published. A suppressed cell that cannot be
 * recomputed exactly may still be pinned to a narrow range (two small hidden counts that only
 * balance each other are each known to lie in [0, their sum]); publication widens such ranges
 * (publish-suppress.ts) so that every hidden small count's range is at least the threshold wide.
 *
 * The ranges are linear programmes (min and max of one unknown subject to the grid's line sums and
 * x ≥ 0), solved exactly enough for whole-number tables by a dense two-phase simplex with Bland's
 * rule (no cycling). Tables here have at most a few hundred hidden cells.
 */

/** The range of one hidden cell: `hi` is Infinity when nothing published bounds it. */
export interface CellRange {
  readonly cell: readonly [number, number];
  readonly lo: number;
  readonly hi: number;
}

const EPS = 1e-9;

/**
 * The feasible range of every suppressed cell of an extended grid, given the published cells and
 * non-negativity. Cells are listed in row-major order.
 */
export function feasibleRanges(
  grid: readonly (readonly number[])[],
  suppressed: readonly (readonly boolean[])[],
): CellRange[] {
  const { unknowns, facts } = gridEquations(grid, suppressed);
  if (unknowns.length === 0) return [];
  const ranges = variableRanges(
    facts.filter((f) => f.a.some((x) => x !== 0)),
    unknowns.length,
    unknowns.map((_, k) => k),
  );
  return unknowns.map((cell, k) => ({ cell, ...ranges[k]! }));
}

/**
 * The published equations of an extended grid: its suppressed cells are the unknowns (row-major),
 * and each line — every row with its total, every column with its total — is one fact, the
 * unknowns on the left and the published cells moved to the right.
 */
export function gridEquations(
  grid: readonly (readonly number[])[],
  suppressed: readonly (readonly boolean[])[],
): { unknowns: [number, number][]; facts: LinearFact[] } {
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  const unknowns: [number, number][] = [];
  const index = suppressed.map((row, i) =>
    row.map((on, j) => (on ? unknowns.push([i, j]) - 1 : -1)),
  );
  const facts: LinearFact[] = [];
  const line = (cells: [number, number][], total: [number, number]) => {
    const a = new Array<number>(unknowns.length).fill(0);
    let b = 0;
    for (const [i, j] of cells) {
      const k = index[i]![j]!;
      if (k >= 0) a[k]! += 1;
      else b -= grid[i]![j]!;
    }
    const k = index[total[0]]![total[1]]!;
    if (k >= 0) a[k]! -= 1;
    else b += grid[total[0]]![total[1]]!;
    facts.push({ a, b });
  };
  for (let i = 0; i <= R; i++) {
    line(
      Array.from({ length: C }, (_, j): [number, number] => [i, j]),
      [i, C],
    );
  }
  for (let j = 0; j <= C; j++) {
    line(
      Array.from({ length: R }, (_, i): [number, number] => [i, j]),
      [R, j],
    );
  }
  return { unknowns, facts };
}

/** One published linear fact about the unknowns: Σ a[k]·x[k] = b. */
export interface LinearFact {
  readonly a: readonly number[];
  readonly b: number;
}

/**
 * The smallest and largest value of each listed unknown over { x ≥ 0 : every fact holds }, for
 * `size` unknowns. Throws when the facts contradict each other.
 */
export function variableRanges(
  facts: readonly LinearFact[],
  size: number,
  vars: readonly number[],
): { lo: number; hi: number }[] {
  if (facts.length === 0) return vars.map(() => ({ lo: 0, hi: Infinity }));
  const lp = new Polytope(
    facts.map((e) => e.a),
    facts.map((e) => e.b),
    size,
  );
  return vars.map((k) => ({ lo: lp.extreme(k, -1), hi: lp.extreme(k, 1) }));
}

/**
 * { x ≥ 0 : A x = b }, with a feasible basis found once (phase 1) and reused for each objective.
 * Redundant equations (the line sums of a table always include one) are dropped in phase 1.
 */
class Polytope {
  /** Tableau rows: coefficients of the n structural variables, then the right-hand side. */
  private readonly rows: number[][];
  private readonly basis: number[];

  constructor(
    a: readonly (readonly number[])[],
    b: readonly number[],
    private readonly n: number,
  ) {
    const m = a.length;
    // Phase 1: artificial variable per row (columns n..n+m-1), right-hand sides made ≥ 0.
    const width = n + m + 1;
    const rows = a.map((row, r) => {
      const sign = b[r]! < 0 ? -1 : 1;
      const t = new Array<number>(width).fill(0);
      for (let c = 0; c < n; c++) t[c] = sign * row[c]!;
      t[n + r] = 1;
      t[width - 1] = sign * b[r]!;
      return t;
    });
    const basis = Array.from({ length: m }, (_, r) => n + r);
    const cost = new Array<number>(width).fill(0);
    for (let r = 0; r < m; r++) cost[n + r] = 1;
    optimise(rows, basis, cost, width - 1);
    const infeasible = rows.some((t, r) => basis[r]! >= n && t[width - 1]! > 1e-7);
    if (infeasible) {
      throw new Error('feasibleRanges: the published numbers are inconsistent with each other');
    }
    // Drive artificials out of the basis; a row where that is impossible is redundant.
    const keep: number[] = [];
    for (let r = 0; r < m; r++) {
      if (basis[r]! < n) {
        keep.push(r);
        continue;
      }
      const c = rows[r]!.findIndex((v, col) => col < n && Math.abs(v) > EPS);
      if (c < 0) continue;
      pivot(rows, basis, r, c);
      keep.push(r);
    }
    this.rows = keep.map((r) => [...rows[r]!.slice(0, n), rows[r]![width - 1]!]);
    this.basis = keep.map((r) => basis[r]!);
  }

  /** The minimum (direction −1) or maximum (+1) of variable k over the polytope. */
  extreme(k: number, direction: -1 | 1): number {
    const rows = this.rows.map((r) => [...r]);
    const basis = [...this.basis];
    const cost = new Array<number>(this.n + 1).fill(0);
    cost[k] = -direction; // optimise() minimises
    const bounded = optimise(rows, basis, cost, this.n);
    if (!bounded) return direction > 0 ? Infinity : -Infinity;
    const r = basis.indexOf(k);
    const v = r >= 0 ? rows[r]![this.n]! : 0;
    const out = Math.abs(v - Math.round(v)) < 1e-6 ? Math.round(v) : v;
    return out === 0 ? 0 : out; // no −0
  }
}

/**
 * Minimises cost · x over the tableau in place (primal simplex, Bland's rule). `rhs` is the index
 * of the right-hand-side column. Returns false when the objective is unbounded below.
 */
function optimise(
  rows: number[][],
  basis: number[],
  cost: readonly number[],
  rhs: number,
): boolean {
  for (;;) {
    // Reduced cost of column c: cost[c] − Σ_r cost[basis[r]] · rows[r][c].
    let entering = -1;
    for (let c = 0; c < rhs; c++) {
      if (basis.includes(c)) continue;
      let reduced = cost[c]!;
      for (let r = 0; r < rows.length; r++) reduced -= cost[basis[r]!]! * rows[r]![c]!;
      if (reduced < -EPS) {
        entering = c;
        break;
      }
    }
    if (entering < 0) return true;
    let leaving = -1;
    let best = Infinity;
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r]![entering]!;
      if (v <= EPS) continue;
      const ratio = rows[r]![rhs]! / v;
      if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[r]! < basis[leaving]!)) {
        best = ratio;
        leaving = r;
      }
    }
    if (leaving < 0) return false;
    pivot(rows, basis, leaving, entering);
  }
}

function pivot(rows: number[][], basis: number[], r: number, c: number): void {
  const p = rows[r]!;
  const f = p[c]!;
  for (let x = 0; x < p.length; x++) p[x]! /= f;
  for (let s = 0; s < rows.length; s++) {
    if (s === r) continue;
    const g = rows[s]![c]!;
    if (g === 0) continue;
    const row = rows[s]!;
    for (let x = 0; x < row.length; x++) row[x]! -= g * p[x]!;
  }
  basis[r] = c;
}
