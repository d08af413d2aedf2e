/**
 * A call's page, one step at a time. The screener sees the people and enters risk and safety
 * ratings; only then can they ask for the score, which appears with its reasons; then they
 * recommend. The supervisor sees the same page with the decision form, where a decision against
 * the protocol (screening out a mandatory screen-in, or screening in a low-risk household) asks
 * for a written reason.
 */
import type { Staff } from '../../server/context.js';
import type { CallView } from '../../server/workflow/views.js';
import { MIN_REASON, decisionAgainst } from '../../server/workflow/steps.js';
import { html, when, type Html } from '../html.js';
import { csrfField, page } from './layout.js';
import { rolesText, scoreSection, type RecordRead } from './score-section.js';
import type { DisputeView } from '../../server/disputes/index.js';
import { GROUNDS_WORDS, recordWords } from './disputes.js';

const RISK = ['low', 'moderate', 'high'];
const SAFETY = ['no threat', 'impending danger', 'present danger'];

/** People on a call as a table (no race: it is never shown for a decision). */
export function peopleTable(people: CallView['people']): Html {
  return html`<table class="people">
    <caption class="visually-hidden">
      People named on the referral
    </caption>
    <thead>
      <tr>
        <th scope="col">Person</th>
        <th scope="col">Role</th>
        <th scope="col" class="num">Age</th>
        <th scope="col">Sex</th>
      </tr>
    </thead>
    <tbody>
      ${people.map(
        (p) =>
          html`<tr>
            <td>${p.personId}</td>
            <td>${rolesText(p.roles)}</td>
            <td class="num">${p.age}</td>
            <td>${p.sex}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function radios(
  name: string,
  legend: string,
  words: readonly string[],
  current: number | null,
): Html {
  return html`<fieldset class="choice">
    <legend>${legend}</legend>
    ${words.map(
      (w, i) =>
        html`<label
          ><input
            type="radio"
            name="${name}"
            value="${i + 1}"
            required
            ${current === i + 1 ? html`checked` : html``}
          />
          ${i + 1} — ${w}</label
        >`,
    )}
  </fieldset>`;
}

function ratingsForm(v: CallView, staff: Staff): Html {
  return html`<form method="post" action="/calls/${v.referralId}/ratings">
    ${csrfField(staff.csrf)}
    <p>
      Enter your own ratings before you see any score. They cannot change once the score is shown.
    </p>
    <div class="grid">
      ${radios('risk', 'Risk', RISK, v.ratings?.risk ?? null)}${radios('safety', 'Safety', SAFETY, v.ratings?.safety ?? null)}
    </div>
    <button type="submit">Save ratings</button>
  </form>`;
}

function revealForm(v: CallView, staff: Staff): Html {
  return html`<form method="post" action="/calls/${v.referralId}/reveal">
    ${csrfField(staff.csrf)}
    <p>
      Your ratings: risk ${v.ratings!.risk} (${RISK[v.ratings!.risk - 1]}), safety
      ${v.ratings!.safety} (${SAFETY[v.ratings!.safety - 1]}).
    </p>
    <button type="submit">Show the score</button>
  </form>`;
}

function recommendationForm(v: CallView, staff: Staff): Html {
  return html`<h2>Your recommendation</h2>
    <form method="post" action="/calls/${v.referralId}/recommendation">
      ${csrfField(staff.csrf)}
      <fieldset class="choice">
        <legend>Recommend</legend>
        <label
          ><input type="radio" name="recommendation" value="in" required /> Screen in
          (investigate)</label
        >
        <label><input type="radio" name="recommendation" value="out" required /> Screen out</label>
      </fieldset>
      <label for="note">Note for your supervisor (optional)</label
      ><textarea id="note" name="note" maxlength="2000"></textarea>
      <p><button type="submit">Send to supervisor</button></p>
    </form>`;
}

/**
 * What the protocol asks of a decision, when going against it is an override: the notice above
 * the form, and the decision that needs the written reason.
 */
function protocolAsks(v: CallView): { notice: Html; against: 'in' | 'out' } | null {
  const against = decisionAgainst(
    v.lawRequired,
    v.score?.scored === true ? v.score.protocol : null,
  );
  if (against === 'out') {
    return {
      notice: html`This is a
        <strong>mandatory screen-in</strong
        >${v.lawRequired ? ' (the law requires an investigation)' : ' (high-risk protocol)'}.
        Screening it out is an override and needs your written reason.`,
      against: 'out',
    };
  }
  if (against === 'in') {
    return {
      notice: html`The <strong>low-risk protocol recommends screening out</strong>. Screening it in
        is an override and needs your written reason.`,
      against: 'in',
    };
  }
  return null;
}

function decisionForm(v: CallView, staff: Staff): Html {
  const asks = protocolAsks(v);
  return html`<h2>Decision</h2>
    ${asks !== null ? html`<p class="notice">${asks.notice}</p>` : html``}
    <form method="post" action="/calls/${v.referralId}/decision">
      ${csrfField(staff.csrf)}
      <fieldset class="choice">
        <legend>Decide</legend>
        <label
          ><input type="radio" name="decision" value="in" required /> Screen in (investigate)</label
        >
        <label><input type="radio" name="decision" value="out" required /> Screen out</label>
      </fieldset>
      <label for="reason"
        >Written
        reason${asks !== null ? ` (required to screen ${asks.against}, at least ${MIN_REASON} characters)` : ' (optional)'}</label
      >
      <textarea
        id="reason"
        name="reason"
        maxlength="2000"
        aria-describedby="reason-help"
      ></textarea>
      <p id="reason-help" class="muted">
        The reason is kept in the audit trail with your decision.
      </p>
      <p><button type="submit">Record decision</button></p>
    </form>`;
}

function summary(v: CallView): Html {
  const rec = v.recommendation;
  const dec = v.decision;
  return html`${v.ratings !== null ? html`<p>Screener’s ratings: risk ${v.ratings.risk}, safety ${v.ratings.safety}.</p>` : html``}
  ${rec !== null ? html`<p>Screener recommends: <strong>screen ${rec.value}</strong>${rec.note ? html` — “${rec.note}”` : html``}</p>` : html``}
  ${dec !== null ? html`<p class="ok">Decided: <strong>screen ${dec.value}</strong> on ${when(dec.decidedAt)}${dec.override ? html` — an override: “${dec.reason ?? ''}”` : html``}</p>` : html``}`;
}

/** What the records table offers a screener for a record: a link, or the dispute under way. */
function disputeCell(v: CallView, disputes: readonly DisputeView[]) {
  return (r: RecordRead): Html => {
    const d = disputes.findLast((x) => x.recordId === r.recordId && x.personId === r.personId);
    if (d?.status === 'open') return html`disputed (<a href="#dispute-${d.disputeId}">open</a>)`;
    if (d?.status === 'accepted') return html`corrected (dispute ${d.disputeId})`;
    const q = new URLSearchParams({ person: r.personId, record: r.recordId });
    return html`<a href="/calls/${v.referralId}/disputes/new?${q.toString()}"
      >Dispute<span class="visually-hidden"> record ${r.recordId} of person ${r.personId}</span></a
    >`;
  };
}

/** The disputes raised on a call's records, with their outcome. */
function disputesSection(disputes: readonly DisputeView[]): Html {
  if (disputes.length === 0) return html``;
  return html`<section aria-labelledby="disputes-h">
    <h2 id="disputes-h">Disputes of records on this call</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">Dispute</th>
          <th scope="col">Record</th>
          <th scope="col">Grounds</th>
          <th scope="col">Raised</th>
          <th scope="col">Status</th>
          <th scope="col">Reviewer’s reason</th>
        </tr>
      </thead>
      <tbody>
        ${disputes.map(
          (d) =>
            html`<tr id="dispute-${d.disputeId}">
              <td>${d.disputeId}</td>
              <td>${d.personId}: ${d.record !== null ? recordWords(d.record) : d.recordId}</td>
              <td>${GROUNDS_WORDS[d.grounds]}</td>
              <td>
                ${when(d.raisedAt)} by ${d.raisedBy === 'family' ? 'the family' : d.raisedByWho}
              </td>
              <td>${d.status}${d.reviewedAt !== null ? ` on ${when(d.reviewedAt)}` : ''}</td>
              <td>${d.review?.reason ?? '—'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/**
 * The call page for a screener or supervisor; `error` is shown above the forms; `disputes` are
 * those raised on the call's records (a screener may dispute a record from the score's list);
 * `extra` comes after the forms (the family access section).
 */
export function callPage(
  staff: Staff,
  v: CallView,
  bins: number,
  error: string | null = null,
  disputes: readonly DisputeView[] = [],
  extra: Html = html``,
): string {
  const step =
    staff.role === 'screener'
      ? v.status === 'awaiting_ratings'
        ? ratingsForm(v, staff)
        : v.status === 'awaiting_reveal'
          ? html`${ratingsForm(v, staff)}${revealForm(v, staff)}`
          : v.status === 'awaiting_recommendation'
            ? recommendationForm(v, staff)
            : html``
      : v.status === 'awaiting_decision'
        ? decisionForm(v, staff)
        : html``;
  const content = html`${error !== null ? html`<div class="error" role="alert">${error}</div>` : html``}
    <p>
      Received ${when(v.receivedAt)}. Allegation:
      <strong>${v.allegation.replace(/_/g, ' ')}</strong
      >${v.channel !== null ? html`, ${v.channel} hotline` : html``}. Status:
      <strong>${v.status.replace(/_/g, ' ')}</strong>.
    </p>
    <h2>People</h2>
    ${peopleTable(v.people)} ${summary(v)}
    ${v.score !== null ? scoreSection(v.score, bins, staff.role === 'screener' ? disputeCell(v, disputes) : undefined) : html``}
    ${disputesSection(disputes)} ${step} ${extra}`;
  return page(staff, `Call ${v.referralId}`, content);
}
