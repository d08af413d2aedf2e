/**
 * The records reviewer's decision form on a dispute: accept or reject, a reason always, and when
 * accepting the correction fields the grounds call for (none for "not theirs": the record leaves
 * the person; the end date for "out of date"; kind and dates for "wrong"), filled in with the
 * record as it stands and any correction proposed.
 */
import type { Staff } from '../../server/context.js';
import { kindsFor, type DisputeView } from '../../server/disputes/index.js';
import { MIN_REVIEW_REASON } from '../../server/schemas.js';
import { html, type Html } from '../html.js';
import { csrfField } from './layout.js';

/** A code in words: `out_of_date` → "out of date". */
export const words = (s: string): string => s.replace(/_/g, ' ');

function correctionFields(d: DisputeView, v: Readonly<Record<string, string>>): Html {
  const r = d.record!;
  if (d.grounds === 'not_theirs') {
    return html`<p class="notice">
      Accepting removes this record from person ${d.personId}:
      ${r.source === 'referrals' ? `the earlier referral leaves their history and stays for the other people on it` : 'it is marked superseded with no replacement'}.
      Nothing is erased.
    </p>`;
  }
  const p = d.proposed ?? {};
  const end = v.endDate ?? (p.endDate !== undefined ? (p.endDate ?? '') : (r.endDate ?? ''));
  const endField = html`<label for="endDate"
      >Corrected end
      date${d.grounds === 'out_of_date' ? ' (required to accept)' : ' (empty: no end)'}</label
    ><input type="date" id="endDate" name="endDate" value="${end}" />`;
  if (d.grounds === 'out_of_date') {
    return html`<fieldset>
      <legend>Correction (if you accept)</legend>
      <p class="muted">The current record ends ${r.endDate ?? 'never (still open)'}.</p>
      ${endField}
    </fieldset>`;
  }
  const kind = v.kind ?? p.kind ?? r.kind;
  return html`<fieldset>
    <legend>Correction (if you accept)</legend>
    <p class="muted">
      Filled in with the record as it
      stands${d.proposed !== null ? ' and the correction proposed' : ''}; change what is wrong.
    </p>
    <div class="grid">
      <div>
        <label for="kind">Corrected kind</label
        ><select id="kind" name="kind">
          ${kindsFor(r.source).map(
            (k) =>
              html`<option value="${k}" ${k === kind ? html`selected` : html``}>
                ${words(k)}
              </option>`,
          )}
        </select>
      </div>
      <div>
        <label for="startDate">Corrected start date</label
        ><input
          type="date"
          id="startDate"
          name="startDate"
          value="${v.startDate ?? p.startDate ?? r.startDate}"
        />
      </div>
      <div>${endField}</div>
    </div>
  </fieldset>`;
}

/** The form, with the values `v` of a refused post kept. */
export function decisionForm(
  staff: Staff,
  d: DisputeView,
  v: Readonly<Record<string, string>>,
): Html {
  return html`<h2 id="decide-h">Decision</h2>
    <form method="post" action="/disputes/${d.disputeId}/decision" aria-labelledby="decide-h">
      ${csrfField(staff.csrf)}
      <fieldset class="choice">
        <legend>Outcome</legend>
        <label
          ><input
            type="radio"
            name="outcome"
            value="accept"
            required
            ${v.outcome === 'accept' ? html`checked` : html``}
          />
          Accept: correct the record and re-score the calls that read it</label
        >
        <label
          ><input
            type="radio"
            name="outcome"
            value="reject"
            required
            ${v.outcome === 'reject' ? html`checked` : html``}
          />
          Reject: the record stays as it is</label
        >
      </fieldset>
      ${d.record !== null ? correctionFields(d, v) : html``}
      <label for="reason">Reason (required, at least ${MIN_REVIEW_REASON} characters)</label>
      <textarea
        id="reason"
        name="reason"
        required
        minlength="${MIN_REVIEW_REASON}"
        maxlength="2000"
        aria-describedby="reason-help"
      >
${v.reason ?? ''}</textarea>
      <p id="reason-help" class="muted">
        The reason is kept with the dispute; the audit log records a fingerprint of it.
      </p>
      <p><button type="submit">Record decision</button></p>
    </form>`;
}
