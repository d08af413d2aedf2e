/**
 * The workflow's rule for a staff dispute: a screener disputes a record from the list of records
 * their call's score read, as it was shown to them — so not before the score is shown, and not a
 * record they were not shown. The web form and the JSON API both go through it (openDispute), and
 * a record not on the list gets one refusal, whether it exists for someone else or not at all, so
 * that the answer never tells who an event belongs to.
 */
import { scoreById, type CallRow, type Sql } from '../../src/store/index.js';
import { fail } from '../errors.js';
import type { CallScore } from '../score/score-call.js';
import { order } from '../workflow/steps.js';

/** A record of a shown score's records-read list. */
export type ShownRecord = Extract<CallScore, { scored: true }>['records'][number];

/**
 * The record `recordId` of `personId` in the score shown on `call` (the call's own score, the one
 * its screener saw, even after a correction re-scored it).
 * @throws SightlineError E_WORKFLOW_ORDER before the score is shown; E_NOT_FOUND for any record
 *   not on its list, in one message.
 */
export async function shownRecordOf(
  sql: Sql,
  call: CallRow,
  personId: string,
  recordId: string,
): Promise<ShownRecord> {
  if (call.revealed_ms === null || call.score_id === null) {
    order(
      call,
      'dispute a record of',
      'enter your ratings and see the score first; a dispute names a record the score read',
    );
  }
  const stored = await scoreById(sql, call.score_id);
  const score = stored !== undefined ? (JSON.parse(stored.result_json) as CallScore) : null;
  const record = (score?.scored === true ? score.records : []).find(
    (r) => r.personId === personId && r.recordId === recordId,
  );
  if (record === undefined) {
    fail(
      'E_NOT_FOUND',
      `record ${recordId} of person ${personId} is not among the records call ${call.referral_id}'s score read; dispute a record from that list`,
    );
  }
  return record;
}
