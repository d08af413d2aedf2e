/**
 * Contest and correction in real Chromium: the screener disputes a record from the records the
 * call's score read (a form per record) and sees it on the call page; the records reviewer signs
 * in to the queue, opens the dispute, is refused a correction that changes nothing, accepts with
 * a correction and a reason, and sees the call's scores before and after. Every page is checked
 * for labels, one h1, table headers and contrast; screenshots go to out/screenshots/.
 */
import assert from 'node:assert/strict';
import { PASSWORD, householdsWith, peopleOf, receivedAtOf } from '../server/fixture.js';
import { signIn } from '../server/client.js';
import { accessible, browserServiceTest, shot, signInAs } from './browser.js';

interface Rec {
  personId: string;
  source: string;
  kind: string;
  recordId: string;
  featuresReading: number;
}

browserServiceTest(
  'a screener disputes a record; a reviewer corrects it and sees the scores before and after',
  { timeout: 120_000 },
  async ({ svc, base, browser }) => {
    // A call whose score read exactly one placement record, prepared through the API.
    const api = await signIn(svc.app, 'screener', PASSWORD);
    let call: { id: string; rec: Rec } | undefined;
    for (const from of householdsWith('none', 10)) {
      const id = (
        await api.api('POST', '/api/calls', {
          allegation: 'neglect',
          receivedAt: receivedAtOf(from),
          people: peopleOf(from),
        })
      ).json.call.referralId as string;
      await api.api('POST', `/api/calls/${id}/ratings`, { risk: 2, safety: 1 });
      const records = (await api.api('POST', `/api/calls/${id}/reveal`)).json.score
        .records as Rec[];
      const placements = records.filter((r) => r.kind === 'placement' && r.featuresReading > 0);
      if (placements.length === 1) {
        call = { id, rec: placements[0]! };
        break;
      }
    }
    assert.ok(call !== undefined, 'a household with one placement record');

    // Screener: the call's records, a dispute form for one of them, the dispute on the call page.
    const s = await signInAs(browser, base, 'screener', PASSWORD);
    await s.goto(`${base}/calls/${call.id}`);
    const link = s.getByRole('link', {
      name: `Dispute record ${call.rec.recordId} of person ${call.rec.personId}`,
    });
    await link.click();
    await s.waitForURL(/\/disputes\/new\?/);
    assert.match((await s.textContent('main'))!, /Child welfare placement/);
    await accessible(s, 'dispute form');
    await s.getByLabel('Wrong: the kind of record or its dates are wrong.').check();
    await s.getByLabel('Kind', { exact: true }).selectOption('service');
    await s
      .getByLabel(/What is wrong with it/)
      .fill('The family received in-home services; the children were never removed.');
    await shot(s, 'disputes-1-screener-form');
    await s.getByRole('button', { name: 'Send the dispute to a reviewer' }).click();
    await s.waitForURL(new RegExp(`/calls/${call.id}`));
    const callText = (await s.textContent('main'))!;
    assert.match(callText, /Disputes of records on this call/);
    assert.match(callText, /the record is wrong/);
    assert.match(callText, /disputed \(open\)/);
    await accessible(s, 'call with a dispute');
    await shot(s, 'disputes-2-screener-call');

    // Reviewer: the queue, the dispute, a refused correction, then the accepted one.
    const r = await signInAs(browser, base, 'reviewer', PASSWORD);
    assert.match(r.url(), /\/disputes$/);
    assert.equal(await r.locator('table').first().locator('tbody tr').count(), 1);
    await accessible(r, 'queue');
    await shot(r, 'disputes-3-reviewer-queue');
    await r.getByRole('link', { name: /^Dispute \d+$/ }).click();
    await r.waitForURL(/\/disputes\/\d+$/);
    const page = (await r.textContent('main'))!;
    assert.match(page, /Raised by Test screener \(staff\)/);
    assert.match(page, /the children were never removed/);
    assert.match(page, /Proposed correction: kind service/);
    assert.match(page, new RegExp(`All records of person ${call.rec.personId}`));
    await accessible(r, 'dispute');
    assert.equal(await r.getByLabel('Corrected kind').inputValue(), 'service', 'the proposal');
    await r.getByRole('radio', { name: /^Accept/ }).check();
    await r.getByRole('button', { name: 'Record decision' }).click();
    assert.match(r.url(), /\/disputes\/\d+$/, 'a reason is required by the form');
    await r.getByLabel('Corrected kind').selectOption('placement');
    await r.getByRole('textbox', { name: /Reason/ }).fill('Checked the case file: services only.');
    await r.getByRole('button', { name: 'Record decision' }).click();
    assert.match((await r.getByRole('alert').textContent())!, /changes nothing in the record/);
    await accessible(r, 'dispute with error');
    await shot(r, 'disputes-4-reviewer-refused');
    await r.getByRole('radio', { name: /^Accept/ }).check();
    await r.getByLabel('Corrected kind').selectOption('service');
    await r.getByRole('button', { name: 'Record decision' }).click();
    await r.waitForURL(/#outcome$/);
    const outcome = (await r.locator('#outcome').textContent())!;
    assert.match(outcome, /Accepted by Test reviewer/);
    assert.match(outcome, /Checked the case file: services only\./);
    assert.match(outcome, /Child welfare service/);
    assert.match(outcome, /Scores before and after the correction/);
    const row = r.locator('#outcome tr', { hasText: 'Household score' });
    const [before, after] = await row.locator('td.num').allTextContents();
    assert.ok(Number(before) >= Number(after), `household score ${before} → ${after}`);
    assert.match(
      (await r.locator('table', { hasText: 'superseded' }).last().textContent())!,
      /superseded/,
    );
    await accessible(r, 'outcome');
    await shot(r, 'disputes-5-reviewer-outcome');
    await r.getByRole('link', { name: 'Disputes', exact: true }).click();
    assert.match((await r.textContent('main'))!, /No disputes are waiting/);

    // The screener sees the outcome; the reviewer cannot reach calls.
    await s.reload();
    assert.match((await s.textContent('main'))!, /corrected \(dispute \d+\)/);
    await r.goto(`${base}/calls/${call.id}`);
    assert.match((await r.textContent('main'))!, /may not use this page/);
  },
);
