/**
 * A family member contests a record from their own page, on both databases: "Tell us it is not
 * right" on every record row the page shows, naming the person by their position on the page and
 * never by id; the form only for a record they may see (another household's record, or a position
 * not on the page, is not found; another adult's on their own referral is refused with
 * E_AUTH_FORBIDDEN, by the form, a forged post and openDispute itself; nothing is opened); the
 * dispute is opened as the family (actor `family:<person>`, the person and referral from the
 * session, not the form); the row then says it is being checked; a reviewer's answer and the
 * corrected score appear on the page, and a dispute of another adult's record never does.
 */
import assert from 'node:assert/strict';
import { auditEntriesOf, verifyAuditLog } from '../../src/store/index.js';
import type { RecordRead } from '../../server/score/records-read.js';
import { openDispute } from '../../server/disputes/index.js';
import { OTHERS_RECORDS_PRIVATE } from '../../server/family/privacy.js';
import { isSightlineError } from '../../src/core/index.js';
import { PASSWORD, householdsWith, peopleOf, receivedAtOf, serviceTest } from './fixture.js';
import { signIn, type Client } from './client.js';
import { adultsOf, familyClient, membersWithAge, pageOrder } from './family-client.js';

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

await serviceTest('a family member contests only the records they may see', {}, async (svc) => {
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
  // The holder is a parent on the call: their own records and the children's are shown.
  const ages = membersWithAge(a!);
  const seen = new Set(
    ages.filter((m) => m.personId === adult || m.age < 18).map((m) => m.personId),
  );
  const shown = callA.records.filter((r) => seen.has(r.personId));

  const page = await fam.get('/family');
  assert.equal(page.status, 200);
  const links = page.text.match(/Tell us it is not right/g) ?? [];
  assert.equal(links.length, shown.length, 'a link on every record row shown');
  // The links name each person by their position on the page.
  const order = await pageOrder(svc.deps, callA.id, adult);
  const at = (r: RecordRead) => String(order.indexOf(r.personId));
  const q = (person: string, r: RecordRead) =>
    `/family/disputes/new?${new URLSearchParams({ person, record: r.recordId })}`;
  for (const r of shown) {
    const href = q(at(r), r).replace(/&/g, '&amp;');
    assert.ok(page.text.includes(`href="${href}"`), `the link of ${r.recordId}`);
  }

  // Household B's records are not found, by the form or by a forged post: at a position past
  // the page's people, at the holder's own, or named by a person id.
  const other = callB.records.find((r) => !callA.records.some((x) => x.personId === r.personId))!;
  for (const person of [String(order.length), String(order.indexOf(adult)), other.personId])
    assert.equal((await fam.get(q(person, other))).status, 404, person);
  const forged = await fam.form('/family/disputes', {
    person: String(order.length),
    recordId: other.recordId,
    grounds: 'not_theirs',
  });
  assert.equal(forged.status, 404);

  // Another adult's record on their own referral: refused, saying why and what to do.
  const private_ = callA.records.find((r) => !seen.has(r.personId) && r.source !== 'referrals')!;
  const refusedForm = await fam.get(q(at(private_), private_));
  assert.equal(refusedForm.status, 403);
  assert.ok(refusedForm.text.includes(OTHERS_RECORDS_PRIVATE), refusedForm.text);
  assert.ok(!refusedForm.text.includes(private_.recordId), 'the record is not shown');
  const refusedPost = await fam.form('/family/disputes', {
    person: at(private_),
    recordId: private_.recordId,
    grounds: 'not_theirs',
  });
  assert.equal(refusedPost.status, 403);
  assert.match(refusedPost.text, /E_AUTH_FORBIDDEN/);
  await assert.rejects(
    openDispute(
      svc.deps,
      { kind: 'family', personId: adult, referralId: callA.id },
      { personId: private_.personId, recordId: private_.recordId, grounds: 'not_theirs' },
    ),
    (e) => isSightlineError(e, 'E_AUTH_FORBIDDEN') && e.message === OTHERS_RECORDS_PRIVATE,
  );
  assert.equal((await reviewer.api('GET', '/api/disputes')).json.open.length, 0);

  // Their own record: the form, then a dispute opened as the family.
  const mine = callA.records.find((r) => r.personId === adult && r.source !== 'referrals')!;
  const form = await fam.get(q(at(mine), mine));
  assert.equal(form.status, 200);
  assert.match(form.text, /What is not right\?/);
  assert.ok(form.text.includes(`name="person" value="${at(mine)}"`));
  for (const p of order) assert.ok(!form.text.includes(p), `person id ${p} on the form`);
  const missing = await fam.form('/family/disputes', {
    person: at(mine),
    recordId: mine.recordId,
  });
  assert.equal(missing.status, 400, 'the grounds are required');
  const sent = await fam.form('/family/disputes', {
    person: at(mine),
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

  // A child's record, as a parent on the call: openDispute takes it from the family.
  const child = shown.find((r) => r.personId !== adult && r.source !== 'referrals')!;
  const childDispute = await openDispute(
    svc.deps,
    { kind: 'family', personId: adult, referralId: callA.id },
    { personId: child.personId, recordId: child.recordId, grounds: 'out_of_date' },
  );
  assert.equal(childDispute.status, 'open');

  // The staff side is unchanged: a screener disputes the other adult's record; the
  // reviewer's answer about it never reaches the family page.
  const staffDispute = await screener.api('POST', '/api/disputes', {
    referralId: callA.id,
    personId: private_.personId,
    recordId: private_.recordId,
    grounds: 'not_theirs',
  });
  assert.equal(staffDispute.status, 201, staffDispute.text);
  const answer = 'Jail-answer-for-the-other-adult only.';
  const rejected = await reviewer.api(
    'POST',
    `/api/disputes/${staffDispute.json.dispute.disputeId}/decision`,
    { outcome: 'reject', reason: answer },
  );
  assert.equal(rejected.status, 200, rejected.text);
  const later = (await fam.get('/family')).text;
  assert.ok(!later.includes('Jail-answer'), 'a private record’s dispute is left out');
  assert.equal((later.match(/id="told-\d+"/g) ?? []).length, 2, 'the two shown disputes');

  const entries = await auditEntriesOf(svc.db, `dispute:${id}`);
  const opened = entries.filter((e) => e.action === 'dispute_opened');
  assert.equal(opened.length, 1);
  assert.equal(opened[0]!.actor, `family:${adult}`);
  assert.ok(!JSON.stringify(entries).includes('cousin'), 'the note stays out of the log');
  assert.equal((await verifyAuditLog(svc.db)).ok, true);
});
