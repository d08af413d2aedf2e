/**
 * Formatting for the audit report: values as a reader expects them (rates in percent, signed
 * contrasts, the true minus sign), intervals, verdict cells and small tables. Formatting only;
 * nothing here computes a metric.
 */
import type { MetricRow } from '../audit/index.js';
import { escapeHtml } from './html.js';
import { GROUPING_TITLES, METRIC_TITLES, VERDICT_TEXT } from './audit-notes.js';

/** Metrics shown as percentages (rates and shares). */
export const RATE_METRICS = new Set([
  'base_rate',
  'selection_rate',
  'tpr',
  'fpr',
  'fnr',
  'ppv',
  'calibration',
  'score_share',
]);
/** A metric's name for readers. */
export const title = (m: string) => METRIC_TITLES[m] ?? m;
/** A grouping's name for readers. */
export const groupingTitle = (g: string) => GROUPING_TITLES[g] ?? g;

/** A value for a reader: rates as percentages, ratios and AUCs with 2–3 decimals. */
export function formatValue(metric: string, v: number | null, contrast?: string): string {
  return plainValue(metric, v, contrast).replace('-', '−');
}

function plainValue(metric: string, v: number | null, contrast?: string): string {
  if (v === null) return '—';
  if (contrast === 'ratio') return v.toFixed(2);
  if (contrast === 'difference' && (RATE_METRICS.has(metric) || metric === 'calibration_gap')) {
    return `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} pts`;
  }
  if (contrast === 'difference') return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`;
  if (RATE_METRICS.has(metric)) return `${(v * 100).toFixed(1)}%`;
  return v.toFixed(3);
}

/** "lo to hi" of a row, formatted like its value. */
export const interval = (r: MetricRow) =>
  r.lo === null || r.hi === null
    ? '—'
    : `${formatValue(r.metric, r.lo, r.contrast)} to ${formatValue(r.metric, r.hi, r.contrast)}`;

/** A table cell: text, with an optional class (verdicts are coloured). */
export interface Td {
  readonly text: string;
  readonly cls?: string;
}
/** A verdict as a coloured cell. */
export const verdictCell = (state: string): Td => ({
  text: VERDICT_TEXT[state] ?? state,
  cls:
    state === 'exceeds_tolerance'
      ? 'bad'
      : state === 'within_tolerance'
        ? 'good'
        : state === 'inconclusive'
          ? 'warn'
          : 'muted',
});

/** A table with a caption; cells are escaped text, optionally classed. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly (string | Td)[][],
): string {
  if (rows.length === 0) return `<p class="meta">${escapeHtml(caption)}: nothing to show.</p>`;
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r
          .map((c) => {
            const td = typeof c === 'string' ? { text: c } : c;
            return `<td${td.cls ? ` class="${td.cls}"` : ''}>${escapeHtml(td.text)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Plain-language notes as paragraphs. */
export const notes = (lines: readonly string[]) =>
  lines.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n');

/** A value with its interval (and n), or a contrast with its verdict, as one table cell. */
export function cell(r: MetricRow | undefined, withN = false): Td {
  if (r === undefined) return { text: '—', cls: 'muted' };
  if (r.state === 'suppressed') return { text: 'too few records', cls: 'muted' };
  const v = `${formatValue(r.metric, r.value, r.contrast)} (${interval(r)})`;
  if (r.contrast === undefined)
    return { text: withN ? `${v}, n = ${r.n.toLocaleString('en-US')}` : v };
  const verdict = verdictCell(r.state);
  return {
    text: verdict.text ? `${v}: ${verdict.text}` : v,
    ...(verdict.cls ? { cls: verdict.cls } : {}),
  };
}
