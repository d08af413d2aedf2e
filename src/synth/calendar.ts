/**
 * Calendar helpers for the simulation clock: months counted from a start month, and conversions
 * between day numbers (days since 1970-01-01, UTC) and (year, month).
 */
import { MS_PER_DAY, parseDate } from '../core/index.js';

/** Days per year, for converting rates. */
export const DAYS_PER_YEAR = 365.25;

/** Month number (year * 12 + month0) of a day number. */
export function monthOfDay(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Day number of the first day of a month number. */
export function dayOfMonth(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / MS_PER_DAY;
}

/** Day number of a knob date (validated by the schema, so always parsable). */
export function knobDay(text: string): number {
  const day = parseDate(text);
  if (Number.isNaN(day)) throw new RangeError(`invalid date knob: ${text}`);
  return day;
}

/** Adds whole years to a day number, approximately (365.25 days per year). */
export function addYears(day: number, years: number): number {
  return Math.floor(day + years * DAYS_PER_YEAR);
}

/** Logistic function. */
export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Log-odds of a probability in (0, 1). */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}
