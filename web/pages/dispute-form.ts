/**
 * The screener's form to dispute one record of a call's records-read list: the record, the
 * grounds (wrong, not theirs, out of date), a note and, optionally, what it should say. A records
 * reviewer decides; the call page shows the dispute and its outcome.
 */
import type { Staff } from '../../server/context.js';
import { kindsFor } from '../../server/disputes/index.js';
import { html, type Html } from '../html.js';
import { csrfField, page } from './layout.js';
import type { RecordRead } from './score-section.js';
import { recordWords } from './disputes.js';

const GROUNDS_HELP: Readonly<Record<string, string>> = {
  wrong: 'Wrong: the kind of record or its dates are wrong.',
  not_theirs: 'Not theirs: the record belongs to someone else.',
  out_of_date: 'Out of date: it has ended, or ended on another date.',
};

/** The grounds a record may be disputed on: a link to an earlier referral only as not theirs. */
export function groundsFor(record: RecordRead): readonly string[] {
  return record.source === 'referrals' ? ['not_theirs'] : ['wrong', 'not_theirs', 'out_of_date'];
}

/**
 * The radio group of a dispute's grounds, each said by `words` in the page's own voice; `chosen`
 * re-checks a refused form's choice (a single ground is checked already).
 */
export function groundsFieldset(
  legend: string,
  grounds: readonly string[],
  words: Readonly<Record<string, string>>,
  chosen: string | undefined,
): Html {
  return html`<fieldset class="choice">
    <legend>${legend}</legend>
    ${grounds.map(
      (g) =>
        html`<label
          ><input
            type="radio"
            name="grounds"
            value="${g}"
            required
            ${chosen === g || grounds.length === 1 ? html`checked` : html``}
          />
          ${words[g]}</label
        >`,
    )}
  </fieldset>`;
}

/** The form for `record` of call `referralId`; `values` and `error` re-show a refused form. */
export function disputeFormPage(
  staff: Staff,
  referralId: string,
  record: RecordRead,
  error: string | null = null,
  values: Readonly<Record<string, string>> = {},
): string {
  const link = record.source === 'referrals';
  const shown = {
    source: record.source,
    kind: record.kind,
    startDate: record.date,
    endDate: record.endDate,
  };
  const content = html`${error !== null ? html`<div class="error" role="alert">${error}</div>` : html``}
    <p>
      Person ${record.personId} on call <a href="/calls/${referralId}">${referralId}</a>:
      <strong>${recordWords(shown)}</strong> (${record.recordId}).
    </p>
    <p class="muted">
      A records reviewer decides the dispute. If it is accepted, the record is superseded (it is
      kept, never erased) and every call that read it is scored again.
    </p>
    <form method="post" action="/calls/${referralId}/disputes">
      ${csrfField(staff.csrf)}
      <input type="hidden" name="personId" value="${record.personId}" />
      <input type="hidden" name="recordId" value="${record.recordId}" />
      ${groundsFieldset('Why is it disputed?', groundsFor(record), GROUNDS_HELP, values.grounds)}
      ${
        link
          ? html``
          : html`<fieldset>
              <legend>What should it say? (optional)</legend>
              <div class="grid">
                <div>
                  <label for="kind">Kind</label
                  ><select id="kind" name="kind">
                    <option value="">(as recorded)</option>
                    ${kindsFor(record.source).map(
                      (k) =>
                        html`<option value="${k}" ${values.kind === k ? html`selected` : html``}>
                          ${k.replace(/_/g, ' ')}
                        </option>`,
                    )}
                  </select>
                </div>
                <div>
                  <label for="startDate">Start date</label
                  ><input
                    type="date"
                    id="startDate"
                    name="startDate"
                    value="${values.startDate ?? ''}"
                  />
                </div>
                <div>
                  <label for="endDate">End date</label
                  ><input type="date" id="endDate" name="endDate" value="${values.endDate ?? ''}" />
                </div>
              </div>
            </fieldset>`
      }
      <label for="note">What is wrong with it, and how do you know? (optional)</label>
      <textarea id="note" name="note" maxlength="2000">${values.note ?? ''}</textarea>
      <p><button type="submit">Send the dispute to a reviewer</button></p>
    </form>`;
  return page(staff, 'Dispute a record', content);
}
