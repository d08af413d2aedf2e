/**
 * The screener's form for a new call: the allegation, the channel, and the people named — each
 * by the county's person id and role; someone the county does not know also needs a birth date,
 * sex, race and ethnicity. What was entered is kept when the form comes back with errors.
 */
import { ALLEGATION, CHANNEL, HISPANIC, RACE, ROLE, SEX } from '../../src/contract/index.js';
import type { Staff } from '../../server/context.js';
import { html, type Html } from '../html.js';
import { csrfField, page } from './layout.js';

/** How many person rows the form offers. */
export const PERSON_ROWS = 10;

/** Values of the form (field name → value). */
export type FormValues = Readonly<Record<string, string>>;

function select(
  id: string,
  label: string,
  options: readonly string[],
  value: string,
  blank: string | null,
  hidden = false,
): Html {
  return html`<label for="${id}" ${hidden ? html`class="visually-hidden"` : html``}>${label}</label>
    <select id="${id}" name="${id}">
      ${blank !== null ? html`<option value="">${blank}</option>` : html``}${options.map(
        (o) =>
          html`<option value="${o}" ${o === value ? html`selected` : html``}>
            ${o.replace(/_/g, ' ')}
          </option>`,
      )}
    </select>`;
}

function personRow(i: number, v: FormValues): Html {
  const f = (k: string) => v[`p${i}_${k}`] ?? '';
  const n = i + 1;
  return html`<tr>
    <th scope="row">${n}</th>
    <td>
      <label for="p${i}_id" class="visually-hidden">Person ${n} id</label
      ><input
        type="text"
        id="p${i}_id"
        name="p${i}_id"
        value="${f('id')}"
        autocomplete="off"
        spellcheck="false"
      />
    </td>
    <td>
      ${select(`p${i}_role`, `Person ${n} role`, ROLE, f('role') || (i === 0 ? 'alleged_victim' : 'child'), null, true)}
    </td>
    <td>
      <details ${f('birth') ? html`open` : html``}>
        <summary>New to the county</summary>
        <label for="p${i}_birth">Birth date</label
        ><input type="date" id="p${i}_birth" name="p${i}_birth" value="${f('birth')}" />
        ${select(`p${i}_sex`, 'Sex', SEX, f('sex'), '—')}${select(`p${i}_race`, 'Race', RACE, f('race'), '—')}${select(`p${i}_hisp`, 'Hispanic', HISPANIC, f('hisp'), '—')}
      </details>
    </td>
  </tr>`;
}

/** The new-call page; `errors` list what was wrong with the last submission. */
export function newCallPage(
  staff: Staff,
  values: FormValues,
  errors: readonly string[],
  sample: number | null,
): string {
  const content = html`${
      errors.length > 0
        ? html`<div class="error" role="alert">
            <p>Please correct:</p>
            <ul>
              ${errors.map((e) => html`<li>${e}</li>`)}
            </ul>
          </div>`
        : html``
    }
    ${sample !== null ? html`<p><a href="/calls/new?sample=${sample}">Fill with a household from the demo county</a></p>` : html``}
    <form method="post" action="/calls">
      ${csrfField(staff.csrf)}
      <div class="grid">
        <div>
          ${select('allegation', 'Allegation', ALLEGATION, values.allegation ?? 'neglect', null)}
        </div>
        <div>${select('channel', 'Channel', CHANNEL, values.channel ?? 'county', null)}</div>
      </div>
      <h2>People named on the call</h2>
      <p class="muted">
        Give each person’s county id and role. Leave unused rows empty. At least one child (alleged
        victim or child) is needed.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Person id</th>
            <th scope="col">Role</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          ${Array.from({ length: PERSON_ROWS }, (_, i) => personRow(i, values))}
        </tbody>
      </table>
      <p><button type="submit">Record the call</button></p>
    </form>`;
  return page(staff, 'New call', content);
}

/** The call body (as the API takes it) from the form's fields. */
export function callFromForm(v: FormValues): unknown {
  const people = [];
  for (let i = 0; i < PERSON_ROWS; i++) {
    const id = (v[`p${i}_id`] ?? '').trim();
    if (id === '') continue;
    const p: Record<string, string> = { personId: id, role: v[`p${i}_role`] ?? '' };
    const extra: [string, string][] = [
      ['birth', 'birthDate'],
      ['sex', 'sex'],
      ['race', 'race'],
      ['hisp', 'hispanic'],
    ];
    for (const [k, name] of extra) if ((v[`p${i}_${k}`] ?? '') !== '') p[name] = v[`p${i}_${k}`]!;
    people.push(p);
  }
  return { allegation: v.allegation, channel: v.channel, people };
}
