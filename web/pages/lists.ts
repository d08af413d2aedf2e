/** The list pages: a screener's open calls, the supervisor's queue, the investigator's cases. */
import type { Staff } from '../../server/context.js';
import type { CallView, CaseView } from '../../server/workflow/views.js';
import { html, when } from '../html.js';
import { page } from './layout.js';
import { peopleTable } from './call.js';

function childrenCount(people: CallView['people']): number {
  return people.filter((p) => p.roles.includes('alleged_victim') || p.roles.includes('child'))
    .length;
}

/** A screener's open calls. */
export function myCallsPage(staff: Staff, calls: readonly CallView[]): string {
  const body =
    calls.length === 0
      ? html`<p>No open calls. <a href="/calls/new">Record a new call</a>.</p>`
      : html`<table>
            <thead>
              <tr>
                <th scope="col">Call</th>
                <th scope="col">Received</th>
                <th scope="col">Allegation</th>
                <th scope="col" class="num">Children</th>
                <th scope="col">Step</th>
              </tr>
            </thead>
            <tbody>
              ${calls.map(
                (c) =>
                  html`<tr>
                    <td><a href="/calls/${c.referralId}">${c.referralId}</a></td>
                    <td>${when(c.receivedAt)}</td>
                    <td>${c.allegation.replace(/_/g, ' ')}</td>
                    <td class="num">${childrenCount(c.people)}</td>
                    <td>${c.status.replace(/_/g, ' ')}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
          <p><a href="/calls/new">Record a new call</a></p>`;
  return page(staff, 'My calls', body);
}

/** The supervisor's queue: calls awaiting a decision with score, protocol and recommendation. */
export function queuePage(staff: Staff, calls: readonly CallView[]): string {
  const body =
    calls.length === 0
      ? html`<p>No calls are waiting for a decision.</p>`
      : html`<table>
            <thead>
              <tr>
                <th scope="col">Call</th>
                <th scope="col">Received</th>
                <th scope="col">Allegation</th>
                <th scope="col" class="num">Household score</th>
                <th scope="col">Protocol</th>
                <th scope="col">Recommended</th>
              </tr>
            </thead>
            <tbody>
              ${calls.map((c) => {
                const s = c.score;
                const score = s === null ? '—' : s.scored ? String(s.householdScore) : 'not scored';
                const protocol = c.lawRequired ? 'required by law' : s?.scored ? s.protocol : '—';
                return html`<tr>
                  <td><a href="/calls/${c.referralId}">${c.referralId}</a></td>
                  <td>${when(c.receivedAt)}</td>
                  <td>${c.allegation.replace(/_/g, ' ')}</td>
                  <td class="num">${score}</td>
                  <td>${protocol}</td>
                  <td>screen ${c.recommendation?.value ?? '—'}</td>
                </tr>`;
              })}
            </tbody>
          </table>
          <p class="notice">A score is not evidence about the allegation.</p>`;
  return page(staff, 'Decision queue', body);
}

/** The investigator's screened-in cases (no scores anywhere). */
export function casesPage(staff: Staff, list: readonly CaseView[]): string {
  const body =
    list.length === 0
      ? html`<p>No screened-in cases.</p>`
      : html`<table>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Received</th>
              <th scope="col">Allegation</th>
              <th scope="col">Screened in</th>
            </tr>
          </thead>
          <tbody>
            ${list.map(
              (c) =>
                html`<tr>
                  <td><a href="/cases/${c.referralId}">${c.referralId}</a></td>
                  <td>${when(c.receivedAt)}</td>
                  <td>${c.allegation.replace(/_/g, ' ')}</td>
                  <td>${when(c.decidedAt)}</td>
                </tr>`,
            )}
          </tbody>
        </table>`;
  return page(staff, 'Cases', body);
}

/** One case for an investigator: who is named and what is alleged, never a score. */
export function casePage(staff: Staff, c: CaseView): string {
  return page(
    staff,
    `Case ${c.referralId}`,
    html`<p>
        Received ${when(c.receivedAt)}. Allegation:
        <strong>${c.allegation.replace(/_/g, ' ')}</strong>. Screened in on ${when(c.decidedAt)}.
      </p>
      <h2>People</h2>
      ${peopleTable(c.people)}
      <p class="muted">
        Screening scores are not shown to investigators, so that an investigation is not led by a
        prediction.
      </p>`,
  );
}
