/**
 * Cross-site request forgery checks on every state-changing request: the Origin, when the browser
 * sends one, must be this service; JSON API calls must say `Content-Type: application/json` (a
 * cross-site form cannot) and carry the session's token in `X-CSRF-Token`; form posts carry it in
 * a hidden `_csrf` field. The login form, before any session exists, uses a double-submit cookie;
 * so does the family sign-in form, and the family pages' forms carry the family session's token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../context.js';
import { fail } from '../errors.js';
import { FAMILY_SIGN_IN_COOKIE } from '../family/session.js';

/** The cookie holding the login form's token. */
export const LOGIN_CSRF_COOKIE = 'sl_login';

/** Constant-time equality of two tokens (false when either is missing). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length || a.length === 0) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Throws E_AUTH_CSRF or E_MEDIA_TYPE when a state-changing request fails the checks. */
export async function checkCsrf(c: Context<AppEnv>): Promise<void> {
  if (SAFE.has(c.req.method)) return;
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    let host: string | null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== new URL(c.req.url).host)
      fail('E_AUTH_CSRF', 'this request came from another site and was refused');
  }
  const staff = c.get('staff');
  if (c.req.path.startsWith('/api/')) {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\b/i.test(type)) {
      fail('E_MEDIA_TYPE', 'send the request body as JSON with Content-Type: application/json');
    }
    if (staff !== null && !sameToken(c.req.header('x-csrf-token'), staff.csrf)) {
      fail(
        'E_AUTH_CSRF',
        'missing or wrong X-CSRF-Token header; use the csrfToken from login or /api/me',
      );
    }
    return;
  }
  const body = await c.req.parseBody();
  const token = typeof body._csrf === 'string' ? body._csrf : undefined;
  const path = c.req.path;
  const expected =
    path === '/family/sign-in'
      ? getCookie(c, FAMILY_SIGN_IN_COOKIE)
      : path.startsWith('/family/')
        ? c.get('family')?.csrf
        : staff !== null
          ? staff.csrf
          : getCookie(c, LOGIN_CSRF_COOKIE);
  if (!sameToken(token, expected)) {
    fail(
      'E_AUTH_CSRF',
      'this form has expired or did not come from this service; reload the page and try again',
    );
  }
}
