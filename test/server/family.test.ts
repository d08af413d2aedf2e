/**
 * Family access end to end through `app.request()`, on both databases: staff issue a one-time
 * code to an adult on a referral (never to a child, an alleged victim or someone not on it, and
 * not before the score step); the family member redeems it once and sees the records read by the
 * score that privacy allows them (their own and, as a parent, their children's; ever-counting
 * ones marked; family-privacy.test.ts checks the rule) and nothing of any other household; codes
 * expire, can be withdrawn and are replaced by a new one; wrong codes get one generic answer, are
 * rate-limited and lock an address out; every view and sign-in is audited, the chain verifies,
 * and no code or person id reaches the audit log or the request log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditEntriesOf, verifyAuditLog, type AuditRow } from '../../src/store/index.js';
import {
  CODE_ALPHABET,
  familyCodeHash,
  newFamilyCode,
  normaliseFamilyCode,
} from '../../server/family/code.js';
import { FAMILY_SIGN_IN_FAILED } from '../../server/family/sign-in.js';
import { DEFAULT_OPTIONS } from '../../server/context.js';
import type { RecordRead } from '../../server/score/records-read.js';
import { PASSWORD, householdsWith, peopleOf, receivedAtOf, serviceTest } from './fixture.js';
import { client, signIn, type Client } from './client.js';
import {
  adultsOf,
  familyClient,
  membersWithAge,
  pageOrder,
  pageSections,
  personKeys,
  recordKeys,
  tryCode,
} from './family-client.js';

test('family codes: 60 random bits in three groups of four, typed any way', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const c = newFamilyCode();
    assert.match(c, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    seen.add(c);
  }
  assert.equal(seen.size, 2000);
  assert.equal(CODE_ALPHABET.length, 32); // 12 symbols × 5 bits = 60 bits
  for (const ch of '01IO') assert.ok(!CODE_ALPHABET.includes(ch), `${ch} is ambiguous`);
  assert.equal(normaliseFamilyCode(' 7kqm 4xtr-9hwc '), '7KQM4XTR9HWC');
  assert.equal(normaliseFamilyCode('7KQM–4XTR—9HWC'), '7KQM4XTR9HWC');
  assert.equal(normaliseFamilyCode('7KQM-4XTR-9HW'), null);
  assert.equal(normaliseFamilyCode('7KQM-4XTR-9HW0'), null);
  assert.equal(familyCodeHash('7KQM4XTR9HWC').length, 64);
});

await serviceTest(
  'family access: issue, redeem once, own household only, expiry, withdrawal, lockout, audit',
  { timeout: 60_000, service: { trustProxy: true, loginPerMinute: 8 } },
  async (svc) => {
    const screener = await signIn(svc.app, 'screener', PASSWORD);
    const supervisor = await signIn(svc.app, 'supervisor', PASSWORD);
    const [a, b] = householdsWith('none', 2);
    const open = async (ref: string) =>
      (
        await screener.api('POST', '/api/calls', {
          allegation: 'neglect',
          receivedAt: receivedAtOf(ref),
          people: peopleOf(ref),
        })
      ).json.call.referralId as string;
    const callA = await open(a!);
    const callB = await open(b!);
    const adultA = adultsOf(a!)[0]!;
    const adultB = adultsOf(b!)[0]!;
    const issue = (c: Client, referralId: string, personId: string) =>
      c.api('POST', '/api/family-codes', { referralId, personId });

    // Not before the score step; never to a child, an alleged victim or a stranger.
    const early = await issue(screener, callA, adultA);
    assert.equal(early.status, 409);
    assert.equal(early.json.error.code, 'E_FAMILY_TOO_EARLY');
    assert.match(early.json.error.message, /issue the code once the screener has seen/);
    const scores: Record<string, RecordRead[]> = {};
    let householdScore = 0;
    for (const id of [callA, callB]) {
      await screener.api('POST', `/api/calls/${id}/ratings`, { risk: 2, safety: 1 });
      const s = (await screener.api('POST', `/api/calls/${id}/reveal`)).json.score;
      scores[id] = s.records;
      if (id === callA) householdScore = s.householdScore;
    }
    const victim = membersWithAge(a!).find((m) => m.roles.includes('alleged_victim'))!;
    const refused = await issue(screener, callA, victim.personId);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error.code, 'E_FAMILY_NOT_ELIGIBLE');
    assert.match(refused.json.error.message, /is named as an alleged victim on referral/);
    const child = membersWithAge(a!).find((m) => m.age < 18 && !m.roles.includes('alleged_victim'));
    if (child !== undefined) {
      const r = await issue(screener, callA, child.personId);
      assert.equal(r.json.error.code, 'E_FAMILY_NOT_ELIGIBLE');
      assert.match(r.json.error.message, /under 18/);
    }
    const stranger = await issue(screener, callA, adultB);
    assert.equal(stranger.json.error.code, 'E_FAMILY_NOT_ON_REFERRAL');
    assert.match(stranger.json.error.message, /give the id of an adult listed on the call/);
    assert.equal((await issue(screener, 'C-none', adultA)).status, 404);

    // Issued: a code shown once; the audit log holds the person, referral and expiry only.
    const issued = await issue(screener, callA, adultA);
    assert.equal(issued.status, 201, issued.text);
    const code = issued.json.code as string;
    assert.match(code, /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){2}$/);
    assert.equal(issued.json.signInPath, '/family/sign-in');
    const entry = (await auditEntriesOf(svc.db, `referral:${callA}`)).find(
      (e) => e.action === 'family_code_issued',
    )!;
    assert.deepEqual(JSON.parse(entry.details), {
      personId: adultA,
      expiresAt: new Date(svc.now + DEFAULT_OPTIONS.familyCodeMs).toISOString(),
      replaced: 0,
    });
    assert.equal(entry.actor, svc.userIds.screener);

    // Redeemed, typed loosely: the family page of household A, and nothing of B.
    const fam = client(svc.app);
    const signedIn = await tryCode(fam, ` ${code.toLowerCase().replace(/-/g, ' ')} `);
    assert.equal(signedIn.status, 303, signedIn.text);
    const cookie = signedIn.headers.getSetCookie().find((l) => l.startsWith('sl_family='))!;
    for (const attr of [/HttpOnly/i, /SameSite=Strict/i, /Path=\/family(;|$)/, /Max-Age=7200/])
      assert.match(cookie, attr);
    const page = await fam.get('/family');
    fam.csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    assert.equal(page.status, 200);
    const text = page.text;
    assert.match(text, /We used a screening tool on that call/);
    assert.match(text, /The score is not evidence/);
    assert.match(text, /The score does not decide/);
    assert.match(text, /Investigators never see the score/);
    assert.match(text, new RegExp(`${householdScore} out of 20`));
    assert.match(text, /You \(born \d{4}\)/);
    assert.match(text, /A child born \d{4}/);
    const orderA = await pageOrder(svc.deps, callA, adultA);
    assert.deepEqual(
      personKeys(text, orderA),
      new Set(peopleOf(a!).map((p) => p.personId)),
      'the people of household A, and only them',
    );
    // No one's county person id, the holder's own included: sections are named by position.
    for (const p of peopleOf(a!)) assert.ok(!text.includes(p.personId), `A's ${p.personId}`);
    // The holder is a parent: their own records and the children's, in full.
    const full = new Set(
      membersWithAge(a!)
        .filter((m) => m.personId === adultA || m.age < 18)
        .map((m) => m.personId),
    );
    const shown = scores[callA]!.filter((r) => full.has(r.personId));
    assert.ok(shown.length > 0, 'household A has records');
    assert.ok(shown.length < scores[callA]!.length, 'and another adult has some');
    assert.deepEqual(
      recordKeys(text, orderA).sort(),
      shown.map((r) => `${r.personId}|${r.recordId}`).sort(),
      'every record the score read of the holder and the children, and no other',
    );
    const ever = shown.filter((r) => r.immutable).length;
    assert.ok(ever > 0, 'household A has records that always count');
    assert.equal(
      (text.match(/<span class="tag ever">Always counts<\/span> Never/g) ?? []).length,
      ever,
    );
    for (const p of peopleOf(b!)) assert.ok(!text.includes(p.personId), `B's ${p.personId}`);
    for (const r of scores[callB]!) assert.ok(!text.includes(`"${r.recordId}"`), r.recordId);
    assert.ok(!text.includes(callA) && !text.includes(callB), 'no referral ids shown');
    // Nothing to tamper with: the household comes from the session, never the request.
    const tampered = await fam.get(`/family?referralId=${callB}&personId=${adultB}`);
    assert.deepEqual([...pageSections(tampered.text)], [...pageSections(text)]);
    // A family session passes no staff route; a staff session passes no family route.
    assert.equal((await fam.api('GET', `/api/calls/${callA}`)).status, 403);
    assert.equal((await fam.get(`/calls/${callA}`)).status, 403);
    assert.equal((await screener.get('/family')).status, 403);

    // One-time: the same code again, from anywhere, gets the generic answer.
    const again = await tryCode(client(svc.app), code, '192.0.2.2');
    assert.equal(again.status, 401);
    assert.ok(again.text.includes(FAMILY_SIGN_IN_FAILED.slice(0, 60)));
    const unknown = await tryCode(client(svc.app), newFamilyCode(), '192.0.2.2');
    assert.equal(unknown.status, 401);
    const message = (r: { text: string }) => /role="alert">([^<]*)</.exec(r.text)?.[1];
    assert.equal(message(again), message(unknown), 'used and unknown codes look the same');

    // Household B, issued by a supervisor: B's page shows none of A.
    const codeB = (await issue(supervisor, callB, adultB)).json.code as string;
    const famB = await familyClient(svc.app, codeB, '192.0.2.3');
    const pageB = (await famB.get('/family')).text;
    assert.deepEqual(
      personKeys(pageB, await pageOrder(svc.deps, callB, adultB)),
      new Set(peopleOf(b!).map((p) => p.personId)),
    );
    for (const p of [...peopleOf(a!), ...peopleOf(b!)])
      assert.ok(!pageB.includes(p.personId), `${p.personId} on B's page`);

    // A call the law requires to be investigated is never scored: the page says so and
    // lists no records.
    const [c] = householdsWith('none', 1, 2);
    const abuse = (
      await screener.api('POST', '/api/calls', {
        allegation: 'abuse',
        receivedAt: receivedAtOf(c!),
        people: peopleOf(c!),
      })
    ).json.call.referralId as string;
    await screener.api('POST', `/api/calls/${abuse}/ratings`, { risk: 3, safety: 2 });
    await screener.api('POST', `/api/calls/${abuse}/reveal`);
    const codeC = (await issue(screener, abuse, adultsOf(c!)[0]!)).json.code as string;
    const pageC = (await (await familyClient(svc.app, codeC, '192.0.2.9')).get('/family')).text;
    assert.match(pageC, /The law says calls like this one must be looked into/);
    assert.match(pageC, /It did not use any records about your household/);
    assert.equal(pageSections(pageC).size, new Set(peopleOf(c!).map((p) => p.personId)).size);
    assert.deepEqual(recordKeys(pageC, await pageOrder(svc.deps, abuse, adultsOf(c!)[0]!)), []);
    for (const p of peopleOf(c!)) assert.ok(!pageC.includes(p.personId), `C's ${p.personId}`);
    assert.doesNotMatch(pageC, /out of 20/);

    // Replaced, then withdrawn: older codes stop working; withdrawal ends open pages.
    const first = (await issue(screener, callA, adultA)).json.code as string;
    const second = (await issue(screener, callA, adultA)).json.code as string;
    assert.equal((await tryCode(client(svc.app), first, '192.0.2.4')).status, 401);
    const famA2 = await familyClient(svc.app, second, '192.0.2.4');
    const third = (await issue(screener, callA, adultA)).json.code as string;
    const revoked = await screener.api('POST', '/api/family-codes/revoke', {
      referralId: callA,
      personId: adultA,
    });
    assert.deepEqual(revoked.json, { codes: 1, sessions: 2 });
    assert.equal((await tryCode(client(svc.app), third, '192.0.2.4')).status, 401);
    const ended = await famA2.get('/family');
    assert.equal(ended.status, 303);
    assert.equal(ended.headers.get('location'), '/family/sign-in');
    const listed = (await supervisor.api('GET', `/api/calls/${callA}/family-codes`)).json.codes;
    assert.deepEqual(listed.map((c: { status: string }) => c.status).sort(), [
      'used',
      'used',
      'withdrawn',
      'withdrawn',
    ]);

    // Wrong codes: one answer; the fifth in a row locks the address (even a right code is
    // refused, and not used up); the limit per minute answers 429.
    const good = (await issue(screener, callA, adultA)).json.code as string;
    const attacker = client(svc.app);
    for (let i = 1; i <= 5; i++) {
      const r = await tryCode(attacker, `AAAA-BBBB-CC${CODE_ALPHABET[i]}${i}`, '198.51.100.7');
      assert.equal(r.status, 401);
      assert.equal(message(r), message(unknown));
    }
    const locked = await tryCode(attacker, good, '198.51.100.7');
    assert.equal(locked.status, 401);
    assert.equal(message(locked), message(unknown));
    for (let i = 0; i < 2; i++) await tryCode(attacker, good, '198.51.100.7');
    assert.equal((await tryCode(attacker, good, '198.51.100.7')).status, 429);
    const lockouts = await svc.db.all<AuditRow>(
      "SELECT * FROM audit_log WHERE action = 'lockout' AND subject = 'family:sign-in'",
    );
    assert.equal(lockouts.length, 1);
    const famA3 = await familyClient(svc.app, good, '198.51.100.8'); // not used up
    assert.equal((await famA3.get('/family')).status, 200);

    // Sessions: CSRF on the sign-out form; idle and maximum lifetimes; sign-out. (Codes for
    // later are issued now, while the staff sessions are fresh.)
    const codeB2 = (await issue(supervisor, callB, adultB)).json.code as string;
    const late = (await issue(screener, callA, adultA)).json.code as string;
    assert.equal((await famA3.form('/family/sign-out', { _csrf: 'forged' })).status, 403);
    svc.now += DEFAULT_OPTIONS.familySessionIdleMs - 1000;
    assert.equal((await famA3.get('/family')).status, 200);
    svc.now += DEFAULT_OPTIONS.familySessionIdleMs + 1000;
    assert.equal((await famA3.get('/family')).status, 303, 'idle too long');
    const famB2 = await familyClient(svc.app, codeB2, '192.0.2.5');
    const out = await famB2.form('/family/sign-out', {});
    assert.equal(out.status, 303);
    assert.equal((await famB2.get('/family')).headers.get('location'), '/family/sign-in');

    // Expiry: a code unused for longer than familyCodeMs no longer works.
    svc.now += DEFAULT_OPTIONS.familyCodeMs;
    assert.equal((await tryCode(client(svc.app), late, '192.0.2.6')).status, 401);

    // The audit trail: each view and sign-in, the reasons of refusals, a verifying chain.
    const all = await svc.db.all<AuditRow>('SELECT * FROM audit_log ORDER BY seq');
    const of = (action: string) => all.filter((e) => e.action === action);
    const views = of('family_view');
    assert.ok(views.length >= 6, `${views.length} views`);
    for (const v of views) {
      assert.match(v.actor, /^family:P\d+$/);
      assert.match(v.subject, /^referral:C/);
      const details = JSON.parse(v.details);
      assert.deepEqual(Object.keys(details), ['personId', 'shown', 'withheld']);
      assert.equal(details.personId, v.actor.slice('family:'.length));
      if (v.subject === `referral:${callA}`) {
        assert.equal(details.shown, shown.length);
        assert.equal(details.withheld, scores[callA]!.length - shown.length);
      }
    }
    assert.ok(views.some((v) => v.subject === `referral:${callB}`));
    assert.equal(of('family_sign_in').length, 6);
    assert.equal(of('family_sign_out').length, 1);
    assert.equal(of('family_code_revoked').length, 1);
    const reasons = new Set(of('family_sign_in_failed').map((e) => JSON.parse(e.details).reason));
    for (const r of [
      'code already used',
      'unknown code',
      'code withdrawn',
      'code expired',
      'not a code',
      'address locked out after repeated failures',
    ])
      assert.ok(reasons.has(r), `a refusal for "${r}" is audited`);
    assert.ok(of('access_denied').some((e) => e.actor === `family:${adultA}`));
    assert.ok((await verifyAuditLog(svc.db)).ok);
    const codes = [code, codeB, codeB2, codeC, first, second, third, good, late];
    const everything = JSON.stringify(all) + JSON.stringify(svc.logs);
    for (const c of codes) {
      assert.ok(!everything.includes(c), 'a code in the audit or request log');
      assert.ok(!everything.includes(normaliseFamilyCode(c)!), 'a code in a log');
    }
    const logs = JSON.stringify(svc.logs);
    for (const p of [...peopleOf(a!), ...peopleOf(b!), ...peopleOf(c!)])
      assert.ok(!logs.includes(p.personId), 'a person id in the request log');
    assert.ok(svc.logs.some((l) => l.role === 'family' && l.route === '/family'));
  },
);
