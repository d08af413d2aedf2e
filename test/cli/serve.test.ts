/**
 * `sightline serve --demo`: the real command builds a small demo county, model, accounts and
 * calls, listens, and every demo account signs in and finds its pages populated; SIGTERM stops
 * it cleanly. (The full demo, `npx sightline serve --demo`, uses scale 0.1.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/demo-users.js';

const BIN = fileURLToPath(new URL('../../bin/sightline.js', import.meta.url));

test(
  'serve --demo: a working service with one populated account per role',
  { timeout: 120_000 },
  async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'sl-demo-'));
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--demo', '--demo-dir', tmp, '--scale', '0.02', '--port', '0', '--quiet'],
      {
        env: { ...process.env, TZ: 'UTC' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m !== null) resolve(m[1]!);
        });
        child.stderr.on('data', (b: Buffer) => (err += b.toString()));
        child.once('exit', (code) => reject(new Error(`serve --demo exited (${code}): ${err}`)));
      });
      const login = await fetch(`${base}/login`);
      assert.match(await login.text(), /Demo accounts[\s\S]*sightline-demo/);
      const seen: Record<string, unknown> = {};
      for (const u of DEMO_USERS) {
        const res = await fetch(`${base}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: u.username, password: DEMO_PASSWORD }),
        });
        assert.equal(res.status, 200, u.username);
        const cookie = res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        const path = {
          screener: '/api/demo/household?n=3',
          supervisor: '/api/queue',
          investigator: '/api/cases',
          analyst: '/api/reports',
          administrator: '/api/admin/audit',
          reviewer: '/api/disputes',
        }[u.role];
        seen[u.role] = await (await fetch(`${base}${path}`, { headers: { cookie } })).json();
      }
      const s = seen as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.ok(s.screener.people.length >= 2);
      assert.equal(s.supervisor.calls.length, 5);
      assert.ok(s.investigator.cases.length >= 1);
      assert.deepEqual(
        s.analyst.reports.map((r: { id: string; available: boolean }) => [r.id, r.available]),
        [
          ['audit', true],
          ['replay', true],
          ['monitoring', true],
        ],
      );
      assert.equal(s.administrator.audit.ok, true);
      assert.deepEqual(s.reviewer.open, []);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      await rm(tmp, { recursive: true, force: true });
    }
  },
);
