/**
 * The public version of an audit report (`sightline-audit/1`). Each rate the audit reports by
 * group (base rate, flagged share, TPR, FPR, FNR, PPV, observed rate per score, score share) is
 * a share k/n of records, so the rates of one metric, grouping, rule and score form a table of
 * group × (k, n − k) whose margin is the "all" row: it is suppressed with complementary
 * suppression (a rate the audit already withheld counts as hidden). The base-rate table starts
 * from the groupings' own counts table, and what it hides is hidden in both. Contrasts involving
 * a hidden rate are hidden; ROC curves are kept only for groups whose counts are published.
 */
import { suppressTable } from './publish-suppress.js';
import type { Json, Tally } from './publish-rows.js';

/** Metrics whose value is a share of `n` records: value × n is a count. */
const RATE_METRICS = new Set([
  'base_rate',
  'selection_rate',
  'tpr',
  'fpr',
  'fnr',
  'ppv',
  'calibration',
  'score_share',
]);

const SEP = '\u0000';

/** Hides a metric row's value and interval. */
export function hide(m: Json): void {
  m.value = null;
  m.lo = null;
  m.hi = null;
  m.state = 'suppressed';
}

/** The groupings' counts tables: which group labels have hidden counts, per grouping. */
function groupingPatterns(report: Json, minCell: number, tally: Tally): Map<string, boolean[]> {
  const hidden = new Map<string, boolean[]>();
  for (const g of report.groupings as Json[]) {
    const groups = g.groups as Json[];
    const result = suppressTable(
      groups.map((x) => [x.positives as number, (x.rows as number) - (x.positives as number)]),
      minCell,
    );
    tally.tables++;
    tally.widened += result.widened;
    tally.narrow += result.narrow;
    groups.forEach((x, i) => {
      const s = result.suppressed[i]!;
      const p = result.primary[i]!;
      tally.primary += p.filter(Boolean).length;
      tally.complementary += s.filter((on, j) => on && !p[j]).length;
      hidden.set(`${g.name as string}${SEP}${x.label as string}`, [s[0]!, s[1]!, s[2]!]);
    });
  }
  return hidden;
}

/** Suppresses one family of rate rows (same metric, grouping, rule, score); returns hidden keys. */
function suppressFamily(
  rows: Json[],
  minCell: number,
  forcedOf: (m: Json) => boolean[] | undefined,
  tally: Tally,
): Json[] {
  const inner = rows.filter((m) => m.group !== 'all');
  if (inner.length === 0) {
    return rows.filter((m) => {
      const n = m.n as number;
      const k = typeof m.value === 'number' ? Math.round(m.value * n) : 0;
      if (typeof m.value === 'number' && k >= minCell && n - k >= minCell) return false;
      if (m.value !== null) tally.derived++;
      hide(m);
      return true;
    });
  }
  const cells = inner.map((m) => {
    const n = m.n as number;
    if (typeof m.value !== 'number') return [0, n];
    const k = Math.round(m.value * n);
    return [k, n - k];
  });
  const forced = inner.map((m) => {
    const f = forcedOf(m) ?? [false, false, false];
    return typeof m.value === 'number' ? f : [true, true, f[2]!];
  });
  const result = suppressTable(cells, minCell, forced);
  tally.tables++;
  tally.widened += result.widened;
  tally.narrow += result.narrow;
  const hidden: Json[] = [];
  inner.forEach((m, i) => {
    const s = result.suppressed[i]!;
    if (s[0] || s[1]) {
      if (m.value !== null) tally.derived++;
      hide(m);
      hidden.push(m);
    }
    if (s[2]) m.n = null;
    m.hiddenCells = [s[0], s[1], s[2]];
  });
  const margin = result.suppressed[inner.length]!;
  for (const m of rows.filter((x) => x.group === 'all')) {
    if (margin[0] || margin[1] || typeof m.value !== 'number') {
      if (m.value !== null) tally.derived++;
      hide(m);
      hidden.push(m);
    }
    if (margin[2]) m.n = null;
  }
  return hidden;
}

/** Suppresses an audit report's counts and the numbers derived from them, in place. */
export function publishAudit(report: Json, minCell: number, tally: Tally): void {
  const patterns = groupingPatterns(report, minCell, tally);
  const metrics = report.metrics as Json[];
  const familyKey = (m: Json) => [m.metric, m.grouping, m.threshold ?? '', m.score ?? ''].join(SEP);
  const families = new Map<string, Json[]>();
  for (const m of metrics) {
    if (m.contrast !== undefined || !RATE_METRICS.has(m.metric as string)) continue;
    families.set(familyKey(m), [...(families.get(familyKey(m)) ?? []), m]);
  }
  const hiddenRates = new Set<string>();
  for (const rows of families.values()) {
    const base = rows[0]!.metric === 'base_rate';
    const forcedOf = (m: Json) =>
      base ? patterns.get(`${m.grouping as string}${SEP}${m.group as string}`) : undefined;
    for (const m of suppressFamily(rows, minCell, forcedOf, tally)) {
      hiddenRates.add(`${familyKey(m)}${SEP}${m.group as string}`);
    }
    if (!base) continue;
    // What the base-rate table hid is hidden in the groupings' counts too.
    for (const m of rows) {
      const cells = m.hiddenCells as boolean[] | undefined;
      if (cells) patterns.set(`${m.grouping as string}${SEP}${m.group as string}`, cells);
    }
  }
  for (const m of metrics) delete m.hiddenCells;
  for (const g of report.groupings as Json[]) {
    for (const x of g.groups as Json[]) {
      const s = patterns.get(`${g.name as string}${SEP}${x.label as string}`);
      if (s?.[0] || s?.[1]) x.positives = null;
      if (s?.[2]) x.rows = null;
    }
  }
  for (const m of metrics) {
    if (
      m.contrast === undefined &&
      !RATE_METRICS.has(m.metric as string) &&
      (m.n as number) < minCell
    ) {
      if (m.value !== null) tally.derived++;
      hide(m);
    }
  }
  for (const m of metrics) {
    if (m.contrast === undefined || m.value === null) continue;
    const fk = familyKey(m);
    if (
      hiddenRates.has(`${fk}${SEP}${m.group as string}`) ||
      hiddenRates.has(`${fk}${SEP}${m.versus as string}`)
    ) {
      hide(m);
      tally.derived++;
    }
  }
  const pop = report.population as Json;
  if (
    (pop.positives as number) < minCell ||
    (pop.rows as number) - (pop.positives as number) < minCell
  ) {
    pop.positives = null;
    tally.primary++;
  }
  report.curves = (report.curves as Json[]).filter((c) => {
    const s = patterns.get(`${c.grouping as string}${SEP}${c.group as string}`);
    return c.grouping === 'all' || !(s?.[0] || s?.[1]);
  });
  (report.options as Json).publicMinCell = minCell;
}
