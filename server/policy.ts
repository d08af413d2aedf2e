/**
 * Who may call what: every route is registered through `route()` with the roles allowed on it,
 * and the guard checks the session's role before the handler runs. Family routes are their own
 * kind: only a family session (opened with a one-time code) passes them, and a family session
 * passes nothing else but the public routes. The list of routes and roles
 * is data (`RoutePolicy[]`), so the authorisation test tries every role on every route, and a
 * route registered any other way fails that test.
 */
import type { Context, Handler, Hono } from 'hono';
import { appendAudit, type StaffRole } from '../src/store/index.js';
import type { AppEnv } from './context.js';
import { fail } from './errors.js';

/**
 * Who may use a route: anyone (login pages), any signed-in staff member, listed roles, or a
 * signed-in family member (`family`).
 */
export type Access = 'public' | 'staff' | 'family' | readonly StaffRole[];

/** Who is asking: a staff role, a family member, or nobody signed in. */
export type Principal = StaffRole | 'family' | null;

/** One route and who may use it. */
export interface RoutePolicy {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly access: Access;
  /** `api` routes answer JSON; `web` routes answer pages. */
  readonly kind: 'api' | 'web';
}

/** Whether a staff role or a family member may use a route. */
export function allows(access: Access, who: Principal): boolean {
  if (access === 'public') return true;
  if (who === null) return false;
  if (access === 'family' || who === 'family') return access === who;
  return access === 'staff' || access.includes(who);
}

/** Registers one route with who may use it. */
export type On = (
  method: RoutePolicy['method'],
  path: string,
  access: Access,
  handler: Handler<AppEnv>,
) => void;

/** Registers routes with their access rules on an app, recording each in `policies`. */
export function router(app: Hono<AppEnv>, policies: RoutePolicy[]): On {
  return (
    method: RoutePolicy['method'],
    path: string,
    access: Access,
    handler: Handler<AppEnv>,
  ): void => {
    const kind = path.startsWith('/api/') ? 'api' : 'web';
    policies.push({ method, path, access, kind });
    const guarded: Handler<AppEnv> = async (c, next) => {
      await guard(c, access);
      return handler(c, next);
    };
    if (method === 'GET') app.get(path, guarded);
    else app.post(path, guarded);
  };
}

/**
 * Refuses a request whose session may not use a route: E_AUTH_REQUIRED without a session,
 * E_AUTH_FORBIDDEN (recorded in the audit log) for a role that is not allowed, a staff session on
 * a family route, or a family session on a staff route.
 */
async function guard(c: Context<AppEnv>, access: Access): Promise<void> {
  const staff = c.get('staff');
  const family = c.get('family');
  if (access === 'family') {
    if (family !== null) return;
    if (staff === null) fail('E_AUTH_REQUIRED', 'sign in with your family access code first');
    await denied(c, staff.userId, staff.role);
    fail(
      'E_AUTH_FORBIDDEN',
      'staff accounts may not use the family pages: they are for the family member a code was given to',
    );
  }
  if (allows(access, staff?.role ?? null)) return;
  if (staff === null) {
    if (family === null) fail('E_AUTH_REQUIRED', 'sign in first');
    await denied(c, `family:${family.personId}`, 'family');
    fail('E_AUTH_FORBIDDEN', 'a family access code opens the family page only');
  }
  await denied(c, staff.userId, staff.role);
  fail('E_AUTH_FORBIDDEN', `the ${staff.role} role may not use this page or action`);
}

/** Records a refusal in the audit log. */
async function denied(c: Context<AppEnv>, actor: string, role: string): Promise<void> {
  const deps = c.get('deps');
  await deps.db.tx((sql) =>
    appendAudit(sql, new Date(deps.clock()).toISOString(), [
      {
        actor,
        action: 'access_denied',
        subject: `route:${c.req.method} ${c.req.routePath}`,
        details: { role },
      },
    ]),
  );
}
