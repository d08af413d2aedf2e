/**
 * The audit's rates are linked tables: for one grouping and one decision rule, every rate of every
 * group (base rate, selection rate, TPR, FNR, FPR, PPV) and every count or `n` the report prints
 * (group sizes, positives, the `n` of AUC, Brier, xAUC and contrast rows) is a sum of the same
 * hidden confusion counts — each group's positives P, negatives N, and TP, FP, FN, TN. Suppressing
 * each rate's table on its own (publish-audit.ts) cannot see that, say, a hidden TP = 3 equals a
 * published selection count minus a published FP count. This check sees it: it writes every
 * number the public report still shows as a linear fact about those unknowns, and for every
 * unknown whose true value is below the threshold finds, by linear programming with counts never
 * negative (publish-intervals.ts), the range that the public numbers leave it. A range narrower
 * than the threshold is a disclosure, and the group rows of that grouping and rule are withheld
 * (then, if that is not enough, every group row of the grouping), until none is left.
 *
 * Scope: the confusion counts of each rule with the rule-free rows. Calibration and score-share
 * rows are per score bin (their own unknowns) and are not part of this check.
 */
import { variableRanges, type LinearFact } from './publish-intervals.js';
import type { Json } from './publish-rows.js';
import { hide } from './publish-audit.js';

/** A hidden small count that the public numbers pin to a narrow range. */
export interface LinkageProblem {
  readonly grouping: string;
  /** The decision rule's label, or '' for the rule-free rows. */
  readonly rule: string;
  readonly group: string;
  /** P, N, TP, FP, FN or TN. */
  readonly count: string;
  readonly lo: number;
  readonly hi: number;
}

const CELLS = ['P', 'N', 'TP', 'FP', 'FN', 'TN'] as const;
type Cell = (typeof CELLS)[number];

/** Which counts a metric's k and n add up. */
const K_OF: Record<string, Cell[]> = {
  base_rate: ['P'],
  selection_rate: ['TP', 'FP'],
  tpr: ['TP'],
  fnr: ['FN'],
  fpr: ['FP'],
  ppv: ['TP'],
};
const N_OF: Record<string, Cell[]> = {
  base_rate: ['P', 'N'],
  selection_rate: ['P', 'N'],
  tpr: ['P'],
  fnr: ['P'],
  fpr: ['N'],
  ppv: ['TP', 'FP'],
  auc: ['P', 'N'],
  brier: ['P', 'N'],
  calibration_intercept: ['P', 'N'],
  calibration_slope: ['P', 'N'],
  calibration_gap: ['P', 'N'],
};

interface Linked {
  readonly labels: string[];
  /** True counts: labels.length × 6 (P, N, TP, FP, FN, TN). */
  readonly truth: number[];
}

/** The true counts of one grouping and rule, from the unsuppressed report. */
function truthOf(original: Json, grouping: string, rule: string): Linked | null {
  const g = (original.groupings as Json[]).find((x) => x.name === grouping);
  if (g === undefined) return null;
  const groups = g.groups as Json[];
  const labels = groups.map((x) => x.label as string);
  const truth = new Array<number>(labels.length * 6).fill(0);
  const metrics = original.metrics as Json[];
  for (const [i, x] of groups.entries()) {
    const P = x.positives as number;
    const N = (x.rows as number) - P;
    truth[i * 6] = P;
    truth[i * 6 + 1] = N;
    if (rule === '') continue;
    const rate = (metric: string): Json | undefined =>
      metrics.find(
        (m) =>
          m.metric === metric &&
          m.grouping === grouping &&
          m.group === x.label &&
          m.threshold === rule &&
          m.contrast === undefined,
      );
    const k = (metric: string): number | null => {
      const m = rate(metric);
      return m && typeof m.value === 'number' && typeof m.n === 'number'
        ? Math.round(m.value * m.n)
        : null;
    };
    // The audit withholds some rates itself (small n): recover TP and FP from the others.
    const flagged = k('selection_rate');
    let tp = k('tpr') ?? k('ppv');
    let fp = k('fpr');
    if (tp === null && fp !== null && flagged !== null) tp = flagged - fp;
    if (fp === null && tp !== null && flagged !== null) fp = flagged - tp;
    if (tp === null || fp === null) return null;
    truth[i * 6 + 2] = tp;
    truth[i * 6 + 3] = fp;
    truth[i * 6 + 4] = P - tp;
    truth[i * 6 + 5] = N - fp;
  }
  return { labels, truth };
}

/** Every number the public report shows about one grouping and rule, as linear facts. */
function factsOf(pub: Json, grouping: string, rule: string, L: Linked): LinearFact[] {
  const G = L.labels.length;
  const size = G * 6;
  const facts: LinearFact[] = [];
  const fact = (terms: [number, Cell][], b: number, minus: [number, Cell][] = []) => {
    const a = new Array<number>(size).fill(0);
    for (const [g, c] of terms) a[g * 6 + CELLS.indexOf(c)]! += 1;
    for (const [g, c] of minus) a[g * 6 + CELLS.indexOf(c)]! -= 1;
    facts.push({ a, b });
  };
  const groupsOf = (label: string): number[] =>
    label === 'all' ? L.labels.map((_, i) => i) : [L.labels.indexOf(label)];
  // Structural: TP + FN = P and FP + TN = N.
  for (let g = 0; g < G && rule !== ''; g++) {
    fact(
      [
        [g, 'TP'],
        [g, 'FN'],
      ],
      0,
      [[g, 'P']],
    );
    fact(
      [
        [g, 'FP'],
        [g, 'TN'],
      ],
      0,
      [[g, 'N']],
    );
  }
  const grp = (pub.groupings as Json[]).find((x) => x.name === grouping)!;
  for (const x of grp.groups as Json[]) {
    const g = L.labels.indexOf(x.label as string);
    if (typeof x.positives === 'number') fact([[g, 'P']], x.positives);
    if (typeof x.rows === 'number')
      fact(
        [
          [g, 'P'],
          [g, 'N'],
        ],
        x.rows,
      );
  }
  const pop = pub.population as Json;
  const all = L.labels.map((_, i) => i);
  if (typeof pop.positives === 'number')
    fact(
      all.map((g) => [g, 'P']),
      pop.positives,
    );
  if (typeof pop.rows === 'number')
    fact(
      all.flatMap((g): [number, Cell][] => [
        [g, 'P'],
        [g, 'N'],
      ]),
      pop.rows,
    );
  for (const m of pub.metrics as Json[]) {
    if (m.grouping !== grouping || m.score !== undefined) continue;
    if ((m.threshold ?? '') !== rule && m.threshold !== undefined) continue;
    if (m.threshold !== undefined && rule === '') continue;
    const metric = m.metric as string;
    const n = m.n;
    if (typeof n !== 'number') continue;
    const own = groupsOf(m.group as string);
    if (own.some((g) => g < 0)) continue;
    if (metric === 'xauc' || metric === 'xauc_pos' || metric === 'xauc_neg') {
      const pos = metric === 'xauc_neg' ? all : own;
      const neg =
        metric === 'xauc' ? groupsOf(m.versus as string) : metric === 'xauc_pos' ? all : own;
      if (neg.some((g) => g < 0)) continue;
      fact(
        [...pos.map((g): [number, Cell] => [g, 'P']), ...neg.map((g): [number, Cell] => [g, 'N'])],
        n,
      );
      continue;
    }
    const nCells = N_OF[metric];
    if (nCells === undefined) continue;
    if (rule === '' && nCells.some((c) => c !== 'P' && c !== 'N')) continue;
    fact(
      own.flatMap((g) => nCells.map((c): [number, Cell] => [g, c])),
      n,
    );
    const kCells = K_OF[metric];
    if (m.contrast !== undefined || kCells === undefined || typeof m.value !== 'number') continue;
    if (rule === '' && kCells.some((c) => c !== 'P' && c !== 'N')) continue;
    fact(
      own.flatMap((g) => kCells.map((c): [number, Cell] => [g, c])),
      Math.round(m.value * n),
    );
  }
  return facts;
}

/** The rules of an audit report: the labels its rate rows carry. */
function rulesOf(report: Json): string[] {
  const out = new Set<string>();
  for (const m of report.metrics as Json[])
    if (typeof m.threshold === 'string') out.add(m.threshold);
  return [...out].sort();
}

/**
 * The hidden small counts of a public audit report that its published numbers pin to a range
 * narrower than `minCell`, given the original (unsuppressed) report.
 * @throws Error when a published number disagrees with the original's counts (a bug, not input).
 */
export function linkageProblems(original: Json, pub: Json, minCell: number): LinkageProblem[] {
  const out: LinkageProblem[] = [];
  const rules = ['', ...rulesOf(original)];
  for (const grouping of (original.groupings as Json[]).map((g) => g.name as string)) {
    for (const rule of rules) {
      const L = truthOf(original, grouping, rule);
      if (L === null) continue;
      const facts = factsOf(pub, grouping, rule, L);
      for (const f of facts) {
        const lhs = f.a.reduce((s, a, k) => s + a * L.truth[k]!, 0);
        if (lhs !== f.b) {
          throw new Error(
            `linkageProblems: a published fact about ${grouping} does not hold for the original counts (${lhs} vs ${f.b})`,
          );
        }
      }
      const cells = rule === '' ? 2 : 6;
      const sensitive: number[] = [];
      L.labels.forEach((_, g) => {
        // An empty group holds nobody: its zeros are not sensitive.
        if (L.truth[g * 6]! + L.truth[g * 6 + 1]! === 0) return;
        for (let c = 0; c < cells; c++)
          if (L.truth[g * 6 + c]! < minCell) sensitive.push(g * 6 + c);
      });
      if (sensitive.length === 0) continue;
      const ranges = variableRanges(facts, L.labels.length * 6, sensitive);
      sensitive.forEach((k, i) => {
        const r = ranges[i]!;
        if (r.hi - r.lo >= minCell) return;
        out.push({
          grouping,
          rule,
          group: L.labels[Math.floor(k / 6)]!,
          count: CELLS[k % 6]!,
          lo: r.lo,
          hi: r.hi,
        });
      });
    }
  }
  return out;
}

/** Withholds a metric row: its value, interval and `n`. True when something was still shown. */
function withhold(m: Json): boolean {
  const shown = m.value !== null || m.n !== null || m.lo !== null || m.hi !== null;
  hide(m);
  m.n = null;
  return shown;
}

/**
 * Runs the linkage check on a public audit report (in place) and withholds what it must. First,
 * every row whose `n` is a count the counts table hides (a TPR's n is the group's positives, an
 * AUC's its size…) is withheld, with the rows compared with it, and so is a base rate whose
 * positives the counts table hides: they would print the count again. Then, while the check finds
 * a problem, in widening steps until one changes something: (1) the group's rows at that rule (on
 * the rule-free counts: all its rows and its counts), (2) the group's rows at every rule and its
 * counts, (3) every group's rows at that rule, (4) every group row of the grouping and its counts.
 * The "all" rows stay. Returns how many rows were withheld and the problems that remain (pinned by
 * the "all" totals alone).
 */
export function withholdLinked(
  original: Json,
  pub: Json,
  minCell: number,
): { withheld: number; remaining: LinkageProblem[] } {
  let withheld = 0;
  for (const g of pub.groupings as Json[]) {
    const shown = new Map(
      (g.groups as Json[]).map((x) => {
        const P = x.positives !== null;
        const PN = x.rows !== null;
        return [x.label as string, { P, N: P && PN, PN }] as const;
      }),
    );
    // Whether the counts table still shows the sum of these counts of this group.
    const printed = (group: unknown, cells: readonly Cell[]): boolean => {
      const s = shown.get(group as string);
      if (s === undefined) return true;
      const key = cells.join('+');
      if (key === 'P') return s.P;
      if (key === 'N') return s.N;
      if (key === 'P+N') return s.PN;
      return true;
    };
    for (const m of pub.metrics as Json[]) {
      if (m.grouping !== g.name || m.score !== undefined || m.group === 'all') continue;
      const metric = m.metric as string;
      const ok =
        metric === 'xauc'
          ? printed(m.group, ['P']) && printed(m.versus, ['N'])
          : metric === 'xauc_pos'
            ? printed(m.group, ['P'])
            : metric === 'xauc_neg'
              ? printed(m.group, ['N'])
              : printed(m.group, N_OF[metric] ?? []) &&
                (m.versus === undefined || printed(m.versus, N_OF[metric] ?? [])) &&
                // A base rate's k is the group's positives: hidden there, hidden here.
                (m.value === null || printed(m.group, K_OF[metric] ?? []));
      if (!ok && withhold(m)) withheld++;
    }
  }
  const level = new Map<string, number>();
  for (;;) {
    const problems = linkageProblems(original, pub, minCell);
    let changed = false;
    for (const p of problems) {
      const key = `${p.grouping}\u0000${p.rule}\u0000${p.group}`;
      for (let step = (level.get(key) ?? 0) + 1; step <= 4; step++) {
        level.set(key, step);
        const n = widen(pub, p, step);
        if (n > 0) {
          withheld += n;
          changed = true;
          break;
        }
      }
    }
    if (!changed) return { withheld, remaining: problems };
  }
}

/** One widening step for a problem (see withholdLinked); returns how many rows it withheld. */
function widen(pub: Json, p: LinkageProblem, step: number): number {
  let n = 0;
  // 1: the group at the rule; 2: the group at every rule; 3: every group at the rule; 4: all.
  const anyGroup = step >= 3;
  const anyRule = p.rule === '' || step === 2 || step === 4;
  for (const m of pub.metrics as Json[]) {
    if (m.grouping !== p.grouping || m.score !== undefined || m.group === 'all') continue;
    if (!anyRule && m.threshold !== p.rule) continue;
    if (!anyGroup && m.group !== p.group && m.versus !== p.group) continue;
    if (withhold(m)) n++;
  }
  if (!anyRule) return n;
  const g = (pub.groupings as Json[]).find((x) => x.name === p.grouping);
  for (const x of (g?.groups as Json[] | undefined) ?? []) {
    if (!anyGroup && x.label !== p.group) continue;
    if (x.positives !== null || x.rows !== null) {
      x.positives = null;
      x.rows = null;
      n++;
    }
  }
  return n;
}
