/**
 * A streaming RFC 4180 CSV parser: feed it text chunks of any size, it calls back once per record
 * with the fields, the physical line the record starts on and, for a malformed record, what is
 * wrong. CRLF, LF and lone CR all end a line (mixed within one file, split across chunks or
 * not); quoted fields may hold commas, doubled quotes and line breaks; a final record without a
 * line break is still a record; a leading byte-order mark is dropped. A blank line is not a
 * record: it is reported through `onBlank`.
 *
 * The record callback receives a reused array: read `fields[0..count)` during the call only.
 * Nothing is allocated per record besides the field strings themselves.
 */

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3; // a quote inside a quoted field, at a chunk end: closing or doubled?
const AFTER_QUOTE = 4;

/** Called once per record; `fields` is reused after the call returns. */
export type RecordCallback = (
  fields: string[],
  count: number,
  line: number,
  malformed: string | null,
) => void;

/** Why a record is malformed (the first problem found). */
export const MALFORMED = {
  strayQuote: 'a quote inside an unquoted field (quote the whole field and double inner quotes)',
  afterQuote: 'text after a closing quote (quote the whole field and double inner quotes)',
  unclosed: 'a quoted field is never closed (it runs to the end of the file)',
} as const;

/** The streaming parser; call push() per chunk, then end(). */
export class CsvParser {
  private readonly onRecord: RecordCallback;
  private readonly onBlank: (line: number) => void;
  private readonly fields: string[] = [];
  private count = 0;
  private state = FIELD_START;
  private pending = '';
  private quoted = false;
  private line = 1;
  private recordLine = 1;
  private skipLF = false;
  private first = true;
  private malformed: string | null = null;

  constructor(onRecord: RecordCallback, onBlank: (line: number) => void = () => {}) {
    this.onRecord = onRecord;
    this.onBlank = onBlank;
  }

  /** The physical line the parser has reached (1-based). */
  get currentLine(): number {
    return this.line;
  }

  private field(value: string): void {
    this.fields[this.count++] = value;
    this.pending = '';
  }

  /** Ends the record at a line break (the break itself not yet counted). */
  private endRecord(value: string): void {
    if (this.count === 0 && value === '' && !this.quoted && this.malformed === null) {
      this.onBlank(this.recordLine);
    } else {
      this.field(value);
      this.onRecord(this.fields, this.count, this.recordLine, this.malformed);
    }
    this.count = 0;
    this.pending = '';
    this.quoted = false;
    this.malformed = null;
    this.state = FIELD_START;
  }

  /** Counts the line break at `i` (CR, LF or CRLF) and returns the index after it. */
  private lineBreak(text: string, i: number): number {
    this.line++;
    if (text.charCodeAt(i) === CR) {
      if (i + 1 === text.length) this.skipLF = true;
      else if (text.charCodeAt(i + 1) === LF) return i + 2;
    }
    return i + 1;
  }

  /** Parses the next chunk of text. */
  push(chunk: string): void {
    let text = chunk;
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const n = text.length;
    let i = 0;
    if (this.skipLF && n > 0) {
      this.skipLF = false;
      if (text.charCodeAt(0) === LF) {
        if (this.state === QUOTED) this.pending += '\n';
        i = 1;
      }
    }
    while (i < n) {
      const state = this.state;
      if (state === FIELD_START) {
        this.recordLine = this.count === 0 ? this.line : this.recordLine;
        if (text.charCodeAt(i) === QUOTE) {
          this.state = QUOTED;
          this.quoted = true;
          i++;
        } else this.state = UNQUOTED;
      } else if (state === UNQUOTED || state === AFTER_QUOTE) {
        let j = i;
        let c = 0;
        let quoteAt = -1;
        while (j < n) {
          c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE && quoteAt === -1) quoteAt = j;
          j++;
        }
        if (state === AFTER_QUOTE && j > i) this.malformed ??= MALFORMED.afterQuote;
        else if (quoteAt !== -1) {
          this.malformed ??= this.quoted ? MALFORMED.afterQuote : MALFORMED.strayQuote;
        }
        const value = this.pending + text.slice(i, j);
        if (j === n) {
          this.pending = value;
          this.state = UNQUOTED;
          return;
        }
        if (c === COMMA) {
          this.field(value);
          this.state = FIELD_START;
          this.quoted = false;
          i = j + 1;
        } else {
          this.endRecord(value);
          i = this.lineBreak(text, j);
        }
      } else if (state === QUOTED) {
        i = this.scanQuoted(text, i);
      } else {
        // QUOTE_SEEN: the previous chunk ended on a quote inside a quoted field.
        if (text.charCodeAt(i) === QUOTE) {
          this.pending += '"';
          this.state = QUOTED;
          i++;
        } else this.state = AFTER_QUOTE;
      }
    }
  }

  /** Scans a quoted field from `i`; returns where to continue. */
  private scanQuoted(text: string, i: number): number {
    const n = text.length;
    let start = i;
    let j = i;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === QUOTE) {
        this.pending += text.slice(start, j);
        if (j + 1 === n) {
          this.state = QUOTE_SEEN;
          return n;
        }
        if (text.charCodeAt(j + 1) === QUOTE) {
          this.pending += '"';
          j += 2;
          start = j;
          continue;
        }
        this.state = AFTER_QUOTE;
        return j + 1;
      }
      if (c === LF) this.line++;
      else if (c === CR) {
        this.line++;
        if (j + 1 === n) this.skipLF = true;
        else if (text.charCodeAt(j + 1) === LF) j++;
      }
      j++;
    }
    this.pending += text.slice(start, n);
    return n;
  }

  /** Ends the input: emits a final record that has no line break after it. */
  end(): void {
    this.skipLF = false;
    if (this.state === FIELD_START && this.count === 0) return;
    if (this.state === QUOTED) this.malformed ??= MALFORMED.unclosed;
    const value = this.pending;
    this.field(value);
    this.onRecord(this.fields, this.count, this.recordLine, this.malformed);
    this.count = 0;
    this.state = FIELD_START;
    this.malformed = null;
  }
}

/** Parses a whole CSV text into records (arrays of fields); for tests and small inputs. */
export function parseCsvText(
  text: string,
): { fields: string[]; line: number; malformed: string | null }[] {
  const out: { fields: string[]; line: number; malformed: string | null }[] = [];
  const p = new CsvParser((fields, count, line, malformed) => {
    out.push({ fields: fields.slice(0, count), line, malformed });
  });
  p.push(text);
  p.end();
  return out;
}
