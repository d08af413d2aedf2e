/**
 * Formatting shared by the process and monitoring reports: rates in percent with their intervals,
 * signed differences in points, odds ratios with intervals, counts with thousands separators.
 * Formatting only; nothing here computes a metric. NaN and null print as an em dash.
 */
import type { OddsRatioEstimate, RateCell, RateDifference } from '../audit/index.js';

const ok = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v);

/** A share as a percentage: `12.3%`. */
export const pct = (v: number | null | undefined, digits = 1): string =>
  ok(v) ? `${(v * 100).toFixed(digits)}%` : '—';

/** A number with fixed decimals and the true minus sign. */
export const num = (v: number | null | undefined, digits = 3): string =>
  ok(v) ? v.toFixed(digits).replace('-', '−') : '—';

/** A count: `1,234`. */
export const count = (v: number): string => v.toLocaleString('en-US');

/** A rate with its interval and counts: `12.3% (10.1% to 14.8%), 45 of 366`. */
export function rateText(c: RateCell): string {
  if (c.n === 0) return '— (no records)';
  return `${pct(c.rate)} (${pct(c.lo)} to ${pct(c.hi)}), ${count(c.k)} of ${count(c.n)}`;
}

/** A difference of rates in points with its interval: `+8.2 pts (5.1 to 11.3)`. */
export function pointsText(d: RateDifference): string {
  if (!ok(d.value)) return '—';
  const p = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;
  return `${p(d.value)} pts (${ok(d.lo) ? p(d.lo) : '—'} to ${ok(d.hi) ? p(d.hi) : '—'})`;
}

/** An odds ratio with its interval and log: `1.42 (1.10 to 1.83; log 0.35 ± 0.13)`. */
export function oddsRatioText(o: OddsRatioEstimate): string {
  if (!ok(o.oddsRatio)) return '— (no stratum holds both groups with both outcomes)';
  return `${num(o.oddsRatio, 2)} (${num(o.lo, 2)} to ${num(o.hi, 2)}; log odds ratio ${num(o.logOddsRatio, 2)}, SE ${num(o.se, 2)}; ${count(o.n)} records in ${count(o.informativeStrata)} strata)`;
}

/** Whether an interval excludes a value, in words. */
export function excludes(lo: number, hi: number, value: number): boolean {
  return ok(lo) && ok(hi) && (lo > value || hi < value);
}

/**
 * Vega numbers its SVG gradients from a counter that lives as long as the process, so one report
 * rendered twice in a process would differ; renumbering them by first appearance keeps the page
 * byte-identical for identical input (and the ids unique).
 */
export function renumberGradients(html: string): string {
  const ids = new Map<string, string>();
  return html.replace(/gradient_\d+/g, (id) => {
    if (!ids.has(id)) ids.set(id, `gradient_${ids.size}`);
    return ids.get(id)!;
  });
}
