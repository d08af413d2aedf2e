/**
 * Administrators deactivate and reactivate staff accounts, through the API and the admin page: a
 * deactivated account's sessions end at once and it cannot sign in; every change is audited as a
 * `user_change`; an administrator cannot deactivate their own account; other roles cannot do it.
 */
import assert from 'node:assert/strict';
import { auditEntriesOf, verifyAuditLog } from '../../src/store/index.js';
import { PASSWORD, serviceTest } from './fixture.js';
import { client, signIn } from './client.js';

await serviceTest(
  'deactivating an account ends its sessions and stops its logins; reactivating restores them',
  {},
  async (svc) => {
    const sid = svc.userIds.screener;
    const admin = await signIn(svc.app, 'administrator', PASSWORD);
    const desk = await signIn(svc.app, 'screener', PASSWORD);
    const phone = await signIn(svc.app, 'screener', PASSWORD);
    const supervisor = await signIn(svc.app, 'supervisor', PASSWORD);

    let r = await supervisor.api('POST', `/api/admin/users/${sid}/deactivate`);
    assert.equal(r.status, 403, 'only administrators');
    r = await admin.api('POST', `/api/admin/users/${svc.userIds.administrator}/deactivate`);
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'E_INPUT');
    assert.match(r.json.error.message, /cannot deactivate your own account/);
    r = await admin.api('POST', '/api/admin/users/u-nobody/deactivate');
    assert.equal(r.status, 404);

    r = await admin.api('POST', `/api/admin/users/${sid}/deactivate`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { ok: true, changed: true, sessionsEnded: 2 });
    for (const c of [desk, phone]) assert.equal((await c.api('GET', '/api/me')).status, 401);
    r = await client(svc.app).api('POST', '/api/login', {
      username: 'screener',
      password: PASSWORD,
    });
    assert.equal(r.status, 401, 'a deactivated account cannot sign in');
    r = await admin.api('GET', '/api/admin/users');
    assert.equal(r.json.users.find((u: { userId: string }) => u.userId === sid).active, false);
    // Again: nothing changes, nothing is recorded.
    r = await admin.api('POST', `/api/admin/users/${sid}/deactivate`);
    assert.deepEqual(r.json, { ok: true, changed: false, sessionsEnded: 0 });

    // The admin page offers reactivation (and never deactivation of oneself).
    let page = await admin.get('/admin');
    assert.match(page.text, new RegExp(`action="/admin/users/${sid}/reactivate"`));
    assert.doesNotMatch(
      page.text,
      new RegExp(`/admin/users/${svc.userIds.administrator}/deactivate`),
    );
    page = await admin.form(`/admin/users/${sid}/reactivate`, {});
    assert.equal(page.status, 200);
    assert.match(page.text, /Account reactivated\./);
    assert.match(page.text, new RegExp(`action="/admin/users/${sid}/deactivate"`));
    const again = await signIn(svc.app, 'screener', PASSWORD);
    assert.equal((await again.api('GET', '/api/me')).status, 200);
    page = await admin.form(`/admin/users/${sid}/deactivate`, {});
    assert.match(page.text, /Account deactivated; 1 session ended\./);
    assert.equal((await again.api('GET', '/api/me')).status, 401);

    const changes = (await auditEntriesOf(svc.db, `user:${sid}`))
      .filter((e) => e.action === 'user_change')
      .map((e) => JSON.parse(e.details) as Record<string, unknown>);
    assert.deepEqual(changes, [
      { change: 'created', role: 'screener' },
      { change: 'deactivated', sessionsEnded: 2 },
      { change: 'reactivated' },
      { change: 'deactivated', sessionsEnded: 1 },
    ]);
    const v = await verifyAuditLog(svc.db);
    assert.ok(v.ok, JSON.stringify(v.problems));
  },
);
