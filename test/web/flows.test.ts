/**
 * The pages, end to end in real Chromium, one flow per role: the screener records a call, rates
 * it, sees the score with its reasons and the reminder, and recommends; the supervisor decides
 * from the queue (an override without a written reason is refused on the page); the investigator
 * sees the case without any score; the analyst's reports link the audit; the administrator sees
 * the audit log verify. Every page is checked for labels, one h1, table headers and contrast, and
 * the keyboard reaches the skip link first. Screenshots go to out/screenshots/.
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD, householdsWith, peopleOf, receivedAtOf } from '../server/fixture.js';
import { signIn } from '../server/client.js';
import { accessible, browserServiceTest, shot, signInAs } from './browser.js';

/** A reports folder with one audit report for the analyst's page (removed after the file). */
const reports = await mkdtemp(join(tmpdir(), 'sl-web-reports-'));
after(() => rm(reports, { recursive: true, force: true }));
await mkdir(join(reports, 'audit'));
await writeFile(
  join(reports, 'audit', 'report.html'),
  '<!doctype html><html lang="en"><title>Audit report</title><h1>Audit report</h1></html>',
);

browserServiceTest(
  'each role’s pages in Chromium: call, score, decision, case, reports, administration',
  { timeout: 120_000, service: { reportsDir: reports } },
  async ({ svc, base, browser }) => {
    // A mandatory screen-in waiting for the supervisor, prepared through the API.
    const [high] = householdsWith('high', 1, 3);
    const api = await signIn(svc.app, 'screener', PASSWORD);
    const mandatory = (
      await api.api('POST', '/api/calls', {
        allegation: 'neglect',
        receivedAt: receivedAtOf(high!),
        people: peopleOf(high!),
      })
    ).json.call.referralId;
    await api.api('POST', `/api/calls/${mandatory}/ratings`, { risk: 3, safety: 2 });
    assert.equal(
      (await api.api('POST', `/api/calls/${mandatory}/reveal`)).json.score.protocol,
      'high',
    );
    await api.api('POST', `/api/calls/${mandatory}/recommendation`, { recommendation: 'in' });

    // Screener: record a call, rate it, see the score, recommend.
    const s = await signInAs(browser, base, 'screener', PASSWORD);
    assert.match(s.url(), /\/calls$/);
    await s.keyboard.press('Tab');
    assert.equal(await s.evaluate('document.activeElement.textContent'), 'Skip to content');
    await s.getByRole('link', { name: 'New call' }).first().click();
    await accessible(s, 'new call');
    const people = peopleOf(householdsWith('none', 1, 5)[0]!);
    for (const [i, p] of people.slice(0, 10).entries()) {
      await s.getByLabel(`Person ${i + 1} id`).fill(p.personId);
      await s.getByLabel(`Person ${i + 1} role`).selectOption(p.role);
    }
    await shot(s, '1-screener-new-call');
    await s.getByRole('button', { name: 'Record the call' }).click();
    await s.waitForURL(/\/calls\/C/);
    const callUrl = s.url();
    assert.equal(
      await s.getByRole('button', { name: 'Show the score' }).count(),
      0,
      'no score before the ratings',
    );
    await accessible(s, 'call, ratings');
    await s.getByLabel('2 — moderate').check();
    await s.getByLabel('1 — no threat').focus();
    await s.keyboard.press('Space');
    await shot(s, '2-screener-ratings');
    await s.getByRole('button', { name: 'Save ratings' }).click();
    await s.getByRole('button', { name: 'Show the score' }).click();
    await s.waitForLoadState();
    const page = await s.textContent('main');
    assert.match(page!, /of 20, household score/);
    assert.match(page!, /A score is not evidence about the allegation/);
    assert.match(page!, /protocol/i);
    assert.ok((await s.locator('table').count()) >= 2, 'children and records tables');
    await accessible(s, 'call, score');
    await shot(s, '3-screener-score');
    await s.getByRole('radio', { name: 'Screen in (investigate)' }).check();
    await s.getByRole('button', { name: 'Send to supervisor' }).click();
    await s.waitForLoadState();
    assert.match((await s.textContent('main'))!, /awaiting decision/);

    // Supervisor: the queue, an override refused without a reason, then decisions.
    const v = await signInAs(browser, base, 'supervisor', PASSWORD);
    assert.match(v.url(), /\/queue$/);
    assert.equal(await v.locator('tbody tr').count(), 2);
    await accessible(v, 'queue');
    await shot(v, '4-supervisor-queue');
    await v.getByRole('link', { name: mandatory }).click();
    assert.match((await v.textContent('main'))!, /mandatory screen-in/);
    await v.getByRole('radio', { name: 'Screen out' }).check();
    await v.getByRole('button', { name: 'Record decision' }).click();
    assert.match((await v.getByRole('alert').textContent())!, /needs a written reason/);
    await accessible(v, 'decision with error');
    await shot(v, '5-supervisor-override-refused');
    await v.getByRole('radio', { name: 'Screen out' }).check();
    await v
      .getByRole('textbox', { name: /Written reason/ })
      .fill('Family already engaged with voluntary services; children seen today.');
    await v.getByRole('button', { name: 'Record decision' }).click();
    await v.waitForURL(/\/queue$/);
    await v.goto(callUrl);
    await v.getByRole('radio', { name: 'Screen in (investigate)' }).check();
    await v.getByRole('button', { name: 'Record decision' }).click();
    await v.waitForURL(/\/queue$/);
    assert.match((await v.textContent('main'))!, /No calls are waiting/);

    // Investigator: the screened-in case, without any score.
    const inv = await signInAs(browser, base, 'investigator', PASSWORD);
    assert.match(inv.url(), /\/cases$/);
    await inv.locator('tbody a').first().click();
    const caseText = (await inv.textContent('main'))!;
    assert.doesNotMatch(caseText, /household score|protocol|of 20/i);
    assert.match(caseText, /Screened in on/);
    await accessible(inv, 'case');
    await shot(inv, '6-investigator-case');
    await inv.goto(callUrl);
    assert.match((await inv.textContent('main'))!, /may not use this page/);

    // Analyst: aggregate reports and the audit report.
    const an = await signInAs(browser, base, 'analyst', PASSWORD);
    assert.match(an.url(), /\/reports$/);
    assert.match((await an.textContent('main'))!, /Decisions by household race/);
    await accessible(an, 'reports');
    await shot(an, '7-analyst-reports');
    await an.getByRole('link', { name: 'Fairness and validity audit' }).click();
    assert.equal(await an.title(), 'Audit report');

    // Administrator: the audit log verifies; accounts.
    const ad = await signInAs(browser, base, 'administrator', PASSWORD);
    assert.match((await ad.textContent('main'))!, /The audit log verifies: \d+ entries/);
    await accessible(ad, 'admin');
    await shot(ad, '8-administrator');
    await ad.getByRole('button', { name: 'Sign out' }).click();
    await ad.waitForURL(/\/login$/);
    await accessible(ad, 'login');
  },
);
