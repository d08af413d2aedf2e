/**
 * The score as people see it on a call's page: the household score and what it means, the
 * protocol and what it asks, each child's score, the records read (source, kind, date) with the
 * permanent ones marked, and — always, beside any score — the reminder that a score is not
 * evidence about the allegation.
 */
import type { CallScore } from '../../server/score/score-call.js';
import { leadChild, scoreWords } from '../../server/score/words.js';
import { groupWords } from '../../server/score/explain-call.js';
import { html, type Html } from '../html.js';

const ROLE_WORDS: Readonly<Record<string, string>> = {
  alleged_victim: 'alleged victim',
  child: 'child',
  parent: 'parent',
  alleged_perpetrator: 'alleged perpetrator',
  other_adult: 'other adult',
};

/** Roles in words. */
export function rolesText(roles: readonly string[]): string {
  return roles.map((r) => ROLE_WORDS[r] ?? r).join(', ');
}

/** Source systems in words. */
export const SOURCE_WORDS: Readonly<Record<string, string>> = {
  child_welfare: 'Child welfare',
  jail: 'County jail',
  juvenile_probation: 'Juvenile probation',
  behavioral_health: 'Behavioral health',
  public_benefits: 'Public benefits',
  birth: 'Birth records',
  referrals: 'Earlier referral',
};

/** A record of the records-read list. */
export type RecordRead = Extract<CallScore, { scored: true }>['records'][number];

/**
 * The score section of a call page; `dispute`, when given, adds a last column to the records
 * table (a link to dispute the record, or what is already under way).
 */
export function scoreSection(s: CallScore, bins: number, dispute?: (r: RecordRead) => Html): Html {
  const w = scoreWords(s, bins);
  const reminder = html`<div class="notice" role="note">
    <strong>Remember:</strong> ${w.reminder}
  </div>`;
  if (!s.scored) {
    return html`<section aria-labelledby="score-h">
      <h2 id="score-h">Score</h2>
      <p class="ok"><strong>Not scored.</strong> ${w.headline}</p>
      ${reminder}
    </section>`;
  }
  const read = s.records.filter((r) => r.featuresReading > 0);
  const unread = s.records.length - read.length;
  return html`<section aria-labelledby="score-h">
    <h2 id="score-h">Score</h2>
    <p>
      <span class="score" aria-describedby="score-words">${s.householdScore}</span>
      <span class="muted">of ${bins}, household score</span>
    </p>
    <p id="score-words">${w.headline}</p>
    <div class="protocol-${s.protocol}" role="status"><strong>${w.protocol}</strong></div>
    ${reminder}
    <h3>Each child</h3>
    <table>
      <caption class="visually-hidden">
        Scores of the children on this referral
      </caption>
      <thead>
        <tr>
          <th scope="col">Person</th>
          <th scope="col">Role</th>
          <th scope="col" class="num">Age</th>
          <th scope="col" class="num">Own score</th>
          <th scope="col" class="num">Score shown (${s.aggregation.replace(/_/g, ' ')})</th>
        </tr>
      </thead>
      <tbody>
        ${s.children.map(
          (c) =>
            html`<tr>
              <td>${c.personId}</td>
              <td>${rolesText(c.roles)}</td>
              <td class="num">${c.age}</td>
              <td class="num">${c.score}</td>
              <td class="num">${c.shownScore}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h3>Why: what moved the score</h3>
    ${
      w.reasons.length > 0
        ? html`<ul>
            ${w.reasons.map((r) => html`<li>${r}</li>`)}
          </ul>`
        : html``
    }
    ${groupsTable(s)}
    <h3>The records the score read</h3>
    <p>${w.records}</p>
    ${read.length > 0 ? recordsTable(read, dispute) : html``}
    ${unread > 0 ? html`<p class="muted">${unread} other record${unread === 1 ? '' : 's'} before the call ${unread === 1 ? 'was' : 'were'} not read by this model.</p>` : html``}
    <p class="muted">
      Model ${s.modelHash.slice(0, 19)}…, protocol ${s.protocolRules.name} version
      ${s.protocolRules.version}; records as of ${s.asOf}.
    </p>
  </section>`;
}

/** The leading child's effects by feature group. */
function groupsTable(s: Extract<CallScore, { scored: true }>): Html {
  const lead = leadChild(s);
  const e = lead.explanation;
  if (e.groups.length === 0) return html``;
  const unit = e.scale === 'log-odds' ? 'log-odds' : 'probability';
  return html`<table>
    <caption>
      Child ${lead.personId} (own score ${lead.score}): effect of each group of features, in
      ${unit}; the starting point with no records at all is ${e.baseline.toFixed(2)}.
    </caption>
    <thead>
      <tr>
        <th scope="col">Feature group</th>
        <th scope="col" class="num">Effect</th>
        <th scope="col">Can it change?</th>
        <th scope="col" class="num">Records</th>
      </tr>
    </thead>
    <tbody>
      ${e.groups.map(
        (g) =>
          html`<tr>
            <td>${g.words}</td>
            <td class="num">
              ${g.contribution > 0 ? '+' : '−'}${Math.abs(g.contribution).toFixed(2)}
              (${g.contribution > 0 ? 'raises' : 'lowers'})
            </td>
            <td>
              ${g.mutable ? 'yes, as records age or circumstances change' : html`<span class="tag">permanent</span> counts “ever”`}
            </td>
            <td class="num">${g.records}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function recordsTable(rows: readonly RecordRead[], dispute?: (r: RecordRead) => Html): Html {
  return html`<table>
    <caption class="visually-hidden">
      Records read by the score
    </caption>
    <thead>
      <tr>
        <th scope="col">Person</th>
        <th scope="col">Source</th>
        <th scope="col">Kind</th>
        <th scope="col">Date</th>
        <th scope="col">Counted in</th>
        <th scope="col">Can it change?</th>
        ${dispute !== undefined ? html`<th scope="col">Dispute</th>` : html``}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            <td>${r.personId}</td>
            <td>${SOURCE_WORDS[r.source] ?? r.source}</td>
            <td>${r.kind.replace(/_/g, ' ')}</td>
            <td>${r.date}${r.endDate !== null ? html` to ${r.endDate}` : html``}</td>
            <td>${r.groups.map(groupWords).join('; ')}</td>
            <td>
              ${r.immutable ? html`<span class="tag">permanent</span> counts “ever”` : 'stops counting as it ages'}
            </td>
            ${dispute !== undefined ? html`<td>${dispute(r)}</td>` : html``}
          </tr>`,
      )}
    </tbody>
  </table>`;
}
