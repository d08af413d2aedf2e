/**
 * The login page's form goes through the same schema as the API's login: fields trimmed and
 * limited in length, and a message on the page that names the field that is wrong.
 */
import assert from 'node:assert/strict';
import { PASSWORD, serviceTest } from './fixture.js';
import { client } from './client.js';

await serviceTest(
  'the login form: trimmed, limited, and an error naming the field',
  {},
  async (svc) => {
    const anon = client(svc.app);
    await anon.get('/login');
    /** Posts the form with the token of the page last shown, as a browser does. */
    const post = (username: string, password: string) => {
      anon.csrf = anon.cookies.get('sl_login')!;
      return anon.form('/login', { username, password });
    };
    for (const [username, password, message] of [
      ['  ', PASSWORD, 'invalid login: username: is empty'],
      ['screener', '', 'invalid login: password: is empty'],
      ['s'.repeat(101), PASSWORD, 'invalid login: username: is longer than 100 characters'],
      ['screener', 'p'.repeat(1001), 'invalid login: password: is longer than 1,000 characters'],
    ] as const) {
      const r = await post(username, password);
      assert.equal(r.status, 400, `${username.slice(0, 9)}: ${r.text.slice(0, 200)}`);
      assert.ok(r.text.includes(`<div class="error" role="alert">${message}</div>`), message);
      assert.match(r.text, /<form method="post" action="\/login">/, 'the form again');
    }
    const r = await post('  screener ', PASSWORD);
    assert.equal(r.status, 303, 'the username trimmed as the API does');
    assert.equal(r.headers.get('location'), '/calls');
  },
);
