/**
 * Cell rules of the contract, shared by the CSV and Parquet readers so both apply the same ones.
 * Each parser takes the cell text (never empty: an empty cell is a missing value, handled by the
 * caller) and returns a number, NaN (or -1 for codes) when the text breaks the rule; the
 * explain* functions say why, and run only for rejected cells.
 */
import { parseDate, parseDateTime } from '../core/index.js';
import type { ColumnSpec } from './schema.js';
import type { ReasonCode } from './report.js';

const ZERO = 48;
const DASH = 45;

const digit = (text: string, i: number): number => {
  const d = text.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : NaN;
};

/** Day number of a proleptic Gregorian date (days since 1970-01-01); inputs already checked. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses a contract date `YYYY-MM-DD` to a day number; NaN when it is not a calendar date. Fast
 * path: fixed-position digits for years 1000–9999; anything else goes to core parseDate, which
 * has the final word, so both always agree.
 */
export function parseDay(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) {
    return parseDate(text);
  }
  const y = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const m = digit(text, 5) * 10 + digit(text, 6);
  const d = digit(text, 8) * 10 + digit(text, 9);
  if (!(y >= 1000) || !(m >= 1 && m <= 12) || !(d >= 1)) return parseDate(text);
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > MONTH_DAYS[m - 1]! + (leap ? 1 : 0)) return NaN;
  return daysFromCivil(y, m, d);
}

/** Parses a contract datetime (ISO 8601 with an offset or Z) to epoch ms; NaN otherwise. */
export const parseInstant = parseDateTime;

/** A lookup from enum text to its code; compare exactly (contract enums are lower case). */
export function enumLookup(values: readonly string[]): Map<string, number> {
  return new Map(values.map((v, i) => [v, i]));
}

const INT_RE = /^-?\d{1,15}$/;

/** Parses an int cell (optional minus sign, decimal digits); NaN when not an integer. */
export function parseIntCell(text: string): number {
  return INT_RE.test(text) ? Number(text) : NaN;
}

/** Parses a bool cell: `true` → 1, `false` → 0, anything else → -1. */
export function parseBoolCell(text: string): number {
  return text === 'true' ? 1 : text === 'false' ? 0 : -1;
}

/** Why a non-empty cell breaks its column's rule: a reason code and a sentence. */
export function explainCell(c: ColumnSpec, text: string): { code: ReasonCode; reason: string } {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  switch (c.type) {
    case 'enum': {
      const lower = text.toLowerCase();
      const hint = c.values!.includes(lower) ? ` (did you mean "${lower}"?)` : '';
      return {
        code: 'bad_enum',
        reason: `unknown ${c.name} "${shown}": expected one of ${c.values!.join(', ')}, lower case and exact${hint}`,
      };
    }
    case 'date':
      return { code: 'bad_date', reason: `${c.name} "${shown}" is not a calendar date YYYY-MM-DD` };
    case 'datetime': {
      const noOffset = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text);
      return {
        code: 'bad_datetime',
        reason: noOffset
          ? `${c.name} "${shown}" has no offset: add Z (UTC) or ±HH:MM`
          : `${c.name} "${shown}" is not an ISO 8601 datetime with an offset or Z`,
      };
    }
    case 'int': {
      // Digits beyond parseIntCell's 15 are still an integer, just out of range.
      if (!/^-?\d+$/.test(text)) {
        return { code: 'bad_int', reason: `${c.name} "${shown}" is not an integer` };
      }
      const v = parseIntCell(text);
      return {
        code: 'int_out_of_range',
        reason: `${c.name} ${Number.isNaN(v) ? shown : v} is outside the allowed range ${c.min} to ${c.max}`,
      };
    }
    case 'bool':
      return { code: 'bad_bool', reason: `${c.name} "${shown}" is not true or false` };
    case 'string':
      return { code: 'missing_required', reason: `${c.name} is required but empty` };
  }
}
