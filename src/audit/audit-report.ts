/**
 * The fairness and validity audit as data (report.json, `sightline-audit/1`): for each grouping,
 * every number of the per-group core (one object per number: metric, group, versus, threshold,
 * score, value, interval, n, state), and ROC curves per group with the operating point of each
 * decision rule. The report layer turns this into HTML without computing anything.
 */
import { check } from '../core/index.js';
import { rocCurve, sortByScore, thinCurve, type RocPoint } from '../metrics/index.js';
import {
  AuditOptions,
  auditByGroup,
  type AuditInput,
  type DecisionRule,
  type Grouping,
  type MetricRow,
} from './group-core.js';

/** Version tag of report.json. */
export const AUDIT_REPORT_VERSION = 'sightline-audit/1';

/** A decision rule with the sentence that explains it. */
export interface AuditRule extends DecisionRule {
  readonly description: string;
}

/** Rows left out of the audit, by reason (never dropped silently). */
export interface Exclusion {
  readonly reason: string;
  readonly rows: number;
}

/** What an audit is run on. */
export interface AuditSpec {
  /** Where the data came from (a file and its columns, or a model and an extract). */
  readonly source: Readonly<Record<string, unknown>>;
  /** Who the rows are, in words (e.g. "screened-in child-referral records of calls ..."). */
  readonly population: string;
  /** What the label means, in words. */
  readonly label: string;
  /** The outcome as a short noun phrase for chart titles (e.g. "placement within two years"). */
  readonly outcome: string;
  /** What the score is, in words. */
  readonly score: string;
  readonly input: AuditInput;
  readonly groupings: readonly Grouping[];
  readonly rules: readonly AuditRule[];
  readonly exclusions: readonly Exclusion[];
  readonly options: AuditOptions;
}

/** One ROC curve of a group (thinned to at most 200 points for drawing). */
export interface RocCurveRecord {
  readonly grouping: string;
  readonly group: string;
  readonly points: readonly RocPoint[];
}

/** report.json. */
export interface AuditReport {
  readonly report: typeof AUDIT_REPORT_VERSION;
  readonly source: Readonly<Record<string, unknown>>;
  readonly population: {
    readonly description: string;
    readonly label: string;
    readonly outcome: string;
    readonly score: string;
    readonly rows: number;
    readonly positives: number;
    readonly clusters: number;
    readonly excluded: readonly Exclusion[];
  };
  readonly scoreScale: {
    readonly min: number;
    readonly max: number;
    readonly distinct: number;
    readonly probability: boolean;
  };
  readonly options: Readonly<Record<string, unknown>>;
  readonly groupings: readonly {
    readonly name: string;
    readonly reference: string;
    readonly groups: readonly { label: string; rows: number; positives: number }[];
  }[];
  readonly rules: readonly { label: string; description: string }[];
  readonly metrics: readonly MetricRow[];
  readonly curves: readonly RocCurveRecord[];
}

/**
 * Runs the audit: auditByGroup for each grouping (same seed, so every grouping sees the same
 * replicates), ROC curves per group, and the accounting of rows.
 * @example runAudit({ source, population, label, score, input, groupings, rules, exclusions, options })
 */
export function runAudit(spec: AuditSpec): AuditReport {
  const o = AuditOptions.parse(spec.options);
  const { input } = spec;
  const p = input.probability;
  // In score order once: every later sort (per grouping, per ROC curve) then meets sorted input.
  const rows = sortByScore(
    input.score,
    input.y,
    p === undefined ? input.rows : input.rows.filter((i) => !Number.isNaN(p[i]!)),
  );
  check(rows.length > 0, 'the audit has no row with a 0/1 label and a score');
  const scoped = { ...input, rows };
  const metrics: MetricRow[] = [];
  const curves: RocCurveRecord[] = [
    { grouping: 'all', group: 'all', points: thinCurve(rocCurve(input.y, input.score, rows)) },
  ];
  const groupings = spec.groupings.map((g) => {
    const reference =
      o.reference !== undefined && g.labels.includes(o.reference) ? o.reference : undefined;
    const out = auditByGroup(scoped, g, spec.rules, { ...o, reference });
    metrics.push(...out);
    const ref = out.find((m) => m.versus !== undefined && m.contrast !== undefined)?.versus;
    const counts = g.labels.map((label, k) => {
      const mine = rows.filter((i) => g.code[i] === k);
      curves.push({
        grouping: g.name,
        group: label,
        points: thinCurve(rocCurve(input.y, input.score, mine)),
      });
      return { label, rows: mine.length, positives: mine.reduce((a, i) => a + input.y[i]!, 0) };
    });
    return { name: g.name, reference: ref ?? reference ?? g.labels[0]!, groups: counts };
  });
  let lo = Infinity;
  let hi = -Infinity;
  const distinct = new Set<number>();
  for (const i of rows) {
    const s = input.score[i]!;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
    if (distinct.size <= 1000) distinct.add(s);
  }
  return {
    report: AUDIT_REPORT_VERSION,
    source: spec.source,
    population: {
      description: spec.population,
      label: spec.label,
      outcome: spec.outcome,
      score: spec.score,
      rows: rows.length,
      positives: rows.reduce((a, i) => a + input.y[i]!, 0),
      clusters: distinctCount(input.cluster, rows),
      excluded: spec.exclusions,
    },
    scoreScale: { min: lo, max: hi, distinct: distinct.size, probability: lo >= 0 && hi <= 1 },
    options: { ...o },
    groupings,
    rules: spec.rules.map((r) => ({ label: r.label, description: r.description })),
    metrics,
    curves,
  };
}

/** The number of distinct values of `ids` over `rows`. */
function distinctCount(ids: Uint32Array, rows: Uint32Array): number {
  let max = 0;
  for (const i of rows) if (ids[i]! > max) max = ids[i]!;
  if (max > 4 * rows.length + 1024) return new Set(Array.from(rows, (i) => ids[i]!)).size;
  const seen = new Uint8Array(max + 1);
  let n = 0;
  for (const i of rows) {
    if (seen[ids[i]!] === 0) {
      seen[ids[i]!] = 1;
      n++;
    }
  }
  return n;
}
