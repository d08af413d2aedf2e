/**
 * Raising a dispute of a record: a screener on a call they handle, or a family member through
 * their access to a referral. The record must exist and be current, belong to someone named on
 * the referral (for a screener: a record of the call's score as it was shown to them,
 * shown-record.ts; for a family: their own records, or their children's when they are named as a
 * parent on the call — the records their page shows, server/family/privacy.ts), and have no
 * dispute open already; a link to an earlier referral can only be disputed as not the person's.
 * The dispute and its audit entry are written in one transaction.
 */
import { dayOf, sha256 } from '../../src/core/index.js';
import {
  appendAudit,
  callById,
  eventById,
  insertDispute,
  linksOf,
  membersOf,
  openDisputeOf,
  type Sql,
} from '../../src/store/index.js';
import type { Deps } from '../context.js';
import { fail } from '../errors.js';
import type { DisputeRequest } from '../schemas.js';
import { OTHERS_RECORDS_PRIVATE, holderSeesRecordsOf } from '../family/privacy.js';
import { shownRecordOf } from './shown-record.js';

/**
 * Who raises a dispute: a staff member (a screener, by user id) or a family member (by person id)
 * with the referral their access is for.
 */
export type DisputeRaiser =
  | { readonly kind: 'staff'; readonly userId: string }
  | { readonly kind: 'family'; readonly personId: string; readonly referralId: string };

/**
 * What is disputed (server/schemas.ts `DisputeRequest`, validated): `personId`, `recordId`
 * (`event:N` or `referral:ID`, as in a score's records-read list), `grounds`, an optional note
 * and proposed correction; and `referralId`, the referral in whose context it is raised —
 * required from staff, and for a family defaulting to (and required to equal) the raiser's.
 */
export type DisputeInput = DisputeRequest & { readonly referralId?: string };

/** The record a dispute names, resolved. */
type Target =
  | { kind: 'event'; eventId: number; startDay: number }
  | { kind: 'referral_link'; linkReferralId: string };

const forbidden = (message: string): never => fail('E_AUTH_FORBIDDEN', message);

/** The audit log's name of who raised a dispute (ids only). */
export function raiserActor(r: DisputeRaiser): string {
  return r.kind === 'staff' ? r.userId : `family:${r.personId}`;
}

/**
 * The referral a raiser may dispute on, checked (their call, or the family's own referral and a
 * person whose records the family member may see).
 */
async function contextReferral(sql: Sql, raiser: DisputeRaiser, input: DisputeInput) {
  const referralId = input.referralId ?? (raiser.kind === 'family' ? raiser.referralId : null);
  if (referralId === null) {
    return fail('E_INPUT', 'invalid dispute: referralId: is required', {
      issues: [{ field: 'referralId', message: 'is required' }],
    });
  }
  const members = await membersOf(sql, referralId);
  if (raiser.kind === 'family') {
    if (referralId !== raiser.referralId || !members.some((m) => m.person_id === raiser.personId))
      forbidden('a family member can dispute records only on their own referral');
  } else {
    const call = await callById(sql, referralId);
    if (call === undefined) fail('E_NOT_FOUND', `no call ${referralId}`);
    if (call.screener_id !== raiser.userId)
      forbidden(`call ${referralId} belongs to another screener`);
    // Only a record of the score shown to the screener (the web form's rule, for every path).
    await shownRecordOf(sql, call, input.personId, input.recordId);
  }
  if (!members.some((m) => m.person_id === input.personId)) {
    forbidden(
      `person ${input.personId} is not named on referral ${referralId}; only the records of the people on it can be disputed here`,
    );
  }
  const received = (await sql.get<{ received_ms: number }>(
    'SELECT received_ms FROM referrals WHERE referral_id = ?',
    [referralId],
  ))!.received_ms;
  if (
    raiser.kind === 'family' &&
    !holderSeesRecordsOf(members, raiser.personId, input.personId, dayOf(received))
  ) {
    forbidden(OTHERS_RECORDS_PRIVATE);
  }
  return { referralId, received };
}

/** Resolves the disputed record; refuses one that is missing, another's, or already corrected. */
async function targetOf(
  sql: Sql,
  input: DisputeInput,
  context: { referralId: string; received: number },
): Promise<Target> {
  const what = `record ${input.recordId} of person ${input.personId}`;
  if (input.recordId.startsWith('event:')) {
    const ev = await eventById(sql, Number(input.recordId.slice('event:'.length)));
    if (ev === undefined || ev.person_id !== input.personId) fail('E_NOT_FOUND', `no ${what}`);
    if (ev.superseded_at !== null) {
      fail(
        'E_STORE_CONFLICT',
        `${what} has already been corrected (dispute ${ev.superseded_by_dispute ?? '—'}); dispute the record that replaced it, if any`,
      );
    }
    return { kind: 'event', eventId: ev.event_id, startDay: ev.start_day };
  }
  const linkReferralId = input.recordId.slice('referral:'.length);
  const links = await linksOf(sql, linkReferralId, input.personId);
  if (links.length === 0) fail('E_NOT_FOUND', `no ${what}`);
  if (links[0]!.received_ms >= context.received || linkReferralId === context.referralId) {
    fail(
      'E_INPUT',
      `invalid dispute: recordId: ${linkReferralId} is not an earlier referral; the people named on this referral are recorded with the call`,
      { issues: [{ field: 'recordId', message: 'is not an earlier referral' }] },
    );
  }
  if (links.every((l) => l.superseded_at !== null)) {
    fail('E_STORE_CONFLICT', `${what} has already been removed from the person's history`);
  }
  if (input.grounds !== 'not_theirs') {
    fail(
      'E_INPUT',
      'invalid dispute: grounds: an earlier referral can only be disputed as not_theirs (the person was not part of it)',
      { issues: [{ field: 'grounds', message: 'must be not_theirs for an earlier referral' }] },
    );
  }
  return { kind: 'referral_link', linkReferralId };
}

/** A dispute just opened. */
export interface OpenedDispute {
  readonly disputeId: number;
  readonly status: 'open';
  readonly referralId: string;
  readonly personId: string;
  readonly recordId: string;
  readonly grounds: DisputeInput['grounds'];
}

/**
 * Opens a dispute of one record. A family route calls it with
 * `{ kind: 'family', personId, referralId }` taken from the family's verified access (never from
 * the request) and the body parsed with `DisputeRequest`; the staff route passes
 * `{ kind: 'staff', userId }` and a body parsed with `NewDispute`.
 * @throws SightlineError E_AUTH_FORBIDDEN (not the raiser's call or household, or for a family
 *   member a record kept private from them: another adult's, or a child's when they are not a
 *   parent on the call), E_WORKFLOW_ORDER (staff, before the call's score is shown), E_NOT_FOUND
 *   (no such call or record of that person; for staff, any record not among those the shown
 *   score read), E_INPUT (not an earlier referral, wrong grounds for a
 *   referral), E_STORE_CONFLICT (the record was already corrected, or a dispute of it is open).
 * @example
 * await openDispute(deps, { kind: 'family', personId: 'P12', referralId: 'R40' },
 *   { personId: 'P12', recordId: 'event:812', grounds: 'out_of_date', note: 'ended in 2019' });
 */
export async function openDispute(
  deps: Deps,
  raiser: DisputeRaiser,
  input: DisputeInput,
): Promise<OpenedDispute> {
  const nowMs = deps.clock();
  return deps.db.tx(async (sql) => {
    const context = await contextReferral(sql, raiser, input);
    const target = await targetOf(sql, input, context);
    const open = await openDisputeOf(
      sql,
      target.kind === 'event'
        ? { eventId: target.eventId }
        : { linkReferralId: target.linkReferralId, personId: input.personId },
    );
    if (open !== undefined) {
      fail(
        'E_STORE_CONFLICT',
        `record ${input.recordId} already has an open dispute (${open.dispute_id}); a reviewer will decide it`,
        { disputeId: open.dispute_id },
      );
    }
    const note = input.note !== undefined && input.note !== '' ? input.note : null;
    const disputeId = await insertDispute(sql, {
      target_kind: target.kind,
      event_id: target.kind === 'event' ? target.eventId : null,
      link_referral_id: target.kind === 'referral_link' ? target.linkReferralId : null,
      person_id: input.personId,
      referral_id: context.referralId,
      raised_by_kind: raiser.kind,
      raised_by: raiser.kind === 'staff' ? raiser.userId : raiser.personId,
      raised_ms: nowMs,
      grounds: input.grounds,
      note,
      proposed_json: input.proposed !== undefined ? JSON.stringify(input.proposed) : null,
    });
    await appendAudit(sql, new Date(nowMs).toISOString(), [
      {
        actor: raiserActor(raiser),
        action: 'dispute_opened',
        subject: `dispute:${disputeId}`,
        details: {
          referralId: context.referralId,
          personId: input.personId,
          record: input.recordId,
          grounds: input.grounds,
          raisedBy: raiser.kind,
          noteSha256: note !== null ? sha256(note) : null,
        },
      },
    ]);
    return {
      disputeId,
      status: 'open' as const,
      referralId: context.referralId,
      personId: input.personId,
      recordId: input.recordId,
      grounds: input.grounds,
    };
  });
}
