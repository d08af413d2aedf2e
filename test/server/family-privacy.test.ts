/**
 * Privacy inside a household, on both databases: a code holder named as a parent sees their own
 * records and the children's in full and every other adult's as counts only (equal to what the
 * staff list has for that person); a holder who is not a parent sees only their own in full and
 * the children's as counts; no withheld record id or date appears anywhere in the page; the audit
 * entry counts what was shown and withheld. And the page says whether the call was screened in,
 * with the date, once the supervisor has decided — never the supervisor's reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayOf, formatDate, isSightlineError } from '../../src/core/index.js';
import { auditEntriesOf, type MemberRow } from '../../src/store/index.js';
import { openDispute } from '../../server/disputes/index.js';
import { OTHERS_RECORDS_PRIVATE, holderSeesRecordsOf } from '../../server/family/privacy.js';
import type { RecordRead } from '../../server/score/records-read.js';
import { longDate } from '../../web/pages/family-words.js';
import { PASSWORD, householdsWith, peopleOf, receivedAtOf, serviceTest } from './fixture.js';
import { signIn, type Client } from './client.js';
import {
  familyClient,
  membersWithAge,
  pageOrder,
  pageSections,
  recordKeys,
} from './family-client.js';

/** Opens a call with `people` and shows its score; returns its id and the records read. */
async function shownCall(
  s: Client,
  from: string,
  people: { personId: string; role: string }[],
): Promise<{ id: string; records: RecordRead[] }> {
  const r = await s.api('POST', '/api/calls', {
    allegation: 'neglect',
    receivedAt: receivedAtOf(from),
    people,
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.call.referralId as string;
  await s.api('POST', `/api/calls/${id}/ratings`, { risk: 2, safety: 1 });
  const score = (await s.api('POST', `/api/calls/${id}/reveal`)).json.score;
  return { id, records: score.records as RecordRead[] };
}

/** The words of a person's section on the page (`order`: the page's people), tags dropped. */
function sectionText(text: string, order: readonly string[], personId: string): string {
  const section = pageSections(text).get(order.indexOf(personId));
  assert.ok(section !== undefined, `a section for ${personId}`);
  return section
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The counts line the page should give for these records (the staff list's numbers). */
function countsText(records: readonly RecordRead[]): string {
  const n = records.length;
  const counting = records.filter((r) => r.featuresReading > 0).length;
  const ever = records.filter((r) => r.immutable).length;
  return (
    `${n} record${n === 1 ? '' : 's'} from before the call. ` +
    `${counting} count${counting === 1 ? 's' : ''} toward the score.` +
    (ever > 0 ? ` ${ever} always count${ever === 1 ? 's' : ''}.` : '')
  );
}

/**
 * Checks a holder's page (`order`: its people in page order): `full` people's records in full,
 * everyone else's as counts, no withheld record id or date anywhere in it, and no one's person
 * id at all. Returns the numbers shown and withheld.
 */
function checkPage(
  text: string,
  order: readonly string[],
  records: readonly RecordRead[],
  full: ReadonlySet<string>,
) {
  const shown = records.filter((r) => full.has(r.personId));
  const withheld = records.filter((r) => !full.has(r.personId));
  assert.ok(shown.length > 0 && withheld.length > 0, 'records on both sides of the rule');
  assert.deepEqual(
    recordKeys(text, order).sort(),
    shown.map((r) => `${r.personId}|${r.recordId}`).sort(),
    'the records of the holder (and children of a parent), and no other',
  );
  for (const p of new Set(records.map((r) => r.personId))) {
    const words = sectionText(text, order, p);
    const mine = records.filter((r) => r.personId === p);
    assert.ok(words.includes(countsText(mine)), `${p}: ${words}`);
    assert.equal(/are private/.test(words), !full.has(p), `${p} private note`);
  }
  // An earlier referral is a record of each person named on it: only ids and dates of no shown
  // record can be searched for.
  const shownIds = new Set(shown.map((r) => r.recordId));
  const shownDays = new Set(shown.flatMap((r) => [r.date, r.endDate]));
  for (const r of withheld) {
    if (!shownIds.has(r.recordId)) assert.ok(!text.includes(r.recordId), r.recordId);
    for (const day of [r.date, r.endDate]) {
      if (day === null || shownDays.has(day)) continue;
      assert.ok(!text.includes(day) && !text.includes(longDate(day)), `withheld date ${day}`);
    }
  }
  // The holder's own id too: the page names people by their position on it.
  for (const p of new Set([...order, ...records.map((r) => r.personId)]))
    assert.ok(!text.includes(p), `person id ${p} on the page`);
  return { shown: shown.length, withheld: withheld.length };
}

test('whose records a code holder sees in full: their own; a child’s if they are a parent', () => {
  const day = 20_000; // 4 October 2024; 4 October 2006 is 6,575 days before it
  const m = (person_id: string, role: string, birth_day: number): MemberRow => ({
    person_id,
    role,
    birth_day,
    sex: 'F',
  });
  const members = [
    m('P1', 'parent', 10_000),
    m('P2', 'alleged_perpetrator', 11_000),
    m('P2', 'other_adult', 11_000),
    m('C1', 'alleged_victim', day - 6574), // 17 on the day of the call
    m('C2', 'child', day - 6575), // 18 that day: an adult
  ];
  const sees = (holder: string, person: string) =>
    holderSeesRecordsOf(members, holder, person, day);
  assert.deepEqual(
    ['P1', 'P2', 'C1', 'C2', 'P9'].map((p) => sees('P1', p)),
    [true, false, true, false, false],
  );
  assert.deepEqual(
    ['P1', 'P2', 'C1', 'C2'].map((p) => sees('P2', p)),
    [false, true, false, false],
  );
});

await serviceTest(
  'family privacy: other adults as counts; children in full for a parent only; the decision',
  { timeout: 60_000 },
  async (svc) => {
    const screener = await signIn(svc.app, 'screener', PASSWORD);
    const supervisor = await signIn(svc.app, 'supervisor', PASSWORD);
    // Households with two parents, one of them also the adult the call was about.
    const [a, b] = householdsWith('none', 6).filter(
      (r) => membersWithAge(r).filter((m) => m.roles.includes('parent')).length === 2,
    );
    const members = membersWithAge(a!);
    const both = members.find((m) => m.roles.includes('alleged_perpetrator'))!;
    const other = members.find((m) => m.roles.includes('parent') && m !== both)!;
    const children = members.filter((m) => m.age < 18).map((m) => m.personId);
    const callA = await shownCall(screener, a!, peopleOf(a!));
    const issue = async (referralId: string, personId: string) =>
      (await screener.api('POST', '/api/family-codes', { referralId, personId })).json
        .code as string;

    // A parent holder: their own and the children's records, the other parent's as counts.
    const famA = await familyClient(svc.app, await issue(callA.id, other.personId));
    const page = await famA.get('/family');
    assert.equal(page.status, 200);
    const seen = checkPage(
      page.text,
      await pageOrder(svc.deps, callA.id, other.personId),
      callA.records,
      new Set([other.personId, ...children]),
    );
    assert.match(page.text, /The details of other people’s records are kept private/);
    assert.match(page.text, /own records and your children’s records\./);
    assert.match(page.text, /can ask the screener or supervisor for their own code/);
    const view = (await auditEntriesOf(svc.db, `referral:${callA.id}`)).findLast(
      (e) => e.action === 'family_view',
    )!;
    assert.deepEqual(JSON.parse(view.details), { personId: other.personId, ...seen });

    // Not decided yet; then screened out with a reason the family never sees.
    assert.match(page.text, /has not decided yet whether to look into the call/);
    await screener.api('POST', `/api/calls/${callA.id}/recommendation`, {
      recommendation: 'out',
    });
    const reason = 'Reason-kept-from-family: the grandmother said so.';
    const decided = await supervisor.api('POST', `/api/calls/${callA.id}/decision`, {
      decision: 'out',
      reason,
    });
    assert.equal(decided.status, 200, decided.text);
    const after = (await famA.get('/family')).text;
    const day = longDate(formatDate(dayOf(svc.now)));
    assert.match(after, new RegExp(`On ${day}, the agency decided not to look into the call`));
    assert.match(after, /screened out/);
    assert.doesNotMatch(after, /has not decided yet/);
    assert.ok(!after.includes('Reason-kept-from-family') && !after.includes('grandmother'));

    // Who told the agency, as the holder reads it: their own dispute is "you", the other
    // parent's dispute of a child's record "another adult on this call", a screener's "a screener".
    const childRecord0 = callA.records.find(
      (r) => children.includes(r.personId) && r.source !== 'referrals',
    )!;
    const ownRecord = callA.records.find(
      (r) => r.personId === other.personId && r.source !== 'referrals',
    )!;
    const raise = (personId: string, r: RecordRead) =>
      openDispute(
        svc.deps,
        { kind: 'family', personId, referralId: callA.id },
        { personId: r.personId, recordId: r.recordId, grounds: 'wrong' },
      );
    await raise(both.personId, childRecord0);
    const told = (await famA.get('/family')).text;
    assert.match(told, /What we were told about these records/);
    assert.match(told, /another adult on this call told us/);
    assert.doesNotMatch(told, /you told us/);
    await raise(other.personId, ownRecord);
    const told2 = (await famA.get('/family')).text;
    assert.equal((told2.match(/another adult on this call told us/g) ?? []).length, 1);
    assert.equal((told2.match(/you told us/g) ?? []).length, 1);

    // A holder who is not a parent (named only as the adult the call was about): their own
    // records in full, the children's and the other parent's as counts.
    const peopleB = peopleOf(b!);
    const membersB = membersWithAge(b!);
    const notParent = membersB.find((m) => m.roles.includes('alleged_perpetrator'))!;
    const callB = await shownCall(
      screener,
      b!,
      peopleB.filter((p) => !(p.personId === notParent.personId && p.role === 'parent')),
    );
    const famB = await familyClient(
      svc.app,
      await issue(callB.id, notParent.personId),
      '192.0.2.2',
    );
    const pageB = (await famB.get('/family')).text;
    checkPage(
      pageB,
      await pageOrder(svc.deps, callB.id, notParent.personId),
      callB.records,
      new Set([notParent.personId]),
    );
    assert.match(pageB, /details of your own records\./);
    assert.match(pageB, /The details of this child’s records are private/);
    assert.match(pageB, /You were named in the call as an adult the call was about\./);
    const childRecord = callB.records.find(
      (r) => r.personId !== notParent.personId && r.source !== 'referrals',
    )!;
    await assert.rejects(
      openDispute(
        svc.deps,
        { kind: 'family', personId: notParent.personId, referralId: callB.id },
        { personId: childRecord.personId, recordId: childRecord.recordId, grounds: 'wrong' },
      ),
      (e) => isSightlineError(e, 'E_AUTH_FORBIDDEN') && e.message === OTHERS_RECORDS_PRIVATE,
    );

    // Screened in: the family page says so.
    await screener.api('POST', `/api/calls/${callB.id}/recommendation`, {
      recommendation: 'in',
    });
    await supervisor.api('POST', `/api/calls/${callB.id}/decision`, { decision: 'in' });
    const inB = (await famB.get('/family')).text;
    assert.match(inB, new RegExp(`On ${day}, the agency decided to look into the call`));
    assert.match(inB, /“screened in” for investigation/);
  },
);
