/**
 * Family access end to end in real Chromium: a screener issues a one-time code from the call's
 * page; the family member, in a fresh browser, signs in with it (typed loosely) and sees the
 * plain-language page — the tool, what the score is not, the household score, the supervisor's
 * decision, their own and their children's records with the ever-counting ones marked, and the
 * other parent's as counts only, with why; pages pass the accessibility checks; the code does not
 * work a second time. Screenshots go to out/screenshots/ (or SIGHTLINE_SCREENSHOTS).
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, householdsWith, peopleOf, receivedAtOf } from '../server/fixture.js';
import { signIn } from '../server/client.js';
import { adultsOf, membersWithAge, pageOrder } from '../server/family-client.js';
import type { RecordRead } from '../../server/score/records-read.js';
import { SCREENSHOTS, accessible, browserServiceTest, shot } from './browser.js';

async function fresh(browser: Browser): Promise<Page> {
  return (await browser.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
}

browserServiceTest(
  'family access in Chromium: staff issue a code, the family member reads their page, once',
  { timeout: 90_000 },
  async ({ svc, base, browser }) => {
    // A call with its score shown, prepared through the API.
    const [ref] = householdsWith('none', 1);
    const api = await signIn(svc.app, 'screener', PASSWORD);
    const id = (
      await api.api('POST', '/api/calls', {
        allegation: 'neglect',
        receivedAt: receivedAtOf(ref!),
        people: peopleOf(ref!),
      })
    ).json.call.referralId as string;
    await api.api('POST', `/api/calls/${id}/ratings`, { risk: 2, safety: 1 });
    const score = (await api.api('POST', `/api/calls/${id}/reveal`)).json.score;
    const records = score.records as RecordRead[];
    const adult = adultsOf(ref!)[0]!;

    // The screener issues a code from the call's page.
    const s = await fresh(browser);
    await s.goto(`${base}/login`);
    await s.getByLabel('Username').fill('screener');
    await s.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      s.waitForURL(/\/calls$/),
      s.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await s.goto(`${base}/calls/${id}`);
    await s.getByLabel('Adult to give a one-time code to').selectOption(adult);
    await s.getByRole('button', { name: 'Issue a one-time code' }).click();
    await s.waitForLoadState();
    const code = (await s.locator('[data-code]').textContent())!.trim();
    // The supervisor decides (screened out, with a reason the family never sees).
    await api.api('POST', `/api/calls/${id}/recommendation`, { recommendation: 'out' });
    const boss = await signIn(svc.app, 'supervisor', PASSWORD);
    const decided = await boss.api('POST', `/api/calls/${id}/decision`, {
      decision: 'out',
      reason: 'Private-reason: not for the family page.',
    });
    assert.equal(decided.status, 200, decided.text);
    assert.match(code, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const issuedText = (await s.locator('[aria-labelledby="issued-h"]').textContent())!;
    assert.match(issuedText, /only time the code is shown/);
    assert.match(issuedText, new RegExp(`${base}/family/sign-in`));
    await accessible(s, 'call page with a code issued');
    await s.locator('#family-h').scrollIntoViewIfNeeded();
    await shot(s, 'family-1-staff-issues-code');

    // The family member, in a fresh browser, signs in with the code typed loosely.
    const f = await fresh(browser);
    await f.goto(`${base}/family/sign-in`);
    await accessible(f, 'family sign-in');
    await shot(f, 'family-2-sign-in');
    await f.getByLabel('Your access code').fill(code.toLowerCase().replace(/-/g, ' '));
    await Promise.all([
      f.waitForURL(/\/family$/),
      f.getByRole('button', { name: 'Open my page' }).click(),
    ]);
    const text = (await f.textContent('main'))!;
    assert.match(text, /We used a screening tool on that call/);
    assert.match(text, /The score is not evidence/);
    assert.match(text, /The score does not decide/);
    assert.match(text, /Investigators never see the score/);
    assert.match(text, new RegExp(`${score.householdScore} out of 20`));
    assert.match(text, /How the agency’s rules use the household score/);
    assert.match(text, /You \(born \d{4}\)/);
    assert.equal(
      await f.locator('h1').textContent(),
      'What the screening tool used about your household',
    );
    assert.match(text, /the agency decided not to look into the call/);
    assert.doesNotMatch(text, /Private-reason/);
    // The holder is a parent: their own and the children's records; the other parent's as
    // counts only, with why.
    const full = new Set(
      membersWithAge(ref!)
        .filter((m) => m.personId === adult || m.age < 18)
        .map((m) => m.personId),
    );
    const shown = records.filter((r) => full.has(r.personId));
    assert.equal(await f.locator('tr[data-record]').count(), shown.length);
    // Sections are named by position on the page (data-index), never by person id.
    const order = await pageOrder(svc.deps, id, adult);
    const sectionOf = (personId: string) =>
      f.locator(`section.family-person[data-index="${order.indexOf(personId)}"]`);
    const rowOf = (r: RecordRead) =>
      sectionOf(r.personId).locator(`tr[data-record="${r.recordId}"]`);
    const html = await f.content();
    for (const p of order) assert.ok(!html.includes(p), `person id ${p} on the page`);
    const other = membersWithAge(ref!).find((m) => !full.has(m.personId))!;
    const otherSection = sectionOf(other.personId);
    assert.equal(await otherSection.locator('table').count(), 0);
    const otherRead = records.filter((r) => r.personId === other.personId).length;
    assert.match((await otherSection.textContent())!, new RegExp(`${otherRead} records? from`));
    assert.match((await otherSection.textContent())!, /The details of this person’s records/);
    assert.match(
      (await f.locator('#private-note').textContent())!,
      /other people’s records are kept private/,
    );
    const ever = shown.filter((r) => r.immutable);
    assert.ok(ever.length > 0, 'the household has records that always count');
    for (const r of ever) {
      assert.match((await rowOf(r).textContent())!, /Always counts/);
    }
    const counted = shown.find((r) => r.featuresReading > 0 && !r.immutable);
    if (counted !== undefined) {
      assert.match((await rowOf(counted).textContent())!, /Yes, as it gets older/);
    }
    assert.doesNotMatch(text, /alleged_|featuresReading|log-odds|\bP\d{7}\b/);
    await accessible(f, 'family page');
    await shot(f, 'family-3-page');
    await f.locator('#decision-h').scrollIntoViewIfNeeded();
    await f.screenshot({ path: `${SCREENSHOTS}/family-3b-decision-and-people.png` });
    await otherSection.scrollIntoViewIfNeeded();
    await f.screenshot({ path: `${SCREENSHOTS}/family-3c-private-person.png` });
    await f.setViewportSize({ width: 360, height: 800 });
    await shot(f, 'family-4-page-narrow');
    // The family member tells the agency a record is out of date.
    await f.setViewportSize({ width: 1000, height: 900 });
    const disputed = shown.find((r) => r.personId === adult && r.source !== 'referrals')!;
    await rowOf(disputed)
      .getByRole('link', { name: /Tell us it is not right/ })
      .click();
    await f.waitForURL(/\/family\/disputes\/new/);
    await accessible(f, 'family dispute form');
    const formHtml = await f.content();
    for (const p of order) assert.ok(!formHtml.includes(p), `person id ${p} on the form`);
    await f.getByLabel(/It is out of date/).check();
    await f.getByLabel(/Anything else we should know/).fill('It ended last spring.');
    await shot(f, 'family-6-dispute-form');
    await Promise.all([
      f.waitForURL(/\/family\?told/),
      f.getByRole('button', { name: 'Send to the agency' }).click(),
    ]);
    assert.match((await f.getByRole('status').textContent())!, /We received what you told us/);
    assert.match((await rowOf(disputed).textContent())!, /Being checked/);
    assert.match((await f.locator('#told-h').textContent())!, /What we were told/);
    assert.match(
      (await f.locator('section[aria-labelledby="told-h"]').textContent())!,
      /you told us/,
    );
    await accessible(f, 'family page after a dispute');
    await f.locator('#told-h').scrollIntoViewIfNeeded();
    await shot(f, 'family-7-told');
    await f.getByRole('button', { name: 'Sign out' }).click();
    await f.waitForURL(/\/family\/sign-in/);
    assert.match((await f.getByRole('status').textContent())!, /You have signed out/);

    // The code works once: a second use gets the generic refusal.
    const g = await fresh(browser);
    await g.goto(`${base}/family/sign-in`);
    await g.getByLabel('Your access code').fill(code);
    await g.getByRole('button', { name: 'Open my page' }).click();
    await g.waitForLoadState();
    assert.match((await g.getByRole('alert').textContent())!, /This code did not work/);
    assert.match(g.url(), /\/family\/sign-in$/);
    await accessible(g, 'family sign-in refused');
    await shot(g, 'family-5-second-use-refused');
    await g.goto(`${base}/family`);
    assert.match(g.url(), /\/family\/sign-in$/);

    // The staff page lists the code as used.
    await s.goto(`${base}/calls/${id}`);
    const section = (await s.locator('section[aria-labelledby="family-h"]').textContent())!;
    assert.match(section, /used on/);
    assert.ok(!section.includes(code), 'the code is shown once only');
  },
);
