/**
 * Authentication and the boundary: scrypt hashes, lockout after repeated failures (and an
 * administrator's unlock), login rate limits, session expiry and logout, CSRF and content-type
 * checks, security headers, validation errors that name the field, and a request log that holds
 * no person's data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditEntriesOf } from '../../src/store/index.js';
import { hashPassword, verifyPassword } from '../../server/auth/password.js';
import { PASSWORD, householdsWith, peopleOf, serviceTest } from './fixture.js';
import { client, signIn } from './client.js';

test('passwords: scrypt (N = 2^15 by default), salted, verified in constant time, 12+ characters', async () => {
  const h = await hashPassword('a passphrase of words');
  assert.match(h, /^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.notEqual(h, await hashPassword('a passphrase of words'), 'salted');
  assert.equal(await verifyPassword('a passphrase of words', h), true);
  assert.equal(await verifyPassword('a passphrase of word', h), false);
  assert.equal(await verifyPassword('x', 'md5$abc'), false);
  await assert.rejects(hashPassword('short'), /at least 12 characters/);
});

await serviceTest(
  'lockout, rate limits, sessions, CSRF, headers, validation and a log without personal data',
  { service: { loginPerMinute: 12 } },
  async (svc) => {
    const anon = client(svc.app);
    const bad = () =>
      anon.api('POST', '/api/login', { username: 'supervisor', password: 'wrong password!' });
    for (let k = 0; k < 5; k++) assert.equal((await bad()).status, 401);
    let r = await anon.api('POST', '/api/login', {
      username: 'supervisor',
      password: PASSWORD,
    });
    assert.equal(r.status, 401, 'locked after 5 failures: even the right password fails');
    assert.match(r.json.error.message, /wrong username or password, or the account is locked/);
    r = await anon.api('POST', '/api/login', { username: 'no-such-user', password: PASSWORD });
    assert.equal(
      r.json.error.message,
      (await bad()).json.error.message,
      'the same answer whether or not the account exists',
    );
    const sup = svc.userIds.supervisor;
    const actions = (await auditEntriesOf(svc.db, `user:${sup}`)).map((e) => e.action);
    assert.deepEqual(actions.slice(1, 8), [
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'lockout',
      'login_failed',
    ]);
    const admin = await signIn(svc.app, 'administrator', PASSWORD);
    assert.equal((await admin.api('POST', `/api/admin/users/${sup}/unlock`)).status, 200);
    await signIn(svc.app, 'supervisor', PASSWORD);
    // 5 + 1 + 2 + admin + supervisor = 10 attempts so far this minute; the 13th is refused.
    await bad();
    await bad();
    r = await bad();
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    svc.now += 61_000;

    const screener = await signIn(svc.app, 'screener', PASSWORD);
    assert.equal((await screener.api('GET', '/api/me')).json.user.role, 'screener');
    const people = peopleOf(householdsWith('none', 1)[0]!);
    r = await screener.api(
      'POST',
      '/api/calls',
      { allegation: 'neglect', people },
      { 'x-csrf-token': 'forged' },
    );
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'E_AUTH_CSRF');
    r = await screener.api(
      'POST',
      '/api/calls',
      { allegation: 'neglect', people },
      { origin: 'https://evil.example' },
    );
    assert.equal(r.status, 403);
    r = await screener.api(
      'POST',
      '/api/calls',
      { allegation: 'neglect', people },
      { 'content-type': 'text/plain' },
    );
    assert.equal(r.status, 415);
    r = await screener.form('/calls', { _csrf: 'forged', allegation: 'neglect' });
    assert.equal(r.status, 403);
    r = await screener.api('POST', '/api/calls', {
      allegation: 'murder',
      people: [{ personId: 'P 1', role: 'parent' }],
      extra: 1,
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json.error.issues.map((i: { field: string }) => i.field).sort(), [
      '(body)',
      'allegation',
      'people',
      'people.0.personId',
    ]);
    r = await screener.api('POST', '/api/calls', {
      allegation: 'neglect',
      people: [{ personId: 'P-new-1', role: 'alleged_victim' }],
    });
    assert.equal(r.status, 400);
    assert.match(
      r.json.error.message,
      /people\.P-new-1: is not known to the county; give birthDate, sex, race, hispanic/,
    );
    r = await screener.api('POST', '/api/calls', {
      allegation: 'neglect',
      people: [
        {
          personId: 'P-new-1',
          role: 'alleged_victim',
          birthDate: '2015-03-02',
          sex: 'f',
          race: 'white',
          hispanic: 'no',
        },
      ],
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    assert.match(r.headers.get('content-security-policy')!, /default-src 'none'/);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const id = r.json.call.referralId;

    svc.now += 31 * 60_000;
    assert.equal(
      (await screener.api('GET', '/api/me')).status,
      401,
      'a session ends after 30 idle minutes',
    );
    const again = await signIn(svc.app, 'screener', PASSWORD);
    assert.equal((await again.api('POST', '/api/logout')).status, 200);
    assert.equal((await again.api('GET', '/api/me')).status, 401, 'logged out');

    const log = JSON.stringify(svc.logs);
    assert.ok(svc.logs.length > 20);
    for (const secret of [
      id,
      'P-new-1',
      ...people.map((p) => p.personId),
      PASSWORD,
      'wrong password!',
      '2015-03-02',
      'no-such-user',
    ]) {
      assert.ok(!log.includes(secret), `the request log holds ${secret}`);
    }
    assert.ok(
      svc.logs.some((l) => l.route === '/api/calls/:id/reveal' || l.route === '/api/calls'),
    );
  },
);
