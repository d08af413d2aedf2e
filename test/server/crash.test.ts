/**
 * Crash safety: `sightline serve` is killed with SIGKILL in the middle of a burst of calls and
 * decisions, on each database; after a restart every decision the service acknowledged is there,
 * as acknowledged, and the audit log still verifies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExtract, openStore, verifyAuditLog } from '../../src/store/index.js';
import { createStaff } from '../../server/workflow/staff.js';
import { main } from '../../cli/main.js';
import { capture } from '../cli/capture.js';
import { databases } from '../store/databases.js';
import { PASSWORD, householdsWith, peopleOf, testCounty } from './fixture.js';

const BIN = fileURLToPath(new URL('../../bin/sightline.js', import.meta.url));

/** Starts `sightline serve` and resolves with its URL once it listens. */
function startServer(model: string, url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'serve',
      '--model',
      model,
      '--db',
      url,
      '--port',
      '0',
      '--quiet',
      '--requests-per-minute',
      '1000000',
      // A hand-made test model has no governance artifacts: the gate's logged test override.
      '--skip-gate',
      'crash-safety test with a hand-made model',
    ],
    {
      env: { ...process.env, TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m !== null) resolve({ child, base: m[1]! });
    });
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) =>
      reject(new Error(`serve exited (${code}) before listening: ${err}`)),
    );
  });
}

/** A signed-in fetch client. */
async function session(base: string, username: string) {
  const res = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.equal(res.status, 200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    return { status: r.status, json: (await r.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((done) =>
    child.exitCode !== null || child.signalCode !== null
      ? done()
      : child.once('exit', () => done()),
  );

for (const d of await databases()) {
  test(
    `[${d.kind}] every acknowledged decision survives a SIGKILL during a burst of writes`,
    { skip: d.skip, timeout: 120_000 },
    async () => {
      const t = await d.make();
      const tmp = await mkdtemp(join(tmpdir(), 'sl-crash-'));
      const county = testCounty();
      let server: { child: ChildProcess; base: string } | undefined;
      try {
        const model = join(tmp, 'model.json');
        await writeFile(model, county.modelText);
        const { db } = await openStore(t.url, new Date().toISOString());
        await loadExtract(db, county.extract, {
          dataHash: 'sha256:test',
          now: new Date().toISOString(),
          actor: 'test',
        });
        for (const role of ['screener', 'supervisor'] as const) {
          await createStaff(
            db,
            'test',
            { username: role, displayName: role, role, password: PASSWORD },
            Date.now(),
            12,
          );
        }
        await db.close();

        server = await startServer(model, t.url);
        const screener = await session(server.base, 'screener');
        const supervisor = await session(server.base, 'supervisor');
        const households = [...householdsWith('none', 20), ...householdsWith('high', 10)].map(
          peopleOf,
        );
        const acked = new Map<string, 'in' | 'out'>();
        let stop = false;
        const worker = async (w: number) => {
          for (let k = 0; !stop; k++) {
            try {
              const c = await screener('POST', '/api/calls', {
                allegation: 'neglect',
                people: households[(w * 7 + k) % households.length],
              });
              const id = c.json.call.referralId as string;
              await screener('POST', `/api/calls/${id}/ratings`, { risk: 2, safety: 2 });
              await screener('POST', `/api/calls/${id}/reveal`);
              await screener('POST', `/api/calls/${id}/recommendation`, { recommendation: 'in' });
              const decision = k % 2 === 0 ? 'in' : 'out';
              const r = await supervisor('POST', `/api/calls/${id}/decision`, {
                decision,
                reason: 'Written reason for the crash test, long enough.',
              });
              if (r.status === 200) acked.set(id, decision);
            } catch {
              return; // the server is gone
            }
          }
        };
        const workers = Array.from({ length: 12 }, (_, w) => worker(w));
        const started = Date.now();
        while (acked.size < 25 && Date.now() - started < 30_000)
          await new Promise((r) => setTimeout(r, 20));
        server.child.kill('SIGKILL');
        stop = true;
        await Promise.all(workers);
        await exited(server.child);
        assert.ok(acked.size >= 25, `only ${acked.size} decisions acknowledged before the kill`);

        server = await startServer(model, t.url);
        const after = await session(server.base, 'supervisor');
        for (const [id, decision] of acked) {
          const r = await after('GET', `/api/calls/${id}`);
          assert.equal(r.status, 200, `call ${id} after the restart`);
          assert.equal(r.json.call.status, 'decided', id);
          assert.equal(r.json.call.decision.value, decision, id);
        }
        server.child.kill('SIGTERM');
        await exited(server.child);
        const check = await openStore(t.url, new Date().toISOString());
        const v = await verifyAuditLog(check.db);
        assert.ok(v.ok, JSON.stringify(v.problems));
        const decided = await check.db.get<{ n: number }>(
          "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'decision'",
        );
        assert.ok(decided!.n >= acked.size);
        await check.db.close();
        const io = capture();
        assert.equal(
          await main(['audit-log', 'verify', '--db', t.url], io),
          0,
          io.stdout + io.stderr,
        );
        assert.match(io.stdout, /audit log verifies: \d+ entries/);
      } finally {
        if (
          server !== undefined &&
          server.child.exitCode === null &&
          server.child.signalCode === null
        ) {
          server.child.kill('SIGKILL');
          await exited(server.child);
        }
        await rm(tmp, { recursive: true, force: true });
        await t.cleanup();
      }
    },
  );
}
