/**
 * The published Allegheny figures the synthetic county must reproduce at scale 1 (DOMAIN.md §2
 * and §4), each with the tolerance within which it counts as reproduced, and the comparison of a
 * county summary against them. Counts scale with `--scale`; shares do not.
 */
import type { CountySummary } from './summarize.js';

/** One published figure. */
export interface Target {
  readonly key: keyof CountySummary;
  readonly label: string;
  readonly published: number;
  /** Counts scale with the county size; shares do not. */
  readonly kind: 'count' | 'share';
  /** Allowed relative deviation (counts) or absolute deviation in points (shares). */
  readonly tolerance: number;
  /** Where the figure comes from. */
  readonly source: string;
}

const AFST = 'Chouldechova et al. 2018 (DOMAIN.md §2), Apr 2010 – Jul 2014';
const ACLU = 'Gerchick et al. 2023 (DOMAIN.md §4), referral households';

/** The targets, in report order. */
export const TARGETS: readonly Target[] = [
  {
    key: 'referrals',
    label: 'referrals',
    published: 36_840,
    kind: 'count',
    tolerance: 0.05,
    source: AFST,
  },
  {
    key: 'child_records',
    label: 'child-referral records',
    published: 76_964,
    kind: 'count',
    tolerance: 0.05,
    source: AFST,
  },
  {
    key: 'distinct_children',
    label: 'distinct children',
    published: 47_305,
    kind: 'count',
    tolerance: 0.05,
    source: AFST,
  },
  {
    key: 'screened_in_records',
    label: 'screened-in child records',
    published: 46_503,
    kind: 'count',
    tolerance: 0.05,
    source: AFST,
  },
  {
    key: 'screened_in_share',
    label: 'share of referrals screened in',
    published: 19_869 / 36_840,
    kind: 'share',
    tolerance: 0.03,
    source: AFST,
  },
  {
    key: 'placement_2y_screened_in',
    label: 'screened-in children placed within 2 years',
    published: 0.13,
    kind: 'share',
    tolerance: 0.02,
    source: 'DOMAIN.md §2 base rates',
  },
  {
    key: 're_referral_2y_screened_out',
    label: 'screened-out children re-referred within 2 years',
    published: 0.53,
    kind: 'share',
    tolerance: 0.03,
    source: 'DOMAIN.md §2 base rates',
  },
  {
    key: 'jpo_black',
    label: 'juvenile probation history, Black households',
    published: 0.27,
    kind: 'share',
    tolerance: 0.03,
    source: ACLU,
  },
  {
    key: 'jpo_non_black',
    label: 'juvenile probation history, non-Black households',
    published: 0.09,
    kind: 'share',
    tolerance: 0.03,
    source: ACLU,
  },
  {
    key: 'jail_black',
    label: 'county jail ever, Black households',
    published: 0.65,
    kind: 'share',
    tolerance: 0.03,
    source: ACLU,
  },
  {
    key: 'jail_non_black',
    label: 'county jail ever, non-Black households',
    published: 0.4,
    kind: 'share',
    tolerance: 0.03,
    source: ACLU,
  },
  {
    key: 'benefits_black',
    label: 'public benefits ever, Black households',
    published: 0.97,
    kind: 'share',
    tolerance: 0.03,
    source: ACLU,
  },
  {
    key: 'benefits_non_black',
    label: 'public benefits ever, non-Black households',
    published: 0.8,
    kind: 'share',
    tolerance: 0.03,
    source: ACLU,
  },
  {
    key: 'child_black_share',
    label: 'child records recorded as Black',
    published: 0.5,
    kind: 'share',
    tolerance: 0.05,
    source: 'Allegheny: about half',
  },
  {
    key: 'child_white_share',
    label: 'child records recorded as white',
    published: 0.42,
    kind: 'share',
    tolerance: 0.03,
    source: 'Allegheny: over 40%',
  },
  {
    key: 'high_protocol_override_rate',
    label: 'mandatory screen-ins overridden (from deployment)',
    published: 0.25,
    kind: 'share',
    tolerance: 0.05,
    source: 'DOMAIN.md §1: about 1 in 4',
  },
];

/** One target beside what a county achieved. */
export interface TargetCheck {
  readonly key: string;
  readonly label: string;
  readonly kind: 'count' | 'share';
  readonly published: number;
  /** The published figure scaled to the county size (counts) or as published (shares). */
  readonly expected: number;
  readonly achieved: number;
  /** Relative deviation (counts) or absolute deviation (shares) of achieved from expected. */
  readonly deviation: number;
  readonly tolerance: number;
  readonly ok: boolean;
  readonly source: string;
}

/**
 * Compares a summary with the targets; counts are scaled by `scale`.
 * @example checkTargets(summarizeCounty(run.extract), 1).every((c) => c.ok)
 */
export function checkTargets(s: CountySummary, scale: number): TargetCheck[] {
  return TARGETS.map((t) => {
    const achieved = s[t.key] as number;
    const expected = t.kind === 'count' ? t.published * scale : t.published;
    const deviation = t.kind === 'count' ? achieved / expected - 1 : achieved - expected;
    return {
      key: t.key,
      label: t.label,
      kind: t.kind,
      published: t.published,
      expected,
      achieved,
      deviation,
      tolerance: t.tolerance,
      ok: Math.abs(deviation) <= t.tolerance,
      source: t.source,
    };
  });
}

/** The targets table as aligned text, one line per target. */
export function targetsText(checks: readonly TargetCheck[]): string {
  const fmt = (c: TargetCheck, v: number) =>
    c.kind === 'share' ? `${(100 * v).toFixed(1)}%` : Math.round(v).toLocaleString('en-US');
  const rows = checks.map((c) => [
    c.label,
    fmt(c, c.expected),
    fmt(c, c.achieved),
    c.kind === 'share'
      ? `${c.deviation >= 0 ? '+' : ''}${(100 * c.deviation).toFixed(1)} pts`
      : `${c.deviation >= 0 ? '+' : ''}${(100 * c.deviation).toFixed(1)}%`,
    c.ok ? 'ok' : 'OFF',
  ]);
  const head = ['target', 'published', 'achieved', 'deviation', ''];
  const w = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (r: string[]) =>
    r
      .map((x, j) => (j === 0 ? x.padEnd(w[j]!) : x.padStart(w[j]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}
