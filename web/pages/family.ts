/**
 * The family page, in plain words and short sentences: that a screening tool was used on the
 * call, what it is and is not, the household score and what it meant, and — for each person on
 * the referral, by role and birth year (the store has no names) — the records it read, which
 * count, and which can never stop counting under this model. Each record row carries
 * `data-record` (`event:ID` or `referral:ID`) and `data-person` (an earlier referral is one
 * record per person named on it), and a link to tell the agency it is not right
 * (family-disputes.ts), or the state of what was told.
 */
import type { Family } from '../../server/context.js';
import type { FamilyPerson, FamilyView } from '../../server/family/view.js';
import type { ProtocolRules } from '../../src/scoring/index.js';
import type { RecordRead } from '../../server/score/records-read.js';
import { html, type Html } from '../html.js';
import { KIND_WORDS, ROLE_WORDS, SOURCE_WORDS, longDate, longTime } from './family-words.js';
import { familyFrame } from './family-sign-in.js';
import type { DisputeView } from '../../server/disputes/index.js';
import { familyDisputeCell, familyDisputesSection } from './family-disputes.js';

export { familyErrorPage, familySignInPage } from './family-sign-in.js';
function intro(v: FamilyView): Html {
  const day = longDate(v.receivedDate);
  const r = v.result;
  if (r.scored) {
    return html`<p>
      On ${day}, our hotline received a call about your household.
      <strong>We used a screening tool on that call.</strong> This page shows what the tool is,
      which records about your household it looked at, and how its result was used.
    </p>`;
  }
  const why =
    r.why === 'law_required'
      ? 'The law says calls like this one must be looked into, so the screening tool did not give it a score.'
      : r.why === 'no_child'
        ? 'The call did not name a child, so the screening tool had nothing to score.'
        : 'The screening tool has not been used on this call.';
  return html`<p>On ${day}, our hotline received a call about your household.</p>
    <p><strong>${why}</strong> It did not use any records about your household.</p>`;
}

function whatItIs(bins: number): Html {
  return html`<section aria-labelledby="tool-h">
    <h2 id="tool-h">What the screening tool is</h2>
    <ul>
      <li>It is a computer program.</li>
      <li>It looks at records the county already has about the people named in a call.</li>
      <li>
        From those records, it guesses how likely it is that a child will have to live away from
        home in the next two years.
      </li>
      <li>
        It gives each child a number from 1 to ${bins}. A higher number means a higher guess. The
        household score is the highest number of the children.
      </li>
    </ul>
  </section>`;
}

function whatItIsNot(): Html {
  return html`<section aria-labelledby="not-h">
    <h2 id="not-h">What the score does not do</h2>
    <ul>
      <li>
        <strong>The score is not evidence.</strong> It says nothing about whether what the caller
        reported really happened.
      </li>
      <li>
        <strong>The score does not decide.</strong> A trained screener and a supervisor decide
        whether to look into a call. The screener writes down their own view before they see the
        score.
      </li>
      <li>
        <strong>Investigators never see the score.</strong> If someone visits your home, they do not
        know it.
      </li>
      <li>The score is used only to help decide whether to look into the call.</li>
    </ul>
  </section>`;
}

const PROTOCOL_MEANT: Readonly<Record<string, string>> = {
  high: 'This score is in the high range. Under the agency’s rules, the call had to be looked into, unless a supervisor decided otherwise and wrote down why.',
  low: 'This score is in the low range. Under the agency’s rules, the screener was advised not to look into the call. The screener and a supervisor still decided.',
  none: 'No special rule applied to this score. The screener and a supervisor decided using their own judgement.',
};

function rulesList(rules: ProtocolRules): Html {
  const items: string[] = [];
  if (rules.high !== null) {
    const child =
      rules.high.anyChildUnder !== null
        ? ` and a child is younger than ${rules.high.anyChildUnder}`
        : '';
    items.push(
      `A score of ${rules.high.minScore} or more${child}: the call must be looked into, unless a supervisor decides otherwise and writes down why.`,
    );
  }
  if (rules.low !== null) {
    const child =
      rules.low.allChildrenAtLeast !== null
        ? ` and every child is ${rules.low.allChildrenAtLeast} or older`
        : '';
    items.push(
      `A score of ${rules.low.maxScore} or less${child}: the screener is advised not to look into the call. People still decide.`,
    );
  }
  items.push('Any other score: no rule applies. People decide.');
  return html`<p>How the agency’s rules use the household score:</p>
    <ul>
      ${items.map((t) => html`<li>${t}</li>`)}
    </ul>`;
}

function result(v: FamilyView): Html {
  const r = v.result;
  if (!r.scored) return html``;
  return html`<section aria-labelledby="result-h">
    <h2 id="result-h">Your household’s score</h2>
    <p class="lead">
      The household score shown to the screener was
      <strong class="family-score">${r.householdScore} out of ${r.bins}</strong>.
    </p>
    <p>${PROTOCOL_MEANT[r.protocol] ?? ''}</p>
    ${r.rules !== null ? rulesList(r.rules) : html``}
    <p>
      The score is only a guess from past records. It is not a finding about your family, and it is
      not evidence about the call.
    </p>
  </section>`;
}

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

function recordRow(r: RecordRead, told: (r: RecordRead) => Html): Html {
  const counts = r.featuresReading > 0;
  return html`<tr data-record="${r.recordId}" data-person="${r.personId}">
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
    <td data-label="${COLUMNS[6]}">${told(r)}</td>
  </tr>`;
}

function personSection(p: FamilyPerson, i: number, told: (r: RecordRead) => Html): Html {
  const id = `person-${i}-h`;
  const counted = p.records.filter((r) => r.featuresReading > 0).length;
  const ever = p.records.filter((r) => r.immutable).length;
  return html`<section class="family-person" aria-labelledby="${id}" data-person="${p.personId}">
    <h3 id="${id}">${personHeading(p)}</h3>
    <p>${namedAs(p)}</p>
    ${
      p.records.length === 0
        ? html`<p>The tool found no records about this person from before the call.</p>`
        : html`<p>
              ${p.records.length} record${p.records.length === 1 ? '' : 's'} from before the call.
              ${counted} count${counted === 1 ? 's' : ''} toward the score.
              ${ever > 0 ? html`<strong>${ever} always count${ever === 1 ? 's' : ''}.</strong>` : html``}
            </p>
            <table class="records">
              <caption class="visually-hidden">
                Records of ${personHeading(p)}
              </caption>
              <thead>
                <tr>
                  ${COLUMNS.map((c) => html`<th scope="col">${c}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${p.records.map((r) => recordRow(r, told))}
              </tbody>
            </table>`
    }
  </section>`;
}

function records(v: FamilyView, disputes: readonly DisputeView[]): Html {
  if (!v.result.scored) {
    return html`<section aria-labelledby="records-h">
      <h2 id="records-h">The people named in the call</h2>
      ${v.people.map(
        (p, i) =>
          html`<section
            class="family-person"
            aria-labelledby="person-${i}-h"
            data-person="${p.personId}"
          >
            <h3 id="person-${i}-h">${personHeading(p)}</h3>
            <p>${namedAs(p)}</p>
          </section>`,
      )}
    </section>`;
  }
  return html`<section aria-labelledby="records-h">
    <h2 id="records-h">The records the tool looked at</h2>
    <p>
      The tool looked at records from before the call about each person named in it. They are listed
      below. Some of them count toward the score; some do not.
    </p>
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

/**
 * The family page of a signed-in family member; `idleMinutes` is the session's idle limit,
 * `disputes` what the household told the agency about its records, `notice` a status line.
 */
export function familyPage(
  family: Family,
  v: FamilyView,
  idleMinutes: number,
  disputes: readonly DisputeView[] = [],
  notice: string | null = null,
): string {
  const bins = v.result.scored ? v.result.bins : 20;
  const content = html`${notice !== null ? html`<p class="ok" role="status">${notice}</p>` : html``}
    ${intro(v)} ${whatItIs(bins)} ${whatItIsNot()} ${result(v)} ${records(v, disputes)}
    ${familyDisputesSection(disputes)}
    <section aria-labelledby="about-h">
      <h2 id="about-h">About this page</h2>
      <ul>
        <li>This page shows only the people named in this one call.</li>
        <li>Each time this page is opened, that is recorded.</li>
        <li>
          You can see it until ${longTime(v.sessionEndsAt)}, or until you leave it unused for
          ${idleMinutes} minutes. To see it again after that, ask the agency for a new code.
        </li>
      </ul>
    </section>`;
  return familyFrame(family, 'What the screening tool used about your household', content);
}
