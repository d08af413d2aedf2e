/**
 * Calendar periods of monitoring: months or quarters, as integer indices counted from January
 * 1970 (month index = 12·(year − 1970) + month − 1; quarter index = month index ÷ 3, floored),
 * computed from day numbers (days since 1970-01-01, UTC) without Date objects.
 */
import { civilOfDay } from '../../core/index.js';

/** The period unit of a monitoring report. */
export type PeriodUnit = 'month' | 'quarter';

/** Year and month (1–12) of a day number (its whole days). */
export function yearMonthOfDay(day: number): { year: number; month: number } {
  const { year, month } = civilOfDay(Math.floor(day));
  return { year, month };
}

/** Day number of the first day of a year and month (1–12). */
export function dayOfYearMonth(year: number, month: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The period index of a day.
 * @example periodOfDay(parseDate('2015-01-31'), 'month') // 540 (= 12·45 + 0)
 */
export function periodOfDay(day: number, unit: PeriodUnit): number {
  const { year, month } = yearMonthOfDay(day);
  const m = 12 * (year - 1970) + month - 1;
  return unit === 'month' ? m : Math.floor(m / 3);
}

/** First day (inclusive) and end day (exclusive) of a period. */
export function periodDays(index: number, unit: PeriodUnit): { start: number; end: number } {
  const m0 = unit === 'month' ? index : index * 3;
  const m1 = m0 + (unit === 'month' ? 1 : 3);
  const at = (m: number) => dayOfYearMonth(1970 + Math.floor(m / 12), (m % 12) + 1);
  return { start: at(m0), end: at(m1) };
}

/**
 * The label of a period: `2015-01` or `2015-Q1`.
 * @example periodLabel(540, 'month') // '2015-01'
 */
export function periodLabel(index: number, unit: PeriodUnit): string {
  if (unit === 'quarter') return `${1970 + Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  return `${1970 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Position of a period within its year: month 0–11 or quarter 0–3 (the seasonal class). */
export function seasonOf(index: number, unit: PeriodUnit): number {
  return unit === 'month' ? index % 12 : index % 4;
}
