/**
 * Privacy inside a household: whose records a family code holder may see in full. A referral can
 * name an adult the call was about beside the parent they hurt, so one adult's page must not show
 * another adult's jail bookings or mental health care. The holder sees their own records, and the
 * children's (under 18 on the day of the call) when they are named as a parent on the call; of
 * everyone else, only how many records the score read. The family page (view.ts) and a family's
 * dispute (server/disputes' openDispute) both ask this one rule.
 */
import { ageInYears } from '../../src/core/index.js';
import type { MemberRow } from '../../src/store/index.js';
import type { RecordRead } from '../score/records-read.js';
import { ADULT_AGE } from './issue.js';

/** How many records the score read about one person: what is shown when the details are not. */
export interface RecordCounts {
  /** Records from before the call that the score read. */
  readonly read: number;
  /** Of those, how many count toward the score. */
  readonly counting: number;
  /** Of those, how many can never stop counting under this model. */
  readonly alwaysCounting: number;
}

/** Counts a person's records (read, counting toward the score, always counting). */
export function recordCounts(records: readonly RecordRead[]): RecordCounts {
  return {
    read: records.length,
    counting: records.filter((r) => r.featuresReading > 0).length,
    alwaysCounting: records.filter((r) => r.immutable).length,
  };
}

/**
 * Whether the holder of a family code (`holderId`) may see `personId`'s records in full, on a
 * referral with `members` received on day `callDay`: their own always; a child's (under 18 that
 * day) when the holder is named as a parent on it; no one else's.
 */
export function holderSeesRecordsOf(
  members: readonly MemberRow[],
  holderId: string,
  personId: string,
  callDay: number,
): boolean {
  if (personId === holderId) return true;
  const person = members.find((m) => m.person_id === personId);
  if (person === undefined || ageInYears(person.birth_day, callDay) >= ADULT_AGE) return false;
  return members.some((m) => m.person_id === holderId && m.role === 'parent');
}

/**
 * Why a family member may not dispute a record of someone whose records are kept from them, and
 * what to do instead (no ids: the family pages show none).
 */
export const OTHERS_RECORDS_PRIVATE =
  'this record is kept private from you: a family member can tell us about their own records, and about their children’s records if they are named as a parent on this call, but not about another person’s. That person can ask the screener or supervisor for their own code, to see their records and tell us what is not right';
