/**
 * One limit on the size of every request body, checked before anything reads it (the CSRF check
 * reads a form's before any route runs): a clear 413 on the API and on the pages, the largest
 * legitimate requests well inside it, and the service serving on afterwards.
 */
import assert from 'node:assert/strict';
import { MAX_BODY_BYTES } from '../../server/app.js';
import { PASSWORD, serviceTest } from './fixture.js';
import { client, signIn } from './client.js';

const TOO_LARGE = new RegExp(
  `^the request body is larger than ${MAX_BODY_BYTES / 1024} KiB, the most this service accepts`,
);

await serviceTest(
  'a body over the limit gets 413 on the API and the pages; legitimate ones pass',
  { timeout: 60_000 },
  async (svc) => {
    const big = 'x'.repeat(MAX_BODY_BYTES);
    const screener = await signIn(svc.app, 'screener', PASSWORD);
    // Read as a stream (no Content-Length), and refused from its Content-Length alone.
    const api = await screener.api('POST', '/api/calls', { allegation: 'neglect', note: big });
    assert.equal(api.status, 413, api.text.slice(0, 200));
    assert.equal(api.json.error.code, 'E_BODY_TOO_LARGE');
    assert.match(api.json.error.message, TOO_LARGE);
    const declared = await screener.api('POST', '/api/calls', {}, { 'content-length': '200000' });
    assert.equal(declared.status, 413);

    const anon = client(svc.app);
    await anon.get('/login');
    anon.csrf = anon.cookies.get('sl_login')!;
    const page = await anon.form('/login', { username: 'screener', password: big });
    assert.equal(page.status, 413, 'refused before the CSRF check reads the form');
    assert.match(page.text, /E_BODY_TOO_LARGE/);
    assert.match(page.text, /the request body is larger than 128 KiB/);
    assert.equal(
      (await screener.form('/calls', { allegation: 'neglect', p0_id: big })).status,
      413,
    );

    // The largest legitimate bodies: 40 people with every detail, a 2,000-character note.
    const people = Array.from({ length: 40 }, (_, i) => ({
      personId: `P-${String(i).padStart(2, '0')}-${'n'.repeat(59)}`,
      role: i === 0 ? 'alleged_victim' : 'other_adult',
      birthDate: '1990-01-01',
      sex: 'unknown',
      race: 'unknown',
      hispanic: 'unknown',
    }));
    const call = { allegation: 'neglect', channel: 'county', people };
    assert.ok(JSON.stringify(call).length < MAX_BODY_BYTES / 8);
    const created = await screener.api('POST', '/api/calls', call);
    assert.equal(created.status, 201, created.text.slice(0, 300));
    const id = created.json.call.referralId as string;
    const note = '漢'.repeat(2000); // 9 bytes a character in a form
    assert.ok(new URLSearchParams({ note }).toString().length < MAX_BODY_BYTES / 4);
    const noted = await screener.form(`/calls/${id}/recommendation`, {
      recommendation: 'in',
      note,
    });
    assert.equal(noted.status, 409, 'too early for a recommendation, but not too large');
    assert.equal((await screener.api('GET', '/api/me')).status, 200, 'still serving');
    assert.equal((await signIn(svc.app, 'supervisor', PASSWORD)).csrf !== null, true);
  },
);
