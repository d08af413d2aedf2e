/**
 * The validation report: per-table row accounting (rowsRead = rowsLoaded + rowsRejected), one
 * Reject per problem found in a row, and the issues (warnings and notes) about the extract. Also
 * the stable reason codes and the rejects file format.
 */
import type { Issue } from '../core/index.js';
import type { TableName } from './schema.js';
import { csvField } from './csv-format.js';

/** Stable reason codes of a rejected row, with what each means. */
export const REASONS = {
  field_count: 'the record has a different number of fields than the header',
  bad_quote: 'malformed CSV quoting (a stray quote, text after a closing quote, an unclosed quote)',
  field_too_long: 'a field is longer than maxFieldBytes',
  missing_required: 'a required value is empty',
  bad_enum: 'a value is not one of the allowed enum values (lower case, exact)',
  bad_date: 'a date is not a calendar date YYYY-MM-DD',
  bad_datetime: 'a datetime is not ISO 8601 with an offset or Z',
  bad_int: 'an int value is not an integer',
  int_out_of_range: 'an int value is outside its allowed range',
  bad_bool: 'a bool value is not true or false',
  end_before_start: 'an event ends before it starts',
  duplicate_key: 'the row repeats the key of an earlier row (the first is kept)',
  dangling_reference: 'the row refers to an id that is not in the referenced table',
  rejected_reference: 'the row refers to a row that was itself rejected',
  birth_after_referral: 'a person named on a referral was born after the referral was received',
} as const;

/** A stable reason code (a key of REASONS). */
export type ReasonCode = keyof typeof REASONS;

/** Reason codes in report order. */
export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

/** One problem with one input row. A row with several problems has several Rejects. */
export interface Reject {
  readonly table: TableName;
  /** 1-based data-row number in the file (the header is not counted). */
  readonly row: number;
  /** Physical line (1-based) the record starts on; CSV only. */
  readonly line?: number;
  /** The column at fault; empty for problems of the whole record. */
  readonly column: string;
  /** The offending value as found (long values truncated). */
  readonly value: string;
  readonly code: ReasonCode;
  /** What is wrong, in words. */
  readonly reason: string;
}

/** Row accounting of one table. */
export interface TableReport {
  readonly table: TableName;
  /** The file read, as given (folder path joined with NAME.csv or NAME.parquet). */
  readonly file: string;
  readonly format: 'csv' | 'parquet';
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  /** Number of problems per reason code (a row with two problems counts under both). */
  readonly byReason: Readonly<Partial<Record<ReasonCode, number>>>;
}

/** The outcome of reading and validating an extract. */
export interface ValidationReport {
  readonly dir: string;
  readonly tables: readonly TableReport[];
  readonly rejects: readonly Reject[];
  readonly issues: readonly Issue[];
}

/** Longest value kept in a Reject before truncation. */
export const MAX_REJECT_VALUE_CHARS = 200;

/** A value for a Reject: as is, or its first 200 characters followed by `…`. */
export function rejectValue(text: string): string {
  return text.length > MAX_REJECT_VALUE_CHARS ? `${text.slice(0, MAX_REJECT_VALUE_CHARS)}…` : text;
}

/** Total rejected rows over all tables. */
export function totalRejected(report: ValidationReport): number {
  return report.tables.reduce((s, t) => s + t.rowsRejected, 0);
}

/** `events 2 of 310 (bad_enum 2); persons …`: each table with rejected rows, and its reasons. */
export function rejectedTablesText(report: ValidationReport): string {
  return report.tables
    .filter((t) => t.rowsRejected > 0)
    .map((t) => `${t.table} ${t.rowsRejected} of ${t.rowsRead} (${reasonsText(t)})`)
    .join('; ');
}

/** `bad_enum 2, missing_required 1`: a table's problems by reason, most frequent first. */
export function reasonsText(t: TableReport, limit = Infinity): string {
  return Object.entries(t.byReason)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
}

/** Header of the rejects file. */
export const REJECTS_HEADER = 'table,row,line,column,value,code,reason';

/** The rejects file: CSV with REJECTS_HEADER and one line per Reject (header only when clean). */
export function rejectsCsv(rejects: readonly Reject[]): string {
  let out = `${REJECTS_HEADER}\n`;
  for (const r of rejects) {
    const line = r.line === undefined ? '' : String(r.line);
    out += `${r.table},${r.row},${line},${csvField(r.column)},${csvField(r.value)},${r.code},${csvField(r.reason)}\n`;
  }
  return out;
}
