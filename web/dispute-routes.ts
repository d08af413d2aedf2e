/**
 * The pages' routes of contest and correction: a screener's form to dispute a record of a call's
 * records-read list (post/redirect/get back to the call), and the records reviewer's queue,
 * dispute page and decision form (back to the dispute's outcome, or the form with its error).
 */
import type { Context } from 'hono';
import { isSightlineError } from '../src/core/index.js';
import type { AppEnv, Deps, Staff } from '../server/context.js';
import type { On } from '../server/policy.js';
import { parseInput } from '../server/errors.js';
import { DisputeDecision, NewDispute } from '../server/schemas.js';
import { ownCall } from '../server/workflow/steps.js';
import {
  decideDispute,
  disputeQueue,
  openDispute,
  parseDisputeId,
  shownRecordOf,
  viewDispute,
} from '../server/disputes/index.js';
import { disputePage, disputeQueuePage } from './pages/disputes.js';
import { disputeFormPage } from './pages/dispute-form.js';
import type { FormValues } from './pages/new-call.js';
import { form } from './form.js';

const me = (c: Context<AppEnv>): Staff => c.get('staff')!;
const id = (c: Context<AppEnv>): string => c.req.param('id')!;
const pick = (v: FormValues, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => (v[k] ?? '') !== '').map((k) => [k, v[k]]));

/** A record of a call's shown score, by person and record id (server/disputes/shown-record.ts). */
async function shownRecord(deps: Deps, c: Context<AppEnv>, personId: string, recordId: string) {
  return shownRecordOf(deps.db, await ownCall(deps.db, me(c), id(c)), personId, recordId);
}

/** The correction a reviewer's form gives, by the dispute's grounds (empty fields: unchanged). */
function correctionFrom(v: FormValues): Record<string, unknown> | undefined {
  if (v.outcome !== 'accept') return undefined;
  const out: Record<string, unknown> = {};
  if (v.kind !== undefined) out.kind = v.kind;
  if (v.startDate !== undefined && v.startDate !== '') out.startDate = v.startDate;
  if (v.endDate !== undefined) out.endDate = v.endDate === '' ? null : v.endDate;
  return out;
}

/** The screener's dispute form and the reviewer's pages. */
export function disputeRoutes(on: On, deps: Deps): void {
  on('GET', '/calls/:id/disputes/new', ['screener'], async (c) => {
    const record = await shownRecord(
      deps,
      c,
      c.req.query('person') ?? '',
      c.req.query('record') ?? '',
    );
    return c.html(disputeFormPage(me(c), id(c), record));
  });
  on('POST', '/calls/:id/disputes', ['screener'], async (c) => {
    const v = await form(c);
    const record = await shownRecord(deps, c, v.personId ?? '', v.recordId ?? '');
    try {
      const proposed = pick(v, ['kind', 'startDate', 'endDate']);
      const input = parseInput(
        NewDispute,
        {
          referralId: id(c),
          ...pick(v, ['personId', 'recordId', 'grounds', 'note']),
          ...(Object.keys(proposed).length > 0 ? { proposed } : {}),
        },
        'dispute',
      );
      await openDispute(deps, { kind: 'staff', userId: me(c).userId }, input);
      return c.redirect(`/calls/${id(c)}#disputes-h`, 303);
    } catch (e) {
      if (!isSightlineError(e, 'E_INPUT') && !isSightlineError(e, 'E_STORE_CONFLICT')) throw e;
      return c.html(disputeFormPage(me(c), id(c), record, e.message, v), 400);
    }
  });
  on('GET', '/disputes', ['reviewer'], async (c) =>
    c.html(disputeQueuePage(me(c), await disputeQueue(deps))),
  );
  on('GET', '/disputes/:id', ['reviewer'], async (c) =>
    c.html(disputePage(me(c), await viewDispute(deps, me(c), parseDisputeId(id(c))))),
  );
  on('POST', '/disputes/:id/decision', ['reviewer'], async (c) => {
    const v = await form(c);
    try {
      const correction = correctionFrom(v);
      const d = parseInput(
        DisputeDecision,
        {
          ...pick(v, ['outcome', 'reason']),
          ...(correction !== undefined ? { correction } : {}),
        },
        'decision',
      );
      await decideDispute(deps, me(c), parseDisputeId(id(c)), d);
      return c.redirect(`/disputes/${parseDisputeId(id(c))}#outcome`, 303);
    } catch (e) {
      if (!isSightlineError(e, 'E_INPUT')) throw e;
      const view = await viewDispute(deps, me(c), parseDisputeId(id(c)));
      return c.html(disputePage(me(c), view, e.message, v), 400);
    }
  });
}
