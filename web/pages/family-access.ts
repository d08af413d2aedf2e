/**
 * The "Family access" section of a call's page, for screeners and supervisors: once the score has
 * been shown, a form to give an adult named on the call a one-time code; the code, once, with what
 * to tell the family member; and the codes given on the call, each withdrawable.
 */
import type { Staff } from '../../server/context.js';
import type { CallView } from '../../server/workflow/views.js';
import { familyIneligibility, type FamilyCodeView } from '../../server/family/issue.js';
import type { IssuedFamilyCode } from '../../server/family/issue.js';
import { html, when, type Html } from '../html.js';
import { csrfField } from './layout.js';
import { rolesText } from './score-section.js';

/** What the section shows besides the form. */
export interface FamilyAccessState {
  readonly codes: readonly FamilyCodeView[];
  /** A code just issued (shown only in the answer to the form that issued it). */
  readonly issued: IssuedFamilyCode | null;
  /** Where the family member signs in, as an absolute address. */
  readonly signInUrl: string;
  readonly message: string | null;
  readonly error: string | null;
}

const STATUS_WORDS: Readonly<Record<FamilyCodeView['status'], string>> = {
  unused: 'not used yet',
  used: 'used',
  withdrawn: 'withdrawn',
  expired: 'expired unused',
};

function issuedBox(i: IssuedFamilyCode, signInUrl: string): Html {
  return html`<div class="ok" role="status" aria-labelledby="issued-h">
    <h3 id="issued-h">Access code for ${i.personId}</h3>
    <p class="family-code"><strong data-code>${i.code}</strong></p>
    <p>
      Give this code to ${i.personId} only, in person or by phone after checking who you are
      speaking to. They open <strong>${signInUrl}</strong> and type it in. It works once, until
      ${when(i.expiresAt)}.
    </p>
    <p>
      <strong>This is the only time the code is shown.</strong> It is not stored; if it is lost,
      issue a new one (the old one then stops working).
    </p>
  </div>`;
}

function codesTable(v: CallView, staff: Staff, codes: readonly FamilyCodeView[]): Html {
  if (codes.length === 0) return html`<p class="muted">No codes have been given on this call.</p>`;
  const withdrawable = new Set(
    codes.filter((c) => c.status === 'unused' || c.status === 'used').map((c) => c.personId),
  );
  return html`<table>
      <caption>
        Codes given on this call
      </caption>
      <thead>
        <tr>
          <th scope="col">Person</th>
          <th scope="col">Issued</th>
          <th scope="col">Works until</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        ${codes.map(
          (c) =>
            html`<tr>
              <td>${c.personId}</td>
              <td>${when(c.issuedAt)}</td>
              <td>${when(c.expiresAt)}</td>
              <td>
                ${STATUS_WORDS[c.status]}${c.usedAt !== null ? html` on ${when(c.usedAt)}` : html``}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${[...withdrawable].map(
      (p) =>
        html`<form
          method="post"
          action="/calls/${v.referralId}/family-codes/revoke#family-h"
          class="inline"
        >
          ${csrfField(staff.csrf)}<input type="hidden" name="personId" value="${p}" />
          <button type="submit" class="secondary">Withdraw access for ${p}</button>
        </form>`,
    )}`;
}

/** The family access section of a call page. */
export function familyAccessSection(staff: Staff, v: CallView, s: FamilyAccessState): Html {
  const adults = v.people.filter((p) => familyIneligibility(p.roles, p.age) === null);
  const form =
    v.score === null
      ? html`<p>
          Once the score has been shown, you can give an adult named on this call a one-time code to
          see what the screening tool used about their household.
        </p>`
      : adults.length === 0
        ? html`<p>
            No one on this call can be given a code: codes are for people 18 or older on the day of
            the call who are not alleged victims.
          </p>`
        : html`<form method="post" action="/calls/${v.referralId}/family-codes#family-h">
            ${csrfField(staff.csrf)}
            <label for="family-person">Adult to give a one-time code to</label>
            <select id="family-person" name="personId" required>
              ${adults.map(
                (p) =>
                  html`<option value="${p.personId}">
                    ${p.personId} — ${rolesText(p.roles)}, ${p.age}
                  </option>`,
              )}
            </select>
            <p>
              <button type="submit">Issue a one-time code</button>
            </p>
          </form>`;
  return html`<section aria-labelledby="family-h">
    <h2 id="family-h">Family access</h2>
    ${s.error !== null ? html`<div class="error" role="alert">${s.error}</div>` : html``}
    ${s.message !== null ? html`<p class="ok" role="status">${s.message}</p>` : html``}
    ${s.issued !== null ? issuedBox(s.issued, s.signInUrl) : html``}
    <p>
      An adult named on a referral can see, in plain words, that the screening tool was used, how
      the score is used and what was decided. They see the records it read about them in full (and
      their children’s, if they are named as a parent on the call); of everyone else, only how many
      records it read. Each adult can be given their own code, and every view is recorded.
    </p>
    ${form} ${codesTable(v, staff, s.codes)}
  </section>`;
}
