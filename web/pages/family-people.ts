/**
 * The family page's people section: each person on the referral by role and birth year (the store
 * has no names). For the people whose records the view holds in full (the code holder; their
 * children when they are a parent on the call) a table of the records the tool read, which count
 * and which can never stop counting; each row carries `data-record` (`event:ID` or `referral:ID`)
 * and a link to tell the agency it is not right (family-disputes.ts). For everyone else only how
 * many records there were, and why the details are private: the view (server/family/view.ts)
 * holds nothing more about them. No one's county person id is on the page: each person's section
 * carries `data-index`, their position in the view, which is also how the dispute form names them.
 */
import type { FamilyPerson, FamilyView } from '../../server/family/view.js';
import type { RecordCounts } from '../../server/family/privacy.js';
import type { RecordRead } from '../../server/score/records-read.js';
import type { DisputeView } from '../../server/disputes/index.js';
import { html, type Html } from '../html.js';
import {
  KIND_WORDS,
  ROLE_WORDS,
  SOURCE_WORDS,
  longDate,
  privacyWords,
  privateDetails,
} from './family-words.js';
import { familyDisputeCell } from './family-disputes.js';

function personHeading(p: FamilyPerson): string {
  if (p.self) return `You (born ${p.birthYear})`;
  return `${p.adult ? 'An adult' : 'A child'} born ${p.birthYear}`;
}

const COLUMNS = [
  'Where the record is from',
  'What it is',
  'Started',
  'Ended',
  'Counts toward the score?',
  'Can it stop counting?',
  'Is it right?',
] as const;

const ROLE_ORDER = Object.keys(ROLE_WORDS);

/** "Named in the call as a parent and an adult the call was about." */
function namedAs(p: FamilyPerson): string {
  const roles = [...p.roles]
    .sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b))
    .map((r) => ROLE_WORDS[r] ?? r.replace(/_/g, ' '));
  return `${p.self ? 'You were named' : 'Named'} in the call as ${roles.join(' and ')}.`;
}

/** The last cell of a record's row, given the record and its person's position on the page. */
type Told = (r: RecordRead, index: number) => Html;

function recordRow(r: RecordRead, index: number, told: Told): Html {
  const counts = r.featuresReading > 0;
  return html`<tr data-record="${r.recordId}">
    <td data-label="${COLUMNS[0]}">${SOURCE_WORDS[r.source] ?? r.source.replace(/_/g, ' ')}</td>
    <td data-label="${COLUMNS[1]}">${KIND_WORDS[r.kind] ?? r.kind.replace(/_/g, ' ')}</td>
    <td data-label="${COLUMNS[2]}">${longDate(r.date)}</td>
    <td data-label="${COLUMNS[3]}">${r.endDate !== null ? longDate(r.endDate) : '—'}</td>
    <td data-label="${COLUMNS[4]}">${counts ? 'Yes' : 'No'}</td>
    <td data-label="${COLUMNS[5]}">
      ${
        r.immutable
          ? html`<span class="tag ever">Always counts</span> Never, under this tool`
          : counts
            ? 'Yes, as it gets older'
            : 'Not counted'
      }
    </td>
    <td data-label="${COLUMNS[6]}">${told(r, index)}</td>
  </tr>`;
}

/** "5 records from before the call. 3 count toward the score. 1 always counts." */
function countsLine(c: RecordCounts): Html {
  if (c.read === 0)
    return html`<p>The tool found no records about this person from before the call.</p>`;
  const ever = c.alwaysCounting;
  return html`<p data-counts>
    ${c.read} record${c.read === 1 ? '' : 's'} from before the call. ${c.counting}
    count${c.counting === 1 ? 's' : ''} toward the score.
    ${ever > 0 ? html`<strong>${ever} always count${ever === 1 ? 's' : ''}.</strong>` : html``}
  </p>`;
}

function recordsTable(
  p: FamilyPerson,
  index: number,
  records: readonly RecordRead[],
  told: Told,
): Html {
  if (records.length === 0) return html``;
  return html`<table class="records">
    <caption class="visually-hidden">
      Records of ${personHeading(p)}
    </caption>
    <thead>
      <tr>
        ${COLUMNS.map((c) => html`<th scope="col">${c}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${records.map((r) => recordRow(r, index, told))}
    </tbody>
  </table>`;
}

function personSection(p: FamilyPerson, i: number, told: Told): Html {
  const id = `person-${i}-h`;
  return html`<section class="family-person" aria-labelledby="${id}" data-index="${i}">
    <h3 id="${id}">${personHeading(p)}</h3>
    <p>${namedAs(p)}</p>
    ${countsLine(p.counts)}
    ${
      p.records !== null
        ? recordsTable(p, i, p.records, told)
        : p.counts.read > 0
          ? html`<p class="muted">${privateDetails(p.adult)}</p>`
          : html``
    }
  </section>`;
}

/** The people named in a call the tool did not score: who they are, no records. */
function namedOnly(v: FamilyView): Html {
  return html`<section aria-labelledby="records-h">
    <h2 id="records-h">The people named in the call</h2>
    ${v.people.map(
      (p, i) =>
        html`<section class="family-person" aria-labelledby="person-${i}-h" data-index="${i}">
          <h3 id="person-${i}-h">${personHeading(p)}</h3>
          <p>${namedAs(p)}</p>
        </section>`,
    )}
  </section>`;
}

/** The people section: each person's records, or counts only when they are kept private. */
export function familyPeopleSection(v: FamilyView, disputes: readonly DisputeView[]): Html {
  if (!v.result.scored) return namedOnly(v);
  const kept = v.people.some((p) => p.records === null);
  const children = v.people.some((p) => !p.self && p.records !== null);
  return html`<section aria-labelledby="records-h">
    <h2 id="records-h">The records the tool looked at</h2>
    <p>
      The tool looked at records from before the call about each person named in it. Some of them
      count toward the score; some do not.
    </p>
    ${
      kept
        ? html`<div class="notice" role="note" id="private-note">
            ${privacyWords(children).map((t) => html`<p>${t}</p>`)}
          </div>`
        : html``
    }
    <div class="notice" role="note">
      <p>
        <span class="tag ever">Always counts</span> means the record counts toward the score for as
        long as this tool is used, however long ago it happened. Nothing anyone does can change
        that. Other records stop counting as they get older.
      </p>
      <p>
        If a record is wrong, is not about this person, or is out of date, use “Tell us it is not
        right” next to it. A person at the agency will check it and answer on this page.
      </p>
    </div>
    ${
      v.modelChanged
        ? html`<p class="notice">
            The tool has been updated since the call. This page shows what the tool used at the time
            of the call.
          </p>`
        : html``
    }
    ${v.people.map((p, i) => personSection(p, i, familyDisputeCell(disputes)))}
  </section>`;
}
