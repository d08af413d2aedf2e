/**
 * A family member tells the agency a record is not right: the form (for a record their page shows
 * in full, found by the person's position on the page and the record id — the page shows no
 * person ids; a record of someone whose records are kept private from them is refused,
 * E_AUTH_FORBIDDEN) and its submission, which opens a dispute as
 * the family (server/disputes' openDispute) with the person and referral taken from the family
 * session — never from the form — then returns to the page with a thank-you.
 */
import type { Context } from 'hono';
import { isSightlineError } from '../src/core/index.js';
import type { AppEnv, Deps, Family } from '../server/context.js';
import type { On } from '../server/policy.js';
import { fail, parseInput } from '../server/errors.js';
import { DisputeRequest } from '../server/schemas.js';
import { openDispute } from '../server/disputes/index.js';
import { familyView, viewFamilyPage, type FamilyView } from '../server/family/view.js';
import type { RecordRead } from '../server/score/records-read.js';
import { OTHERS_RECORDS_PRIVATE } from '../server/family/privacy.js';
import { familyDisputeFormPage } from './pages/family-disputes.js';
import { form } from './form.js';

const fam = (c: Context<AppEnv>): Family => c.get('family')!;

/**
 * A record the family member's page shows in full, of the person at position `index` on the page
 * (view.people; its order is fixed, so the page and the form agree): E_AUTH_FORBIDDEN for a
 * person whose records are kept private from them, E_NOT_FOUND for anything else not on it.
 */
function ownRecord(
  view: FamilyView,
  index: string,
  recordId: string,
): { index: number; record: RecordRead } {
  const i = /^\d{1,3}$/.test(index) ? Number(index) : -1;
  const person = view.people[i];
  if (person !== undefined && person.records === null)
    fail('E_AUTH_FORBIDDEN', OTHERS_RECORDS_PRIVATE);
  const record = person?.records?.find((r) => r.recordId === recordId);
  if (record === undefined) fail('E_NOT_FOUND', 'this record is not on your page');
  return { index: i, record };
}

/** Registers the family's dispute form and its submission. */
export function familyDisputeRoutes(on: On, deps: Deps): void {
  on('GET', '/family/disputes/new', 'family', async (c) => {
    // The form shows one of the page's records: a view, recorded as one.
    const { index, record } = ownRecord(
      await viewFamilyPage(deps, fam(c)),
      c.req.query('person') ?? '',
      c.req.query('record') ?? '',
    );
    return c.html(familyDisputeFormPage(fam(c), index, record));
  });
  on('POST', '/family/disputes', 'family', async (c) => {
    const v = await form(c);
    // Sending it is not a view (dispute_opened records it; the page it returns to records one).
    const { index, record } = ownRecord(
      await familyView(deps, fam(c)),
      v.person ?? '',
      v.recordId ?? '',
    );
    try {
      const input = parseInput(
        DisputeRequest,
        {
          personId: record.personId,
          recordId: record.recordId,
          grounds: v.grounds ?? '',
          ...((v.note ?? '').trim() !== '' ? { note: v.note } : {}),
          ...((v.endDate ?? '') !== '' ? { proposed: { endDate: v.endDate } } : {}),
        },
        'what you told us',
      );
      const f = fam(c);
      await openDispute(
        deps,
        { kind: 'family', personId: f.personId, referralId: f.referralId },
        input,
      );
      return c.redirect('/family?told#told-h', 303);
    } catch (e) {
      if (!isSightlineError(e, 'E_INPUT') && !isSightlineError(e, 'E_STORE_CONFLICT')) throw e;
      return c.html(familyDisputeFormPage(fam(c), index, record, e.message, v), 400);
    }
  });
}
