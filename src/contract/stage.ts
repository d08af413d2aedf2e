/**
 * The staging area of one table while it is read: every record's cells checked against the
 * contract and appended to plain column arrays (missing and invalid cells as null, NaN or -1),
 * every problem recorded as a Reject. Row-level checks (keys, references) run on the staged
 * columns afterwards (validate.ts), then the loaded rows are copied into a columnar Table.
 *
 * The hot path, addRecord, allocates nothing per row besides the string values it keeps.
 */
import { issue, type Issue } from '../core/index.js';
import type { ColumnSpec, ColumnType, TableName } from './schema.js';
import { columnSpecs } from './csv-format.js';
import {
  enumLookup,
  explainCell,
  parseBoolCell,
  parseDay,
  parseInstant,
  parseIntCell,
} from './cells.js';
import type { HeaderPlan } from './header.js';
import { rejectValue, type ReasonCode, type Reject } from './report.js';

/** Default limit on one field's size in bytes (UTF-8). */
export const DEFAULT_MAX_FIELD_BYTES = 65_536;

const KIND: Record<ColumnType, number> = {
  string: 0,
  enum: 1,
  bool: 2,
  int: 3,
  date: 4,
  datetime: 5,
};

/** One table being read: staged columns, rejects, and which rows are rejected. */
export class TableStage {
  readonly name: TableName;
  readonly file: string;
  readonly format: 'csv' | 'parquet';
  readonly specs: readonly ColumnSpec[];
  /** Rows read so far. */
  n = 0;
  /** Staged values per contract column: strings (null = missing) or numbers. */
  readonly cols: ((string | null)[] | number[])[];
  /** Physical start line of each row (CSV only). */
  readonly lines: number[] | null;
  readonly rejects: Reject[] = [];
  /** The first reason code of each rejected row (0-based row → code). */
  readonly firstCode = new Map<number, ReasonCode>();
  readonly issues: Issue[];
  private readonly plan: HeaderPlan;
  private readonly kinds: Uint8Array;
  private readonly enums: (Map<string, number> | null)[];
  private readonly maxBytes: number;
  private readonly longField: Uint8Array;
  private blankLines = 0;
  private firstBlank = 0;

  constructor(
    name: TableName,
    file: string,
    format: 'csv' | 'parquet',
    plan: HeaderPlan,
    maxFieldBytes: number,
  ) {
    this.name = name;
    this.file = file;
    this.format = format;
    this.plan = plan;
    this.specs = columnSpecs(name);
    this.cols = this.specs.map(() => []);
    this.lines = format === 'csv' ? [] : null;
    this.kinds = Uint8Array.from(this.specs, (c) => KIND[c.type]);
    this.enums = this.specs.map((c) => (c.values === undefined ? null : enumLookup(c.values)));
    this.maxBytes = maxFieldBytes;
    this.longField = new Uint8Array(plan.width);
    this.issues = [...plan.issues];
  }

  /** Records one problem of row `row0` (0-based). */
  reject(row0: number, column: string, value: string, code: ReasonCode, reason: string): void {
    const r: { -readonly [K in keyof Reject]: Reject[K] } = {
      table: this.name,
      row: row0 + 1,
      column,
      value: rejectValue(value),
      code,
      reason,
    };
    if (this.lines !== null) r.line = this.lines[row0]!;
    this.rejects.push(r);
    if (!this.firstCode.has(row0)) this.firstCode.set(row0, code);
  }

  /** Notes a blank line (CSV), skipped but reported. */
  addBlank(line: number): void {
    if (this.blankLines++ === 0) this.firstBlank = line;
  }

  private pushMissing(): void {
    for (let j = 0; j < this.cols.length; j++) {
      if (this.kinds[j] === 0) (this.cols[j] as (string | null)[]).push(null);
      else (this.cols[j] as number[]).push(this.kinds[j] === 1 || this.kinds[j] === 2 ? -1 : NaN);
    }
  }

  /** Marks fields longer than maxFieldBytes (rejecting the row); returns how many. */
  private checkLengths(fields: readonly string[], count: number, row0: number): number {
    let long = 0;
    for (let f = 0; f < count; f++) {
      const text = fields[f]!;
      this.longField[f] = 0;
      if (text.length * 3 <= this.maxBytes) continue;
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes <= this.maxBytes) continue;
      this.longField[f] = 1;
      long++;
      this.reject(
        row0,
        this.plan.names[f] ?? '',
        text,
        'field_too_long',
        `field is ${bytes} bytes, over the ${this.maxBytes}-byte limit (maxFieldBytes)`,
      );
    }
    return long;
  }

  /**
   * Checks and stages one record. `fields[0..count)` are the cell texts (empty = missing); `line`
   * is the physical start line (CSV) or 0; `malformed` says what is wrong with its quoting.
   */
  addRecord(
    fields: readonly string[],
    count: number,
    line: number,
    malformed: string | null,
  ): void {
    const row0 = this.n++;
    if (this.lines !== null) this.lines.push(line);
    const width = this.plan.width;
    if (malformed !== null || count !== width) {
      const text = fields.slice(0, count).join(',');
      if (malformed !== null)
        this.reject(row0, '', text, 'bad_quote', `malformed CSV: ${malformed}`);
      if (count !== width) {
        this.reject(
          row0,
          '',
          text,
          'field_count',
          `the record has ${count} field${count === 1 ? '' : 's'}, the header has ${width}`,
        );
      }
      this.pushMissing();
      return;
    }
    const long = this.checkLengths(fields, count, row0);
    const fieldIndex = this.plan.fieldIndex;
    for (let j = 0; j < this.cols.length; j++) {
      const fi = fieldIndex[j]!;
      const kind = this.kinds[j]!;
      const col = this.cols[j]!;
      const tooLong = long > 0 && fi >= 0 && this.longField[fi] === 1;
      const text = fi < 0 || tooLong ? '' : fields[fi]!;
      if (text === '') {
        if (kind === 0) (col as (string | null)[]).push(null);
        else (col as number[]).push(kind <= 2 ? -1 : NaN);
        if (this.specs[j]!.required && !tooLong) {
          this.reject(
            row0,
            this.specs[j]!.name,
            '',
            'missing_required',
            `${this.specs[j]!.name} is required but empty`,
          );
        }
        continue;
      }
      let v: number;
      switch (kind) {
        case 0:
          (col as (string | null)[]).push(text);
          continue;
        case 1:
          v = this.enums[j]!.get(text) ?? -1;
          break;
        case 2:
          v = parseBoolCell(text);
          break;
        case 3: {
          v = parseIntCell(text);
          const c = this.specs[j]!;
          if (v < c.min! || v > c.max!) v = NaN;
          break;
        }
        case 4:
          v = parseDay(text);
          break;
        default:
          v = parseInstant(text);
      }
      (col as number[]).push(v);
      if (v === -1 ? kind <= 2 : Number.isNaN(v)) {
        const why = explainCell(this.specs[j]!, text);
        this.reject(row0, this.specs[j]!.name, text, why.code, why.reason);
      }
    }
  }

  /** Closes the table: turns the blank-line count into an issue. */
  finish(): void {
    if (this.blankLines > 0) {
      this.issues.push(
        issue(
          'CONTRACT_BLANK_LINES',
          'info',
          `${this.file}: ${this.blankLines} blank line${this.blankLines === 1 ? '' : 's'} skipped (the first on line ${this.firstBlank})`,
          { table: this.name },
        ),
      );
    }
  }
}
