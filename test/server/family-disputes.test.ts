/**
 * A family member contests a record from their own page, on both databases: "Tell us it is not
 * right" on every record row; the form only for a record of their own household (another
 * household's record is not found, and nothing is opened); the dispute is opened as the family
 * (actor `family:<person>`, the person and referral from the session, not the form); the row
 * then says it is being checked; a reviewer's answer and the corrected score appear on the page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditEntriesOf, verifyAuditLog } from '../../src/store/index.js';
import type { RecordRead } from '../../server/score/records-read.js';
import { databases } from '../store/databases.js';
import { PASSWORD, householdsWith, peopleOf, receivedAtOf, testService } from './fixture.js';
import { signIn, type Client } from './client.js';
import { adultsOf, familyClient } from './family-client.js';

async function shownCall(s: Client, from: string): Promise<{ id: string; records: RecordRead[] }> {
  const r = await s.api('POST', '/api/calls', {
    allegation: 'neglect',
    receivedAt: receivedAtOf(from),
    people: peopleOf(from),
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.call.referralId as string;
  await s.api('POST', `/api/calls/${id}/ratings`, { risk: 2, safety: 1 });
  const score = (await s.api('POST', `/api/calls/${id}/reveal`)).json.score;
  return { id, records: score.records as RecordRead[] };
}

for (const d of await databases()) {
  test(
    `[${d.kind}] a family member contests a record of their own household only`,
    { skip: d.skip },
    async () => {
      const t = await d.make();
      const svc = await testService(t.url);
      try {
        const screener = await signIn(svc.app, 'screener', PASSWORD);
        const reviewer = await signIn(svc.app, 'reviewer', PASSWORD);
        const [a, b] = householdsWith('none', 2);
        const callA = await shownCall(screener, a!);
        const callB = await shownCall(screener, b!);
        const adult = adultsOf(a!)[0]!;
        const code = (
          await screener.api('POST', '/api/family-codes', { referralId: callA.id, personId: adult })
        ).json.code as string;
        const fam = await familyClient(svc.app, code);

        const page = await fam.get('/family');
        assert.equal(page.status, 200);
        const links = page.text.match(/Tell us it is not right/g) ?? [];
        assert.equal(links.length, callA.records.length, 'a link on every record row');

        // Household B's records are not found, by the form or by a forged post.
        const other = callB.records.find(
          (r) => !callA.records.some((x) => x.personId === r.personId),
        )!;
        const q = (r: RecordRead) =>
          `/family/disputes/new?${new URLSearchParams({ person: r.personId, record: r.recordId })}`;
        assert.equal((await fam.get(q(other))).status, 404);
        const forged = await fam.form('/family/disputes', {
          personId: other.personId,
          recordId: other.recordId,
          grounds: 'not_theirs',
        });
        assert.equal(forged.status, 404);
        assert.equal((await reviewer.api('GET', '/api/disputes')).json.open.length, 0);

        // Their own record: the form, then a dispute opened as the family.
        const mine = callA.records.find((r) => r.source !== 'referrals')!;
        const form = await fam.get(q(mine));
        assert.equal(form.status, 200);
        assert.match(form.text, /What is not right\?/);
        const missing = await fam.form('/family/disputes', {
          personId: mine.personId,
          recordId: mine.recordId,
        });
        assert.equal(missing.status, 400, 'the grounds are required');
        const sent = await fam.form('/family/disputes', {
          personId: mine.personId,
          recordId: mine.recordId,
          grounds: 'not_theirs',
          note: 'This was my cousin, who has the same name.',
        });
        assert.equal(sent.status, 303, sent.text.slice(0, 300));
        assert.match(sent.headers.get('location')!, /^\/family\?told/);
        const open = (await reviewer.api('GET', '/api/disputes')).json.open as {
          disputeId: number;
          raisedBy: string;
          personId: string;
          referralId: string;
        }[];
        assert.equal(open.length, 1);
        assert.equal(open[0]!.raisedBy, 'family');
        assert.equal(open[0]!.personId, mine.personId);
        assert.equal(open[0]!.referralId, callA.id);
        const after = await fam.get('/family?told');
        assert.match(after.text, /We received what you told us/);
        assert.match(after.text, /Being checked/);

        // The reviewer accepts; the page gives the answer and what the correction did.
        const id = open[0]!.disputeId;
        const decided = await reviewer.api('POST', `/api/disputes/${id}/decision`, {
          outcome: 'accept',
          reason: 'The source system shows this record belongs to another person.',
        });
        assert.equal(decided.status, 200, decided.text);
        const answered = await fam.get('/family');
        assert.match(answered.text, /Corrected\./);
        assert.match(answered.text, /belongs to another person/);
        assert.match(answered.text, /The score was worked out again/);

        const entries = await auditEntriesOf(svc.db, `dispute:${id}`);
        const opened = entries.filter((e) => e.action === 'dispute_opened');
        assert.equal(opened.length, 1);
        assert.equal(opened[0]!.actor, `family:${adult}`);
        assert.ok(!JSON.stringify(entries).includes('cousin'), 'the note stays out of the log');
        assert.equal((await verifyAuditLog(svc.db)).ok, true);
      } finally {
        await svc.db.close();
        await t.cleanup();
      }
    },
  );
}
