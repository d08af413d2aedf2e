/**
 * Authorisation, tried exhaustively: every route of the service (API and pages), by every role,
 * by a family member signed in with a one-time code, and by someone not signed in. Allowed roles
 * get through; others are refused (and the refusal is audited); a staff session passes no family
 * route and a family session no staff route; an investigator never receives a score from any
 * route; an analyst never receives an individual record; a family member never receives anyone
 * of another household. Every route of the app must be registered with its access rule.
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STAFF_ROLES, auditEntriesOf, type StaffRole } from '../../src/store/index.js';
import { allows, type Principal, type RoutePolicy } from '../../server/policy.js';
import { createStaff } from '../../server/workflow/staff.js';
import { PASSWORD, householdsWith, peopleOf, receivedAtOf, serviceTest } from './fixture.js';
import { client, signIn, type Client, type Reply } from './client.js';
import { adultsOf, familyClient, pageOrder } from './family-client.js';

const SCORE_KEYS = new Set([
  'score',
  'householdScore',
  'shownScore',
  'probability',
  'protocol',
  'records',
  'words',
  'ratings',
  'override',
]);
const SCORE_HTML = /household score|protocol|class="score"|own score|risk ×|screener’s ratings/i;

function keysOf(v: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysOf(x, out);
    }
  }
  return out;
}

/** A record of the call's score, to dispute. */
interface Disputable {
  readonly referralId: string;
  readonly personId: string;
  readonly recordId: string;
}

/** A plausible body for each state-changing route (`family` for the family-code routes). */
function bodyFor(
  path: string,
  k: number,
  call: unknown,
  family: { referralId: string; personId: string },
  record: Disputable,
): Record<string, unknown> {
  if (path.endsWith('/login')) return { username: 'nobody', password: 'wrong password' };
  if (path.endsWith('/sign-in')) return { code: 'not-a-code' };
  if (path.startsWith('/api/family-codes')) return family;
  if (path.includes('/family-codes')) return { personId: family.personId };
  if (path === '/api/disputes') return { ...record, grounds: 'out_of_date' };
  if (path === '/calls/:id/disputes')
    return { personId: record.personId, recordId: record.recordId, grounds: 'out_of_date' };
  if (path.startsWith('/disputes/') || path.startsWith('/api/disputes/'))
    return { outcome: 'reject', reason: 'The source system confirms the record as it stands.' };
  if (path === '/api/calls') return call as Record<string, unknown>;
  if (path === '/calls')
    return { allegation: 'neglect', channel: 'county', p0_id: 'P-none', p0_role: 'alleged_victim' };
  if (path.endsWith('/ratings')) return { risk: '1', safety: '1' };
  if (path.endsWith('/recommendation')) return { recommendation: 'in' };
  if (path.endsWith('/decision')) return { decision: 'in' };
  if (path.endsWith('/admin/users'))
    return {
      username: `new-${k}`,
      displayName: 'New',
      role: 'analyst',
      password: 'a long enough password',
    };
  return {};
}

async function request(
  c: Client,
  p: RoutePolicy,
  path: string,
  body: Record<string, unknown>,
): Promise<Reply> {
  if (p.method === 'GET') return p.kind === 'api' ? c.api('GET', path) : c.get(path);
  if (p.kind === 'api') return c.api('POST', path, body);
  return c.form(path, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])));
}

/** A reports folder with one audit report for the report routes (shared; removed after the file). */
const reports = await mkdtemp(join(tmpdir(), 'sl-reports-'));
after(() => rm(reports, { recursive: true, force: true }));
await mkdir(join(reports, 'audit'));
await writeFile(
  join(reports, 'audit', 'report.html'),
  '<!doctype html><title>Audit</title><p>aggregate figures</p>',
);

await serviceTest(
  'every role on every route: allowed, refused, and never a score to an investigator',
  {
    service: { demo: true, reportsDir: reports, loginPerMinute: 1000, familyLockoutAfter: 1000 },
  },
  async (svc) => {
    const clients: Record<string, Client> = { anonymous: client(svc.app) };
    for (const role of STAFF_ROLES) clients[role] = await signIn(svc.app, role, PASSWORD);
    // Someone not signed in has the login form's token, as a browser on the login page would.
    await clients.anonymous!.get('/login');
    clients.anonymous!.csrf = clients.anonymous!.cookies.get('sl_login')!;
    const [from, other] = householdsWith('none', 2);
    const people = peopleOf(from!);
    const call = { allegation: 'neglect', receivedAt: receivedAtOf(from!), people };
    const id = (await clients.screener!.api('POST', '/api/calls', call)).json.call
      .referralId as string;
    await clients.screener!.api('POST', `/api/calls/${id}/ratings`, { risk: 2, safety: 2 });
    await clients.screener!.api('POST', `/api/calls/${id}/reveal`);
    await clients.screener!.api('POST', `/api/calls/${id}/recommendation`, {
      recommendation: 'in',
    });
    assert.equal(
      (await clients.supervisor!.api('POST', `/api/calls/${id}/decision`, { decision: 'in' }))
        .status,
      200,
    );
    const secondCall = {
      allegation: 'neglect',
      receivedAt: receivedAtOf(other!),
      people: peopleOf(other!),
    };
    const individual = [id, ...people.map((p) => p.personId)];
    // A dispute waiting for the reviewer, on the first record the score read.
    const score = (await clients.screener!.api('GET', `/api/calls/${id}`)).json.call.score;
    const records = score.records as { personId: string; recordId: string }[];
    assert.ok(records.length >= 2, 'the call read records to dispute');
    const disputed = await clients.screener!.api('POST', '/api/disputes', {
      referralId: id,
      personId: records[0]!.personId,
      recordId: records[0]!.recordId,
      grounds: 'wrong',
    });
    assert.equal(disputed.status, 201, disputed.text);
    const disputeId = String(disputed.json.dispute.disputeId);
    const record = { referralId: id, ...records[1]! };
    // A family member of the decided call's household, signed in with a one-time code; the
    // family-code routes act on another adult, so they never end this member's session.
    const adults = adultsOf(from!);
    assert.ok(adults.length >= 2, 'two adults on the household');
    const familyCode = async () =>
      (
        await clients.screener!.api('POST', '/api/family-codes', {
          referralId: id,
          personId: adults[0],
        })
      ).json.code as string;
    clients.family = await familyClient(svc.app, await familyCode());
    // The family page names the record's person by their position on it, not by id.
    const recordPerson = String(
      (await pageOrder(svc.deps, id, adults[0]!)).indexOf(record.personId),
    );
    const sessionCsrf = new Map(Object.entries(clients).map(([w, c]) => [w, c.csrf]));
    const familyBody = { referralId: id, personId: adults[1]! };
    const otherPeople = secondCall.people.map((p) => p.personId);
    const principal = (who: string): Principal =>
      who === 'anonymous' ? null : who === 'family' ? 'family' : (who as StaffRole);
    /** The form token a browser would post: the sign-in forms' cookies, else the session's. */
    const csrfFor = (who: string, c: Client, p: RoutePolicy): string | null => {
      if (p.path === '/family/sign-in') return c.cookies.get('sl_family_sign_in') ?? null;
      if (who === 'anonymous' || (who === 'family' && p.access === 'public'))
        return c.cookies.get('sl_login') ?? null;
      return sessionCsrf.get(who) ?? null;
    };

    const registered = svc.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(
      new Set(registered),
      new Set(svc.routes.map((r) => `${r.method} ${r.path}`)),
      'every route has an access rule',
    );

    // Deactivating an account ends its sessions: those routes act on an account of their own.
    const spare = await createStaff(
      svc.db,
      'test',
      { username: 'spare', displayName: 'Spare', role: 'screener', password: PASSWORD },
      Date.now(),
      12,
    );
    let k = 0;
    const isSignOut = (r: RoutePolicy) => /\/(logout|sign-out)$/.test(r.path);
    const logouts = svc.routes.filter(isSignOut);
    for (const p of svc.routes.filter((r) => !isSignOut(r))) {
      const path =
        p.path.replace(
          ':id',
          /\/(de|re)activate$/.test(p.path)
            ? spare
            : p.path.includes('/users/')
              ? svc.userIds.screener
              : p.path.includes('/files/')
                ? 'audit'
                : p.path.startsWith('/disputes/') || p.path.startsWith('/api/disputes/')
                  ? disputeId
                  : id,
        ) +
        (p.path.endsWith('/disputes/new')
          ? `?${new URLSearchParams({ person: recordPerson, record: record.recordId })}`
          : '');
      for (const [who, c] of Object.entries(clients)) {
        const role = principal(who);
        // The sign-in forms' tokens are renewed with each form; a browser posts the latest.
        c.csrf = csrfFor(who, c, p);
        const r = await request(c, p, path, bodyFor(p.path, k++, secondCall, familyBody, record));
        const where = `${who} ${p.method} ${p.path} → ${r.status} ${r.text.slice(0, 160)}`;
        if (allows(p.access, role)) {
          assert.ok(r.status !== 403 && (p.access === 'public' || r.status !== 401), where);
        } else if (role === null) {
          assert.ok(
            r.status === 401 ||
              r.status === 403 ||
              (r.status === 303 &&
                r.headers.get('location') ===
                  (p.access === 'family' ? '/family/sign-in' : '/login')),
            where,
          );
        } else {
          assert.equal(r.status, 403, where);
          assert.ok(
            p.kind === 'web'
              ? /Not allowed/.test(r.text)
              : r.json.error.code === 'E_AUTH_FORBIDDEN',
            where,
          );
        }
        if (who === 'investigator') {
          const keys = r.json !== null ? [...keysOf(r.json)].filter((x) => SCORE_KEYS.has(x)) : [];
          assert.deepEqual(keys, [], `an investigator got score fields: ${where}`);
          if (r.headers.get('content-type')?.startsWith('text/html'))
            assert.doesNotMatch(
              r.text,
              SCORE_HTML,
              `an investigator got a score on a page: ${where}`,
            );
        }
        if (who === 'analyst') {
          for (const x of individual)
            assert.ok(!r.text.includes(x), `an analyst got ${x}: ${where}`);
        }
        if (who === 'family') {
          for (const x of otherPeople)
            assert.ok(!r.text.includes(x), `a family member got ${x}: ${where}`);
          if (p.access === 'family' && p.method === 'GET') assert.equal(r.status, 200, where);
        }
      }
    }
    for (const p of logouts) {
      for (const [who, c] of Object.entries(clients)) {
        c.csrf = csrfFor(who, c, p);
        const r = await request(c, p, p.path, {});
        const allowed = allows(p.access, principal(who));
        assert.equal(
          r.status === 401 || r.status === 403,
          !allowed,
          `${who} ${p.path} → ${r.status}`,
        );
        if (allowed && who === 'family') {
          // Signed out: the family page needs a new code.
          assert.equal((await c.get('/family')).headers.get('location'), '/family/sign-in');
          clients.family = await familyClient(svc.app, await familyCode());
          sessionCsrf.set(who, clients.family.csrf);
        } else if (allowed) {
          // Signed out: the next request needs a new session.
          assert.equal((await c.api('GET', '/api/me')).status, 401);
          Object.assign(c, await signIn(svc.app, who, PASSWORD));
          sessionCsrf.set(who, c.csrf);
        }
      }
    }
    const denied = await svc.db.all<{ n: number }>(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access_denied'",
    );
    assert.ok(denied[0]!.n > 50, `${denied[0]!.n} refusals audited`);
    const byFamily = await svc.db.all<{ n: number }>(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access_denied' AND actor LIKE 'family:%'",
    );
    assert.ok(byFamily[0]!.n > 10, `${byFamily[0]!.n} refusals of the family session audited`);
    assert.ok(
      (await auditEntriesOf(svc.db, `referral:${id}`)).some((e) => e.action === 'score_shown'),
    );
  },
);
