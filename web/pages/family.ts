/**
 * The family page, in plain words and short sentences: that a screening tool was used on the
 * call, what it is and is not, the household score and what it meant, whether the agency decided
 * to look into the call (never the supervisor's reasons), and the people on the referral with the
 * records the tool read — in full for the reader and, when they are a parent on the call, the
 * children; as counts for everyone else (family-people.ts) — and what the household told the
 * agency about those records (family-disputes.ts).
 */
import type { Family } from '../../server/context.js';
import type { FamilyView } from '../../server/family/view.js';
import type { ProtocolRules } from '../../src/scoring/index.js';
import { html, type Html } from '../html.js';
import { decisionWords, longDate, longTime } from './family-words.js';
import { familyFrame } from './family-sign-in.js';
import type { DisputeView } from '../../server/disputes/index.js';
import { familyDisputesSection } from './family-disputes.js';
import { familyPeopleSection } from './family-people.js';

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

function decision(v: FamilyView): Html {
  return html`<section
    aria-labelledby="decision-h"
    data-decision="${v.decision?.outcome ?? 'none'}"
  >
    <h2 id="decision-h">What the agency decided</h2>
    ${decisionWords(v.decision).map((t) => html`<p>${t}</p>`)}
  </section>`;
}

/**
 * The family page of a signed-in family member; `idleMinutes` is the session's idle limit,
 * `disputes` what the household told the agency about the records the page shows in full
 * (view.ts `disputesShown`), `notice` a status line.
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
    ${intro(v)} ${whatItIs(bins)} ${whatItIsNot()} ${result(v)} ${decision(v)}
    ${familyPeopleSection(v, disputes)} ${familyDisputesSection(disputes, family.personId)}
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
