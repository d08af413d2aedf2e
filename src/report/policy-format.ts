/**
 * Formatting shared by the replay, ablation and register pages: rates as percentages, changes as
 * signed points, AUCs with three decimals, intervals, and the policy names in words. Formatting
 * only; nothing here computes a measure.
 */

/** A share as a percentage ("33.0%"), or an em dash. */
export const pct = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`;

/** A difference of shares in signed points ("+4.2 pts", "−1.0 pts"). */
export const pts = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '—'
    : `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} pts`;

/** A number with three decimals ("0.739"), signed when `signed` ("+0.002", "−0.010"). */
export const d3 = (v: number | null | undefined, signed = false): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const t = Math.abs(v).toFixed(3);
  return signed ? `${v >= 0 ? '+' : '−'}${t}` : v < 0 ? `−${t}` : t;
};

/** A value with its interval: "33.0% (30.1% to 35.9%)". */
export function withInterval(
  f: (v: number | null) => string,
  v: number | null,
  lo: number | null,
  hi: number | null,
): string {
  if (v === null) return '—';
  return lo === null || hi === null ? f(v) : `${f(v)} (${f(lo)} to ${f(hi)})`;
}

/** True when the measure is a share (formatted in percent and points). */
export const isShare = (metric: string): boolean =>
  /^(fpr|tpr|selection_rate|households_flagged|households_high|fpr_high|marked_high|base_rate)/.test(
    metric,
  );

/** The formatter of a measure: shares in percent (changes in points), AUCs with decimals. */
export function formatterOf(metric: string, change: boolean): (v: number | null) => string {
  if (isShare(metric)) return change ? pts : pct;
  return (v) => d3(v, change);
}

/** A policy id ("household_max/child") in words. */
export function policyName(id: string): string {
  const [score = '', outcome = ''] = id.split('/');
  const s: Record<string, string> = {
    individual: 'individual score',
    household_max: 'household maximum',
    alleged_victim: 'alleged-victim score',
    protocol: 'protocol',
  };
  return `${s[score] ?? score} × ${outcome === 'child' ? "child's outcome" : "household's outcome"}`;
}

/** A measure and group in words. */
export function measureName(metric: string, group: string, versus?: string): string {
  const m: Record<string, string> = {
    auc: 'AUC',
    xauc: 'xAUC',
    fpr: 'FPR at the line',
    tpr: 'TPR at the line',
    selection_rate: 'records flagged',
    households_flagged: 'households flagged',
    households_high: 'households high-risk',
    fpr_high: 'FPR of the high-risk protocol',
    marked_high: 'high-risk share of households',
  };
  const g: Record<string, string> = {
    black: 'Black households',
    non_black: 'non-Black households',
    all: 'everyone',
    gap: 'gap (Black − non-Black)',
    marked: 'marked by the group',
    unmarked: 'not marked',
  };
  if (metric === 'xauc') {
    return `xAUC: positives of ${g[group] ?? group} over negatives of ${g[versus ?? ''] ?? versus}`;
  }
  return `${m[metric] ?? metric}, ${g[group] ?? group}`;
}
