/**
 * Suppression applied to the row shapes Sightline's reports use: binomial rows `{k, n, rate, lo,
 * hi}` grouped into tables of group × (events, non-events), monitoring series with a count per
 * period, and the audit's group counts and metric rows. Everything here edits plain JSON values
 * in place on a private copy; `publishReport` (publish.ts) decides which function sees which part.
 */
import { determinedUnknowns, suppressTable } from './publish-suppress.js';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** Counts of what was suppressed, for the public report's summary. */
export interface Tally {
  tables: number;
  primary: number;
  complementary: number;
  /** Rates, intervals and contrasts hidden because they derive from hidden counts. */
  derived: number;
  /**
   * Cells hidden, table by table, because a hidden small count's feasible range was narrower than
   * the threshold (a count hidden in two tables that print it counts twice).
   */
  widened: number;
  /** Hidden small counts whose feasible range stayed narrower than the threshold. */
  narrow: number;
  /** Audit rows (and group counts) withheld because linked tables pinned a hidden count. */
  linked: number;
}

/** An empty tally. */
export function newTally(): Tally {
  return { tables: 0, primary: 0, complementary: 0, derived: 0, widened: 0, narrow: 0, linked: 0 };
}

/** True for a binomial row: whole numbers k ≤ n. */
export function isBinomial(v: unknown): v is Json & { k: number; n: number } {
  const o = v as Json | null;
  return (
    o !== null &&
    typeof o === 'object' &&
    Number.isInteger(o.k) &&
    Number.isInteger(o.n) &&
    (o.k as number) <= (o.n as number)
  );
}

/** Hides a binomial row's event count, rate and interval (and `n` too when `total`). */
function hideBinomial(b: Json, total: boolean): void {
  for (const key of ['k', 'rate', 'value', 'lo', 'hi']) if (key in b) b[key] = null;
  if (total) b.n = null;
  b.suppressed = true;
}

/** The table of an array of group rows: cells [k, n − k] per group, the "all" row left out. */
function suppressGroupTable(
  rows: { group: string; b: Json & { k: number; n: number } }[],
  minCell: number,
  tally: Tally,
): void {
  const inner = rows.filter((r) => r.group !== 'all');
  if (inner.length === 0) return;
  const result = suppressTable(
    inner.map((r) => [r.b.k, r.b.n - r.b.k]),
    minCell,
  );
  tally.tables++;
  tally.widened += result.widened;
  tally.narrow += result.narrow;
  const C = 2;
  inner.forEach((r, i) => {
    const s = result.suppressed[i]!;
    if (s[0] || s[1]) {
      hideBinomial(r.b, s[C] === true);
      const primary = result.primary[i]!;
      tally.primary += (primary[0] ? 1 : 0) + (primary[1] ? 1 : 0);
      tally.complementary += (s[0] && !primary[0] ? 1 : 0) + (s[1] && !primary[1] ? 1 : 0);
    }
  });
  // The "all" row is the margin: its cells are the column totals.
  const margin = result.suppressed[inner.length]!;
  for (const r of rows.filter((x) => x.group === 'all')) {
    if (margin[0] || margin[1]) hideBinomial(r.b, margin[C] === true);
  }
}

/**
 * Suppresses every binomial row reachable from `value`. Arrays of objects with a `group` are
 * tables: rows that agree on every other plain field (score, protocol, status…) form one table
 * of group × (events, non-events) per binomial field, with complementary suppression; a binomial
 * row outside such an array is suppressed on its own counts.
 */
export function suppressBinomials(value: unknown, minCell: number, tally: Tally): void {
  if (Array.isArray(value)) {
    const grouped = value.filter(
      (v): v is Json =>
        v !== null && typeof v === 'object' && typeof (v as Json).group === 'string',
    );
    if (grouped.length > 0 && grouped.length === value.length) {
      const tables = new Map<string, { group: string; b: Json & { k: number; n: number } }[]>();
      for (const row of grouped) {
        const sig = Object.entries(row)
          .filter(([k, v]) => k !== 'group' && (typeof v === 'string' || Number.isInteger(v)))
          .filter(([k]) => !['k', 'n', 'records', 'scored', 'cases'].includes(k))
          .map(([k, v]) => `${k}=${String(v)}`)
          .sort()
          .join('|');
        const binomials: [string, Json & { k: number; n: number }][] = isBinomial(row)
          ? [['', row]]
          : Object.entries(row).filter((e): e is [string, Json & { k: number; n: number }] =>
              isBinomial(e[1]),
            );
        for (const [field, b] of binomials) {
          const key = `${sig}#${field}`;
          tables.set(key, [...(tables.get(key) ?? []), { group: row.group as string, b }]);
        }
      }
      for (const rows of tables.values()) suppressGroupTable(rows, minCell, tally);
    }
    for (const v of value) suppressBinomials(v, minCell, tally);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const o = value as Json;
  if (isBinomial(o) && o.suppressed !== true && (o.k < minCell || o.n - o.k < minCell)) {
    hideBinomial(o, o.n < minCell);
    tally.primary++;
  }
  for (const v of Object.values(o)) suppressBinomials(v, minCell, tally);
}

/**
 * Monitoring series: per period, the counts of the groups (without "all") form a one-row table
 * with its total; a hidden count hides that period's value, interval and expectation.
 */
export function suppressSeries(series: Json[], minCell: number, tally: Tally): void {
  const tables = new Map<string, Json[]>();
  for (const s of series) {
    if (!Array.isArray(s.n)) continue;
    const key = `${String(s.kind)}|${String(s.measure)}|${String(s.quantity)}`;
    tables.set(key, [...(tables.get(key) ?? []), s]);
  }
  for (const rows of tables.values()) {
    const inner = rows.filter((r) => r.group !== 'all');
    const periods = (inner[0]?.n as unknown[] | undefined)?.length ?? 0;
    for (let t = 0; t < periods; t++) {
      const counts = inner.map((r) => (r.n as (number | null)[])[t] ?? 0);
      const result = suppressTable([counts], minCell);
      tally.tables++;
      tally.widened += result.widened;
      tally.narrow += result.narrow;
      inner.forEach((r, g) => {
        if (!result.suppressed[0]![g]) return;
        if (result.primary[0]![g]) tally.primary++;
        else tally.complementary++;
        for (const key of ['n', 'values', 'lo', 'hi', 'expected', 'p', 'status']) {
          const arr = r[key];
          if (Array.isArray(arr) && t < arr.length) arr[t] = null;
        }
      });
    }
  }
}

const FOUR = ['toolInPeopleIn', 'toolInPeopleOut', 'toolOutPeopleIn', 'toolOutPeopleOut'] as const;

/**
 * The process report's four-way table (tool × people) per group, with its "all" row. Two sets of
 * margins are published — each group's 2 × 2 margins (tool alone, people) and the totals over
 * groups — so both tables are suppressed in turn, each starting from what the other hid, until
 * neither adds a cell; hidden margins hide the group's `toolAlone`/`actual` rates. Run after
 * `suppressBinomials`. A final check by linear algebra over every published sum: if a hidden cell
 * could still be recomputed, every group's four-way cells and rates are hidden (the "all" row stays).
 */
export function suppressFourWay(report: Json, minCell: number, tally: Tally): void {
  const rows = ((report.fourWay as Json | undefined)?.rows as Json[] | undefined) ?? [];
  const inner = rows.filter((r) => r.group !== 'all');
  if (inner.length === 0 || rows.some((r) => FOUR.some((k) => !Number.isInteger(r[k])))) return;
  const cells = inner.map((r) => FOUR.map((k) => r[k] as number));
  const hidden = cells.map((r) => r.map(() => false));
  const before = (b: unknown) => !isBinomial(b);
  const marginHidden = inner.map((r) => [before(r.toolAlone), before(r.actual)]);
  let changed = true;
  while (changed) {
    changed = false;
    const across = suppressTable(cells, minCell, [...hidden.map((r) => [...r, false])]);
    tally.tables++;
    const mark = (g: number, c: number, on: boolean) => {
      if (!on || hidden[g]![c]) return;
      hidden[g]![c] = true;
      changed = true;
    };
    inner.forEach((_, g) => FOUR.forEach((__, c) => mark(g, c, across.suppressed[g]![c]!)));
    inner.forEach((_, g) => {
      const h = hidden[g]!;
      const [ta, ac] = marginHidden[g]!;
      const two = suppressTable([cells[g]!.slice(0, 2), cells[g]!.slice(2)], minCell, [
        [h[0]!, h[1]!, ta!],
        [h[2]!, h[3]!, false],
        [ac!, false, false],
      ]);
      tally.tables++;
      [0, 1, 2, 3].forEach((c) => mark(g, c, two.suppressed[c >> 1]![c & 1]!));
      marginHidden[g] = [
        two.suppressed[0]![2]! || two.suppressed[1]![2]!,
        two.suppressed[2]![0]! || two.suppressed[2]![1]!,
      ];
    });
  }
  const totals = suppressTable(cells, minCell, [...hidden.map((r) => [...r, false])]);
  tally.narrow += totals.narrow;
  for (const r of rows.filter((x) => x.group === 'all')) {
    FOUR.forEach((k, c) => totals.suppressed[inner.length]![c] && (r[k] = null));
  }
  if (fourWayRecoverable(inner, rows, hidden, marginHidden)) {
    for (const h of hidden) h.fill(true);
    for (const m of marginHidden) m.fill(true);
  }
  inner.forEach((r, g) => {
    FOUR.forEach((k, c) => {
      if (!hidden[g]![c]) return;
      r[k] = null;
      if (cells[g]![c]! < minCell) tally.primary++;
      else tally.complementary++;
    });
    if (marginHidden[g]![0] && isBinomial(r.toolAlone)) hideBinomial(r.toolAlone, false);
    if (marginHidden[g]![1] && isBinomial(r.actual)) hideBinomial(r.actual, false);
  });
}

/** Whether a hidden four-way cell is pinned down by the published sums. */
function fourWayRecoverable(
  inner: Json[],
  rows: Json[],
  hidden: boolean[][],
  marginHidden: boolean[][],
): boolean {
  const index: number[][] = [];
  let size = 0;
  for (const h of hidden) index.push(h.map((on) => (on ? size++ : -1)));
  if (size === 0) return false;
  const equations: number[][] = [];
  const eq = (terms: [number, number][]) => {
    const e = new Array<number>(size).fill(0);
    for (const [g, c] of terms) if (index[g]![c]! >= 0) e[index[g]![c]!] = 1;
    equations.push(e);
  };
  inner.forEach((r, g) => {
    if (r.n !== null) eq([0, 1, 2, 3].map((c) => [g, c]));
    if (!marginHidden[g]![0])
      eq([
        [g, 0],
        [g, 1],
      ]);
    if (!marginHidden[g]![1])
      eq([
        [g, 0],
        [g, 2],
      ]);
  });
  if (rows.some((r) => r.group === 'all')) {
    for (let c = 0; c < 4; c++) eq(inner.map((_, g): [number, number] => [g, c]));
  }
  return determinedUnknowns(equations).length > 0;
}
