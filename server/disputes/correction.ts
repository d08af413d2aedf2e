/**
 * What an accepted dispute changes in an event, checked against the data contract: `wrong` may
 * correct the kind (one the contract knows for the record's source, or `other`), the start and
 * the end; `out_of_date` corrects the end date only; `not_theirs` removes the record from the
 * person with no replacement. Dates are real calendar dates, not after today, and an end is not
 * before its start (the contract's `end_before_start` rule). A correction that changes nothing
 * is refused: the reviewer should reject the dispute instead.
 */
import { formatDate, parseDate } from '../../src/core/index.js';
import { KNOWN_KINDS, SOURCE } from '../../src/contract/index.js';
import type { DisputeGrounds, EventRow } from '../../src/store/index.js';
import { fail, type FieldIssue } from '../errors.js';
import type { RecordCorrection } from '../schemas.js';

/** The corrected event's content (the person and source never change). */
export interface CorrectedEvent {
  readonly kind: string;
  readonly start_day: number;
  readonly end_day: number | null;
}

/** The kinds a corrected record of `source` may have. */
export function kindsFor(source: string): readonly string[] {
  const known = (KNOWN_KINDS as Readonly<Record<string, readonly string[]>>)[source] ?? [];
  return [...known, 'other'];
}

function invalid(issues: readonly FieldIssue[]): never {
  return fail(
    'E_INPUT',
    // A problem with the correction as a whole is named once ("invalid correction: changes
    // nothing…"), one with a field by its field ("invalid correction: endDate: is not…").
    `invalid correction: ${issues.map((i) => (i.field === 'correction' ? i.message : `${i.field}: ${i.message}`)).join('; ')}`,
    { issues },
  );
}

function day(text: string, field: string, todayDay: number, issues: FieldIssue[]): number {
  const d = parseDate(text);
  if (Number.isNaN(d)) issues.push({ field, message: 'is not a calendar date' });
  else if (d > todayDay)
    issues.push({ field, message: `is after today (${formatDate(todayDay)})` });
  return d;
}

/**
 * The replacement of `ev` for an accepted dispute on `grounds`, or null when the record is
 * removed (`not_theirs`).
 * @throws SightlineError E_INPUT naming each field that breaks a rule.
 */
export function correctedEvent(
  grounds: DisputeGrounds,
  ev: EventRow,
  c: RecordCorrection | undefined,
  todayDay: number,
): CorrectedEvent | null {
  const given = Object.entries(c ?? {}).filter(([, v]) => v !== undefined);
  if (grounds === 'not_theirs') {
    if (given.length > 0) {
      invalid([
        {
          field: 'correction',
          message:
            'must be empty: a record that is not the person’s is removed from them, not corrected',
        },
      ]);
    }
    return null;
  }
  const issues: FieldIssue[] = [];
  if (grounds === 'out_of_date') {
    for (const [k] of given.filter(([k]) => k !== 'endDate'))
      issues.push({ field: `correction.${k}`, message: 'out_of_date corrects the end date only' });
    if (c?.endDate === undefined || c.endDate === null)
      issues.push({ field: 'correction.endDate', message: 'is required (when the record ended)' });
  }
  if (
    c?.kind !== undefined &&
    SOURCE.includes(ev.source as never) &&
    !kindsFor(ev.source).includes(c.kind)
  ) {
    issues.push({
      field: 'correction.kind',
      message: `must be one of ${kindsFor(ev.source).join(', ')} for a ${ev.source} record`,
    });
  }
  const start =
    c?.startDate !== undefined
      ? day(c.startDate, 'correction.startDate', todayDay, issues)
      : ev.start_day;
  const end =
    c?.endDate === undefined
      ? ev.end_day
      : c.endDate === null
        ? null
        : day(c.endDate, 'correction.endDate', todayDay, issues);
  if (end !== null && !Number.isNaN(start) && !Number.isNaN(end) && end < start) {
    issues.push({
      field: 'correction.endDate',
      message: `is before the start date ${formatDate(start)}`,
    });
  }
  if (issues.length > 0) invalid(issues);
  const out = { kind: c?.kind ?? ev.kind, start_day: start, end_day: end };
  if (out.kind === ev.kind && out.start_day === ev.start_day && out.end_day === ev.end_day) {
    invalid([
      {
        field: 'correction',
        message: 'changes nothing in the record; reject the dispute if the record is right',
      },
    ]);
  }
  return out;
}
