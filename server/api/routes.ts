/**
 * The JSON API. Every body is validated (schemas.ts) before anything else; every answer is JSON;
 * errors are `{ error: { code, message, issues? } }` with the status of their code. Routes and
 * the roles allowed on each are registered here and tested by trying every role on every route.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv, Deps, Staff } from '../context.js';
import { parseInput, fail } from '../errors.js';
import type { On } from '../policy.js';
import {
  Decision,
  DisputeDecision,
  Login,
  NewCall,
  NewDispute,
  NewUser,
  Ratings,
  Recommendation,
} from '../schemas.js';
import { login, logout } from '../auth/login.js';
import { createCall } from '../workflow/create-call.js';
import { decide, recommend, recordRatings } from '../workflow/steps.js';
import { reveal } from '../workflow/reveal.js';
import { cases, myCalls, queue, viewCall, viewCase } from '../workflow/views.js';
import { serviceReport } from '../workflow/reports.js';
import {
  createStaff,
  deactivateStaff,
  reactivateStaff,
  staffList,
  unlockStaff,
} from '../workflow/staff.js';
import { scoreWords } from '../score/words.js';
import { auditStatus } from '../workflow/audit-status.js';
import { availableReports } from '../workflow/report-files.js';
import { sampleHousehold } from '../workflow/sample.js';
import {
  decideDispute,
  disputeQueue,
  openDispute,
  parseDisputeId,
  viewDispute,
} from '../disputes/index.js';

async function body<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  what: string,
): Promise<z.infer<S>> {
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    fail('E_INPUT', `invalid ${what}: the body is not JSON`, {
      issues: [{ field: '(body)', message: 'is not JSON' }],
    });
  }
  return parseInput(schema, value, what);
}

const me = (c: Context<AppEnv>): Staff => c.get('staff')!;
const id = (c: Context<AppEnv>): string => c.req.param('id')!;
const who = (s: Staff) => ({ username: s.username, displayName: s.displayName, role: s.role });

/** Registers the API routes. */
export function apiRoutes(on: On, deps: Deps): void {
  const bins = deps.scorer.file.scale.kind === 'quantile' ? deps.scorer.file.scale.bins : 20;
  on('GET', '/api/health', 'public', (c) => c.json({ ok: true, database: deps.db.dialect }));
  on('POST', '/api/login', 'public', async (c) => {
    const b = await body(c, Login, 'login');
    const staff = await login(c, deps, b.username, b.password);
    return c.json({ user: who(staff), csrfToken: staff.csrf });
  });
  on('POST', '/api/logout', 'staff', async (c) => {
    await logout(c, deps, me(c));
    return c.json({ ok: true });
  });
  on('GET', '/api/me', 'staff', (c) => c.json({ user: who(me(c)), csrfToken: me(c).csrf }));

  on('POST', '/api/calls', ['screener'], async (c) => {
    const referralId = await createCall(deps, me(c), await body(c, NewCall, 'call'));
    return c.json({ call: await viewCall(deps, me(c), referralId) }, 201);
  });
  on('GET', '/api/calls', ['screener'], async (c) => c.json({ calls: await myCalls(deps, me(c)) }));
  on('GET', '/api/calls/:id', ['screener', 'supervisor'], async (c) => {
    const call = await viewCall(deps, me(c), id(c));
    return c.json({ call, words: call.score !== null ? scoreWords(call.score, bins) : null });
  });
  on('POST', '/api/calls/:id/ratings', ['screener'], async (c) => {
    const b = await body(c, Ratings, 'ratings');
    await recordRatings(deps, me(c), id(c), b.risk, b.safety);
    return c.json({ ok: true });
  });
  on('POST', '/api/calls/:id/reveal', ['screener'], async (c) => {
    // The stored text of the score is the answer's `score` (not serialised a second time).
    const r = await reveal(deps, me(c), id(c));
    const words = JSON.stringify(scoreWords(r.score, bins));
    return c.body(`{"score":${r.json},"words":${words}}`, 200, {
      'content-type': 'application/json',
    });
  });
  on('POST', '/api/calls/:id/recommendation', ['screener'], async (c) => {
    const b = await body(c, Recommendation, 'recommendation');
    await recommend(deps, me(c), id(c), b.recommendation, b.note ?? null);
    return c.json({ ok: true });
  });
  on('GET', '/api/queue', ['supervisor'], async (c) => c.json({ calls: await queue(deps, me(c)) }));
  on('POST', '/api/calls/:id/decision', ['supervisor'], async (c) => {
    const b = await body(c, Decision, 'decision');
    const r = await decide(deps, me(c), id(c), b.decision, b.reason ?? null);
    return c.json({ ok: true, override: r.override });
  });

  on('GET', '/api/cases', ['investigator'], async (c) => c.json({ cases: await cases(deps) }));
  on('GET', '/api/cases/:id', ['investigator'], async (c) =>
    c.json({ case: await viewCase(deps, id(c)) }),
  );

  on('GET', '/api/reports/service', ['analyst'], async (c) =>
    c.json({ report: await serviceReport(deps) }),
  );
  on('GET', '/api/reports', ['analyst'], async (c) =>
    c.json({ reports: await availableReports(deps.options.reportsDir) }),
  );

  on('POST', '/api/disputes', ['screener'], async (c) => {
    const b = await body(c, NewDispute, 'dispute');
    const dispute = await openDispute(deps, { kind: 'staff', userId: me(c).userId }, b);
    return c.json({ dispute }, 201);
  });
  on('GET', '/api/disputes', ['reviewer'], async (c) => c.json(await disputeQueue(deps)));
  on('GET', '/api/disputes/:id', ['reviewer'], async (c) =>
    c.json({ dispute: await viewDispute(deps, me(c), parseDisputeId(id(c))) }),
  );
  on('POST', '/api/disputes/:id/decision', ['reviewer'], async (c) => {
    const b = await body(c, DisputeDecision, 'decision');
    return c.json({ dispute: await decideDispute(deps, me(c), parseDisputeId(id(c)), b) });
  });

  on('GET', '/api/admin/users', ['administrator'], async (c) =>
    c.json({ users: await staffList(deps.db, deps.clock()) }),
  );
  on('POST', '/api/admin/users', ['administrator'], async (c) => {
    const b = await body(c, NewUser, 'account');
    const userId = await createStaff(
      deps.db,
      me(c).userId,
      b,
      deps.clock(),
      deps.options.scryptLogN,
    );
    return c.json({ userId }, 201);
  });
  on('POST', '/api/admin/users/:id/unlock', ['administrator'], async (c) => {
    await unlockStaff(deps.db, me(c).userId, id(c), deps.clock());
    return c.json({ ok: true });
  });
  on('POST', '/api/admin/users/:id/deactivate', ['administrator'], async (c) =>
    c.json({ ok: true, ...(await deactivateStaff(deps.db, me(c).userId, id(c), deps.clock())) }),
  );
  on('POST', '/api/admin/users/:id/reactivate', ['administrator'], async (c) =>
    c.json({ ok: true, ...(await reactivateStaff(deps.db, me(c).userId, id(c), deps.clock())) }),
  );
  on('GET', '/api/admin/audit', ['administrator'], async (c) =>
    c.json({ audit: await auditStatus(deps) }),
  );
  if (deps.options.demo) {
    on('GET', '/api/demo/household', ['screener'], async (c) =>
      c.json({ people: await sampleHousehold(deps, Number(c.req.query('n') ?? '0')) }),
    );
  }
}
