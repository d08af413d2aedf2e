/**
 * The pages' routes, registered with the roles allowed on each (server/policy.ts). Forms post to
 * these routes and are redirected back to a page (post/redirect/get), so reloading never repeats
 * an action; every form carries the session's CSRF token; input goes through the same schemas and
 * workflow functions as the JSON API.
 */
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { isSightlineError } from '../src/core/index.js';
import type { AppEnv, Deps, Staff } from '../server/context.js';
import type { On } from '../server/policy.js';
import { parseInput, fail } from '../server/errors.js';
import { Decision, Login, NewCall, NewUser, Ratings, Recommendation } from '../server/schemas.js';
import { login, logout } from '../server/auth/login.js';
import { LOGIN_CSRF_COOKIE } from '../server/auth/csrf.js';
import { isHttps, newToken } from '../server/auth/session.js';
import { createCall } from '../server/workflow/create-call.js';
import { decide, recommend, recordRatings } from '../server/workflow/steps.js';
import { revealScore } from '../server/workflow/reveal.js';
import { cases, myCalls, queue, viewCall, viewCase } from '../server/workflow/views.js';
import { serviceReport } from '../server/workflow/reports.js';
import { availableReports, reportHtml } from '../server/workflow/report-files.js';
import {
  createStaff,
  deactivateStaff,
  reactivateStaff,
  staffList,
  unlockStaff,
} from '../server/workflow/staff.js';
import { auditStatus } from '../server/workflow/audit-status.js';
import { sampleHousehold } from '../server/workflow/sample.js';
import { disputesOnReferral } from '../server/disputes/index.js';
import { disputeRoutes } from './dispute-routes.js';
import { STYLE_CSS } from './style.js';
import { HOME } from './pages/layout.js';
import { loginPage } from './pages/login.js';
import { callPage } from './pages/call.js';
import { callFromForm, newCallPage, type FormValues } from './pages/new-call.js';
import { casePage, casesPage, myCallsPage, queuePage } from './pages/lists.js';
import { reportsPage } from './pages/reports.js';
import { adminPage } from './pages/admin.js';
import { familyAccessHtml } from './family-routes.js';
import { form } from './form.js';

const me = (c: Context<AppEnv>): Staff => c.get('staff')!;
const id = (c: Context<AppEnv>): string => c.req.param('id')!;
const home = (s: Staff | null) => (s === null ? '/login' : (HOME[s.role] ?? '/login'));
/** The fields of `v` a schema expects (a form also carries buttons and the CSRF token). */
const pick = (v: FormValues, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => (v[k] ?? '') !== '').map((k) => [k, v[k]]));

/** Registers the page routes. */
export function webRoutes(on: On, deps: Deps): void {
  const bins = deps.scorer.file.scale.kind === 'quantile' ? deps.scorer.file.scale.bins : 20;
  on('GET', '/static/style.css', 'public', (c) =>
    c.body(STYLE_CSS, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );
  on('GET', '/', 'public', (c) => c.redirect(home(c.get('staff')), 303));
  const loginForm = (c: Context<AppEnv>, error: string | null, status: 200 | 400 | 401 | 429) => {
    const token = newToken();
    setCookie(c, LOGIN_CSRF_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/login',
      secure: isHttps(c, deps.options.trustProxy),
    });
    return c.html(loginPage(token, error, deps.options.demo), status);
  };
  on('GET', '/login', 'public', (c) =>
    c.get('staff') !== null ? c.redirect(home(c.get('staff')), 303) : loginForm(c, null, 200),
  );
  on('POST', '/login', 'public', async (c) => {
    const v = await form(c);
    try {
      // Empty fields are kept (not picked out) so that the message says which one is empty.
      const b = parseInput(
        Login,
        { username: v.username ?? '', password: v.password ?? '' },
        'login',
      );
      const staff = await login(c, deps, b.username, b.password);
      return c.redirect(home(staff), 303);
    } catch (e) {
      if (isSightlineError(e, 'E_INPUT')) return loginForm(c, e.message, 400);
      if (isSightlineError(e, 'E_AUTH_FAILED')) return loginForm(c, e.message, 401);
      if (isSightlineError(e, 'E_RATE_LIMITED')) return loginForm(c, e.message, 429);
      throw e;
    }
  });
  on('POST', '/logout', 'staff', async (c) => {
    await logout(c, deps, me(c));
    return c.redirect('/login', 303);
  });

  on('GET', '/calls', ['screener'], async (c) =>
    c.html(myCallsPage(me(c), await myCalls(deps, me(c)))),
  );
  on('GET', '/calls/new', ['screener'], async (c) => {
    const n = Number(c.req.query('sample') ?? 'NaN');
    const values: Record<string, string> = {};
    if (deps.options.demo && Number.isInteger(n)) {
      (await sampleHousehold(deps, n)).slice(0, 10).forEach((p, i) => {
        values[`p${i}_id`] = p.personId;
        values[`p${i}_role`] = p.role;
      });
    }
    const next = deps.options.demo ? (Number.isInteger(n) ? n + 1 : 0) : null;
    return c.html(newCallPage(me(c), values, [], next));
  });
  on('POST', '/calls', ['screener'], async (c) => {
    const v = await form(c);
    try {
      const call = parseInput(NewCall, callFromForm(v), 'call');
      return c.redirect(`/calls/${await createCall(deps, me(c), call)}`, 303);
    } catch (e) {
      if (!isSightlineError(e, 'E_INPUT') && !isSightlineError(e, 'E_STORE_CONFLICT')) throw e;
      const issues = (e.details.issues as { field: string; message: string }[] | undefined) ?? [
        { field: 'call', message: e.message },
      ];
      return c.html(
        newCallPage(
          me(c),
          v,
          issues.map((i) => `${i.field}: ${i.message}`),
          deps.options.demo ? 0 : null,
        ),
        400,
      );
    }
  });
  const showCall = async (
    c: Context<AppEnv>,
    error: string | null = null,
    status: 200 | 400 = 200,
  ) => {
    const v = await viewCall(deps, me(c), id(c));
    return c.html(
      callPage(
        me(c),
        v,
        bins,
        error,
        await disputesOnReferral(deps, id(c)),
        await familyAccessHtml(c, deps, v),
      ),
      status,
    );
  };
  on('GET', '/calls/:id', ['screener', 'supervisor'], (c) => showCall(c));
  on('POST', '/calls/:id/ratings', ['screener'], async (c) => {
    const r = parseInput(Ratings, pick(await form(c), ['risk', 'safety']), 'ratings');
    await recordRatings(deps, me(c), id(c), r.risk, r.safety);
    return c.redirect(`/calls/${id(c)}`, 303);
  });
  on('POST', '/calls/:id/reveal', ['screener'], async (c) => {
    // Audited with the store's change (the score released); the page then records its display.
    await revealScore(deps, me(c), id(c));
    return c.redirect(`/calls/${id(c)}#score-h`, 303);
  });
  on('POST', '/calls/:id/recommendation', ['screener'], async (c) => {
    const r = parseInput(
      Recommendation,
      pick(await form(c), ['recommendation', 'note']),
      'recommendation',
    );
    await recommend(deps, me(c), id(c), r.recommendation, r.note ?? null);
    return c.redirect(`/calls/${id(c)}`, 303);
  });
  on('GET', '/queue', ['supervisor'], async (c) =>
    c.html(queuePage(me(c), await queue(deps, me(c)))),
  );
  on('POST', '/calls/:id/decision', ['supervisor'], async (c) => {
    try {
      const d = parseInput(Decision, pick(await form(c), ['decision', 'reason']), 'decision');
      await decide(deps, me(c), id(c), d.decision, d.reason ?? null);
      return c.redirect('/queue', 303);
    } catch (e) {
      if (!isSightlineError(e, 'E_INPUT')) throw e;
      return showCall(c, e.message, 400);
    }
  });
  disputeRoutes(on, deps);

  on('GET', '/cases', ['investigator'], async (c) => c.html(casesPage(me(c), await cases(deps))));
  on('GET', '/cases/:id', ['investigator'], async (c) =>
    c.html(casePage(me(c), await viewCase(deps, id(c)))),
  );

  on('GET', '/reports', ['analyst'], async (c) =>
    c.html(
      reportsPage(
        me(c),
        await serviceReport(deps),
        await availableReports(deps.options.reportsDir),
      ),
    ),
  );
  on('GET', '/reports/files/:id', ['analyst'], async (c) => {
    const text = await reportHtml(deps.options.reportsDir, id(c));
    if (text === null) fail('E_NOT_FOUND', `report ${id(c)} has not been generated`);
    // Reports are self-contained pages with inline styles and charts, and no scripts.
    return c.html(text, 200, {
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    });
  });

  const admin = async (c: Context<AppEnv>, message: string | null) =>
    c.html(
      adminPage(me(c), await staffList(deps.db, deps.clock()), await auditStatus(deps), message),
    );
  on('GET', '/admin', ['administrator'], (c) => admin(c, null));
  on('POST', '/admin/users', ['administrator'], async (c) => {
    const u = parseInput(
      NewUser,
      pick(await form(c), ['username', 'displayName', 'role', 'password']),
      'account',
    );
    await createStaff(deps.db, me(c).userId, u, deps.clock(), deps.options.scryptLogN);
    return admin(c, `Account ${u.username} created.`);
  });
  on('POST', '/admin/users/:id/unlock', ['administrator'], async (c) => {
    await unlockStaff(deps.db, me(c).userId, id(c), deps.clock());
    return admin(c, 'Account unlocked.');
  });
  on('POST', '/admin/users/:id/deactivate', ['administrator'], async (c) => {
    const r = await deactivateStaff(deps.db, me(c).userId, id(c), deps.clock());
    return admin(
      c,
      `Account deactivated; ${r.sessionsEnded} session${r.sessionsEnded === 1 ? '' : 's'} ended.`,
    );
  });
  on('POST', '/admin/users/:id/reactivate', ['administrator'], async (c) => {
    await reactivateStaff(deps.db, me(c).userId, id(c), deps.clock());
    return admin(c, 'Account reactivated.');
  });
}
