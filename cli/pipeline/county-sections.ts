/**
 * Report sections about the county itself: the published Allegheny figures beside what the
 * synthetic county achieved, and the validation's row accounting.
 */
import type { ValidationReport } from '../../src/contract/index.js';
import { htmlTable, type Section } from '../../src/report/index.js';
import type { TargetCheck } from '../../src/synth/index.js';

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** The targets table: published figure, achieved, deviation, within tolerance. */
export function targetsSection(checks: readonly TargetCheck[], scale: number): Section {
  const rows = checks.map((c) => [
    c.label,
    c.kind === 'share' ? pct(c.expected) : Math.round(c.expected),
    c.kind === 'share' ? pct(c.achieved) : Math.round(c.achieved),
    c.kind === 'share'
      ? `${(100 * c.deviation).toFixed(1)} pts`
      : `${(100 * c.deviation).toFixed(1)}%`,
    c.ok ? 'yes' : 'NO',
    c.source,
  ]);
  return {
    id: 'county',
    title: 'The synthetic county beside the published Allegheny figures',
    notes: [
      `Counts are for referrals received April 2010 – July 2014${scale === 1 ? '' : `, scaled by ${scale}`}; household shares use each referral's household and only records that started before the call.`,
      'The county is simulated (docs/synthetic-county.md): it has the volumes and the documented biases of a real county, and a known truth to check audits against. No real family is in it.',
    ],
    html: htmlTable(
      'Published figure, what this county achieved, and whether it is within tolerance',
      ['figure', 'published', 'achieved', 'deviation', 'within tolerance', 'source'],
      rows,
    ),
  };
}

/** The row accounting of the validation: every input row loaded or rejected with a reason. */
export function validationSection(report: ValidationReport): Section {
  const rows = report.tables.map((t) => [
    t.table,
    t.format,
    t.rowsRead,
    t.rowsLoaded,
    t.rowsRejected,
  ]);
  return {
    id: 'validation',
    title: 'Validation against the data contract',
    notes: [
      'Every input row is either loaded or rejected with its table, row, column, value and reason; rows read = rows loaded + rows rejected for each table.',
    ],
    html: htmlTable(
      'Row accounting per table',
      ['table', 'format', 'rows read', 'loaded', 'rejected'],
      rows,
    ),
  };
}
