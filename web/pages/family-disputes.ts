/**
 * Contest from the family page: next to each record, "Tell us" (or what became of what they told
 * us); a plain-language form to say a record is wrong, not theirs, or out of date; and the list of
 * what the household told the agency, with the reviewer's answer and, when a correction changed
 * it, the household score before and after. The dispute itself is server/disputes' openDispute,
 * with the person and referral taken from the family session. The link and the form name the
 * record's person by their position on the family page (`person=INDEX`), never by their county id.
 */
import type { Family } from '../../server/context.js';
import type { DisputeView } from '../../server/disputes/index.js';
import type { RecordRead } from '../../server/score/records-read.js';
import { html, type Html } from '../html.js';
import { KIND_WORDS, SOURCE_WORDS, longDate } from './family-words.js';
import { familyFrame } from './family-sign-in.js';
import { groundsFieldset, groundsFor } from './dispute-form.js';

const GROUNDS: Readonly<Record<string, string>> = {
  wrong: 'It is wrong: the kind of record or its dates are not right.',
  not_theirs: 'It is not about this person: it belongs to someone else.',
  out_of_date: 'It is out of date: it has ended, or it ended on another date.',
};

const STATUS: Readonly<Record<string, string>> = {
  open: 'Being checked',
  accepted: 'Corrected',
  rejected: 'Checked, not changed',
};

/** What a family page shows of a record: source and kind in plain words, and its dates. */
function recordText(r: RecordRead): string {
  const source = SOURCE_WORDS[r.source] ?? r.source.replace(/_/g, ' ');
  const kind = KIND_WORDS[r.kind] ?? r.kind.replace(/_/g, ' ');
  const ended = r.endDate !== null ? `, ended ${longDate(r.endDate)}` : '';
  return `${kind} (${source}), started ${longDate(r.date)}${ended}`;
}

/** The latest dispute of a record, if any. */
function latest(disputes: readonly DisputeView[], r: RecordRead): DisputeView | undefined {
  return disputes.findLast((d) => d.recordId === r.recordId && d.personId === r.personId);
}

/**
 * The last cell of a record's row: "Tell us" or the state of what was told; `index` is the
 * position on the page of the record's person.
 */
export function familyDisputeCell(
  disputes: readonly DisputeView[],
): (r: RecordRead, index: number) => Html {
  return (r, index) => {
    const d = latest(disputes, r);
    if (d !== undefined && d.status !== 'rejected') {
      return html`<a href="#told-${d.disputeId}">${STATUS[d.status]}</a>`;
    }
    const q = new URLSearchParams({ person: String(index), record: r.recordId });
    return html`<a href="/family/disputes/new?${q.toString()}"
      >Tell us it is not right<span class="visually-hidden">: ${recordText(r)}</span></a
    >`;
  };
}

function beforeAfter(d: DisputeView): Html {
  const mine = (d.rescored ?? []).find((x) => x.referralId === d.referralId);
  if (mine === undefined) return html``;
  const b = mine.before.householdScore;
  const a = mine.after.householdScore;
  if (b === a) {
    return html`<p>
      The score was worked out again with the corrected record. It did not change.
    </p>`;
  }
  return html`<p>
    The score was worked out again with the corrected record. The household score was
    <strong>${b ?? '—'}</strong> and is now <strong>${a ?? '—'}</strong>. The decision made on the
    call is not changed by this, but the agency can see it.
  </p>`;
}

/** Who told the agency, in words, as the family member `viewerId` reads it. */
function whoTold(d: DisputeView, viewerId: string): string {
  if (d.raisedBy !== 'family') return 'a screener told us';
  return d.raiserPersonId === viewerId ? 'you told us' : 'another adult on this call told us';
}

/**
 * What the agency was told about the records on the page of family member `viewerId` (by them,
 * another adult on the call, or a screener), and the answers.
 */
export function familyDisputesSection(disputes: readonly DisputeView[], viewerId: string): Html {
  if (disputes.length === 0) return html``;
  return html`<section aria-labelledby="told-h">
    <h2 id="told-h">What we were told about these records</h2>
    ${disputes.map(
      (d) =>
        html`<div class="notice" id="told-${d.disputeId}">
          <p>
            <strong>${STATUS[d.status]}.</strong> On ${longDate(d.raisedAt.slice(0, 10))},
            ${whoTold(d, viewerId)}: ${GROUNDS[d.grounds]}
          </p>
          ${
            d.review !== null
              ? html`<p>
                    Our answer on ${longDate(d.review.reviewedAt.slice(0, 10))}: ${d.review.reason}
                  </p>
                  ${
                    d.status === 'accepted'
                      ? html`<p>
                            The old record is kept in our files, marked as replaced. The tool no
                            longer uses it.
                          </p>
                          ${beforeAfter(d)}`
                      : html``
                  }`
              : html`<p>A person at the agency will check it and answer here.</p>`
          }
        </div>`,
    )}
  </section>`;
}

/**
 * The form to tell the agency a record is not right, about the person at position `index` on the
 * family page; `values`/`error` re-show a refused form.
 */
export function familyDisputeFormPage(
  family: Family,
  index: number,
  record: RecordRead,
  error: string | null = null,
  values: Readonly<Record<string, string>> = {},
): string {
  const link = record.source === 'referrals';
  const content = html`${error !== null ? html`<div class="error" role="alert">${error}</div>` : html``}
    <p>The record: <strong>${recordText(record)}</strong>.</p>
    <p>
      A person at the agency will check what you tell us. If you are right, the record is corrected:
      the old one is kept in our files but marked as replaced, and the tool no longer uses it. You
      will see the answer on your page.
    </p>
    <form method="post" action="/family/disputes">
      <input type="hidden" name="_csrf" value="${family.csrf}" />
      <input type="hidden" name="person" value="${String(index)}" />
      <input type="hidden" name="recordId" value="${record.recordId}" />
      ${groundsFieldset('What is not right?', groundsFor(record), GROUNDS, values.grounds)}
      ${
        link
          ? html``
          : html`<label for="endDate">If it has ended, the date it ended (optional)</label>
              <input id="endDate" name="endDate" type="date" value="${values.endDate ?? ''}" />`
      }
      <label for="note">Anything else we should know (optional)</label>
      <textarea id="note" name="note" rows="4" maxlength="2000">${values.note ?? ''}</textarea>
      <p><button type="submit">Send to the agency</button> <a href="/family">Back to my page</a></p>
    </form>`;
  return familyFrame(family, 'Tell us a record is not right', content);
}
