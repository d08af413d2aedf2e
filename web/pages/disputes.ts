/**
 * The records reviewer's pages: the queue of open disputes (oldest first) and those decided
 * lately; one dispute with the record, the grounds, the note, who raised it and when, the
 * person's records, and the accept/reject form (a reason always; correction fields by grounds);
 * once decided, the reason and the before and after of every call re-scored.
 */
import type { Staff } from '../../server/context.js';
import {
  changed,
  type DisputeView,
  type RecordView,
  type RescoredCall,
} from '../../server/disputes/index.js';
import { html, when, type Html } from '../html.js';
import { page } from './layout.js';
import { SOURCE_WORDS } from './score-section.js';
import { decisionForm, words } from './dispute-decision.js';

/** What each ground means, in words. */
export const GROUNDS_WORDS: Readonly<Record<string, string>> = {
  wrong: 'the record is wrong',
  not_theirs: 'the record is not theirs',
  out_of_date: 'the record is out of date',
};

/** A record in words: "County jail booking, 2019-03-02 to 2019-03-05". */
export function recordWords(
  r: Pick<RecordView, 'source' | 'kind' | 'startDate' | 'endDate'>,
): string {
  const what =
    r.source === 'referrals'
      ? `Earlier referral (named as ${words(r.kind)})`
      : `${SOURCE_WORDS[r.source] ?? r.source} ${words(r.kind)}`;
  return `${what}, ${r.startDate}${r.endDate !== null ? ` to ${r.endDate}` : ''}`;
}

function summaryRows(list: readonly DisputeView[], decided: boolean): Html {
  return html`<table>
    <thead>
      <tr>
        <th scope="col">Dispute</th>
        <th scope="col">${decided ? 'Decided' : 'Raised'}</th>
        <th scope="col">By</th>
        <th scope="col">Grounds</th>
        <th scope="col">Person</th>
        <th scope="col">Record</th>
        ${decided ? html`<th scope="col">Outcome</th>` : html``}
      </tr>
    </thead>
    <tbody>
      ${list.map(
        (d) =>
          html`<tr>
            <td><a href="/disputes/${d.disputeId}">Dispute ${d.disputeId}</a></td>
            <td>${when(decided ? d.reviewedAt! : d.raisedAt)}</td>
            <td>${d.raisedBy}</td>
            <td>${GROUNDS_WORDS[d.grounds]}</td>
            <td>${d.personId}</td>
            <td>${d.record !== null ? recordWords(d.record) : d.recordId}</td>
            ${decided ? html`<td>${d.status}</td>` : html``}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The reviewer's queue. */
export function disputeQueuePage(
  staff: Staff,
  q: { open: readonly DisputeView[]; decided: readonly DisputeView[] },
): string {
  const content = html`<p>
      Open disputes, oldest first. Accept or reject each with a reason; an accepted correction
      supersedes the record (it is kept, never erased) and re-scores the calls that read it.
    </p>
    ${q.open.length === 0 ? html`<p class="ok">No disputes are waiting.</p>` : summaryRows(q.open, false)}
    <h2>Decided lately</h2>
    ${q.decided.length === 0 ? html`<p>None yet.</p>` : summaryRows(q.decided, true)}`;
  return page(staff, 'Disputes of records', content);
}

/** Records as a table (current and superseded). */
export function recordsTable(rows: readonly RecordView[], caption: string): Html {
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Record</th>
        <th scope="col">What</th>
        <th scope="col">Recorded from</th>
        <th scope="col">Status</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            <td>${r.recordId}</td>
            <td>${recordWords(r)}</td>
            <td>
              ${r.origin.startsWith('dispute:') ? `correction (dispute ${r.origin.slice(8)})` : r.origin}
            </td>
            <td>
              ${r.current ? 'current' : html`<span class="tag">superseded</span> ${when(r.supersededAt ?? '')}${r.byDispute !== null ? ` by dispute ${r.byDispute}` : ''}${r.replacedBy !== null ? `, replaced by ${r.replacedBy}` : ', not replaced'}`}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function proposedWords(d: DisputeView): string | null {
  const p = d.proposed;
  if (p === null) return null;
  const parts = [
    p.kind !== undefined ? `kind ${words(p.kind)}` : null,
    p.startDate !== undefined ? `start ${p.startDate}` : null,
    p.endDate !== undefined ? `end ${p.endDate ?? 'none'}` : null,
  ].filter((x) => x !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

const fmt = (x: number | string | null) => (x === null ? '—' : String(x));

/** One re-scored call's before and after. */
function beforeAfter(r: RescoredCall): Html {
  const rows: [string, number | string | null, number | string | null][] = [
    ['Household score', r.before.householdScore, r.after.householdScore],
    ['Protocol', r.before.protocol, r.after.protocol],
  ];
  for (const c of r.before.children) {
    const a = r.after.children.find((x) => x.personId === c.personId);
    rows.push([`Child ${c.personId}: own score`, c.score, a?.score ?? null]);
    rows.push([`Child ${c.personId}: score shown`, c.shownScore, a?.shownScore ?? null]);
  }
  return html`<table>
    <caption>
      Call ${r.referralId}:
      ${changed(r) ? 'the correction changed its score' : 'the correction did not change its score'}${r.modelHashBefore !== r.modelHashAfter ? ' (note: re-scored with a different model than at the call)' : ''}
    </caption>
    <thead>
      <tr>
        <th scope="col">Measure</th>
        <th scope="col" class="num">Before</th>
        <th scope="col" class="num">After</th>
        <th scope="col">Changed</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        ([name, b, a]) =>
          html`<tr>
            <th scope="row">${name}</th>
            <td class="num">${fmt(b)}</td>
            <td class="num">${fmt(a)}</td>
            <td>${b === a ? 'no' : html`<strong>yes</strong>`}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function outcome(d: DisputeView): Html {
  const r = d.review!;
  const c = d.replacement;
  return html`<section aria-labelledby="outcome-h" id="outcome">
    <h2 id="outcome-h">Outcome</h2>
    <p class="${d.status === 'accepted' ? 'ok' : 'notice'}" role="status">
      <strong>${d.status === 'accepted' ? 'Accepted' : 'Rejected'}</strong> by ${r.reviewer} on
      ${when(r.reviewedAt)}: “${r.reason}”
    </p>
    ${d.status === 'accepted' && d.record !== null ? html`<p>Record ${d.record.recordId} (${recordWords(d.record)}) is superseded${c !== null ? html` by ${c.recordId}: <strong>${recordWords(c)}</strong>` : ' with no replacement'}. It is kept in the store.</p>` : html``}
    ${
      d.rescored === null
        ? html``
        : d.rescored.length === 0
          ? html`<p>No stored call had read this record, so no score changed.</p>`
          : html`<h3>Scores before and after the correction</h3>
              <p class="muted">
                The calls’ decisions are not rewritten; the new scores are kept beside the old ones.
              </p>
              ${d.rescored.map(beforeAfter)}`
    }
  </section>`;
}

/** One dispute for the reviewer; `error` and `values` re-show a refused form. */
export function disputePage(
  staff: Staff,
  d: DisputeView,
  error: string | null = null,
  values: Readonly<Record<string, string>> = {},
): string {
  const proposed = proposedWords(d);
  const content = html`${error !== null ? html`<div class="error" role="alert">${error}</div>` : html``}
    <p>
      Raised by <strong>${d.raisedByWho}</strong> (${d.raisedBy}) on ${when(d.raisedAt)}, on
      referral ${d.referralId}. Grounds: <strong>${GROUNDS_WORDS[d.grounds]}</strong>. Status:
      <strong>${d.status}</strong>.
    </p>
    <h2>The disputed record</h2>
    ${d.record !== null ? html`<p>Person ${d.personId}: <strong>${recordWords(d.record)}</strong> (${d.record.recordId}).</p>` : html`<p>The record is missing.</p>`}
    <h3>What they said</h3>
    <p>${d.note ?? html`<span class="muted">No note.</span>`}</p>
    ${proposed !== null ? html`<p>Proposed correction: ${proposed}.</p>` : html``}
    ${d.status === 'open' ? decisionForm(staff, d, values) : outcome(d)}
    <h2>All records of person ${d.personId}</h2>
    ${recordsTable(d.personRecords, `Records of person ${d.personId}, superseded ones included`)}`;
  return page(staff, `Dispute ${d.disputeId}`, content);
}
