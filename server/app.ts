/**
 * The decision-support service as a Hono app: security headers, a request log without personal
 * data, sessions (staff, and family members signed in with a one-time code), rate limits, a limit
 * on the size of request bodies, CSRF checks, then the JSON API (server/api) and the pages (web/),
 * every route registered with the roles allowed on it (policy.ts). Tests drive it through
 * `app.request()`; `sightline serve` puts it on a socket.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { randomUUID } from 'node:crypto';
import { isSightlineError } from '../src/core/index.js';
import type { AppEnv, Deps } from './context.js';
import { fail, statusOf } from './errors.js';
import { router, type RoutePolicy } from './policy.js';
import { sessionStaff } from './auth/session.js';
import { clientKey } from './auth/client.js';
import { checkCsrf } from './auth/csrf.js';
import { sessionFamily } from './family/session.js';
import { apiRoutes } from './api/routes.js';
import { familyApiRoutes } from './api/family-routes.js';
import { webRoutes } from '../web/routes.js';
import { familyWebRoutes } from '../web/family-routes.js';
import { errorPage } from '../web/pages/error.js';
import { familyErrorPage } from '../web/pages/family.js';

/** The app and the list of its routes with their access rules. */
export interface ServiceApp {
  readonly app: Hono<AppEnv>;
  readonly routes: readonly RoutePolicy[];
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * The largest request body accepted, in bytes: several times the largest legitimate one (a call
 * naming 40 people with every detail is about 10 KB; a 2,000-character note in a form, every
 * character percent-encoded from three UTF-8 bytes, 18 KB), and small enough that no request can
 * make the service hold much in memory — bodies are read before any route runs (the CSRF check).
 */
export const MAX_BODY_BYTES = 128 * 1024;

/** Builds the service. */
export function createApp(deps: Deps): ServiceApp {
  const app = new Hono<AppEnv>();
  const routes: RoutePolicy[] = [];
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('deps', deps);
    c.set('staff', null);
    c.set('family', null);
    c.set('requestId', randomUUID());
    try {
      await next();
    } finally {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
        if (!c.res.headers.has(k)) c.res.headers.set(k, v);
      }
      const staff = c.get('staff');
      deps.log({
        t: new Date(deps.clock()).toISOString(),
        id: c.get('requestId'),
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        role: staff?.role ?? (c.get('family') !== null ? 'family' : null),
      });
    }
  });
  app.use('*', async (c, next) => {
    const staff = await sessionStaff(c, deps);
    c.set('staff', staff);
    const family = await sessionFamily(c, deps);
    c.set('family', family);
    const key =
      staff !== null
        ? `s:${staff.tokenHash}`
        : family !== null
          ? `f:${family.tokenHash}`
          : `a:${clientKey(c, deps.options.trustProxy)}`;
    const limit = deps.options.requestsPerMinute;
    const nowMs = deps.clock();
    if (!deps.limiter.take(key, limit, nowMs)) {
      c.header('Retry-After', String(deps.limiter.retryAfter(key, limit, nowMs)));
      return respondError(
        c,
        429,
        'E_RATE_LIMITED',
        'too many requests; wait a moment and try again',
      );
    }
    return next();
  });
  // After the rate limit, before anything reads a body (the CSRF check reads a form's).
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () =>
        fail(
          'E_BODY_TOO_LARGE',
          `the request body is larger than ${MAX_BODY_BYTES / 1024} KiB, the most this service accepts; send a smaller one (a call names at most 40 people, a note at most 2,000 characters)`,
        ),
    }),
  );
  app.use('*', async (c, next) => {
    await checkCsrf(c);
    return next();
  });
  const on = router(app, routes);
  apiRoutes(on, deps);
  familyApiRoutes(on, deps);
  webRoutes(on, deps);
  familyWebRoutes(on, deps);
  app.notFound((c) => respondError(c, 404, 'E_NOT_FOUND', 'there is no such page or endpoint'));
  app.onError((e, c) => {
    const status = statusOf(e);
    if (!isSightlineError(e)) {
      // The error's name and where it was thrown only: a message may quote a person's data.
      const where = (e.stack ?? '').split('\n')[1]?.trim() ?? '';
      deps.log({
        t: new Date(deps.clock()).toISOString(),
        id: c.get('requestId'),
        error: e.name,
        where,
        route: c.req.routePath,
      });
      return respondError(
        c,
        500,
        'E_INTERNAL',
        `something went wrong (request ${c.get('requestId')}); it has been logged`,
      );
    }
    return respondError(c, status, e.code, e.message, e.details);
  });
  return { app, routes };
}

/** An error as JSON (API) or as a page (everything else). */
function respondError(
  c: Context<AppEnv>,
  status: number,
  code: string,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): Response {
  const s = status as 400;
  if (c.req.path.startsWith('/api/')) {
    const issues = (details as { issues?: unknown }).issues;
    return c.json({ error: { code, message, ...(issues !== undefined ? { issues } : {}) } }, s);
  }
  if (c.req.path === '/family' || c.req.path.startsWith('/family/')) {
    if (status === 401 && c.req.method === 'GET') return c.redirect('/family/sign-in', 303);
    return c.html(familyErrorPage(c.get('family'), status, code, message), s);
  }
  if (status === 401 && c.req.method === 'GET') return c.redirect('/login', 303);
  return c.html(errorPage(c.get('staff'), status, code, message), s);
}
