/**
 * Family sessions: opened by redeeming a one-time code, held in their own cookie (`sl_family`,
 * HttpOnly, SameSite=Strict, Secure over HTTPS, sent only to /family), with the token's SHA-256
 * in the database. They are short: 20 idle minutes, 2 hours at most (options). Each has its own
 * CSRF token for the family page's forms.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sha256 } from '../../src/core/index.js';
import {
  endFamilySession,
  familySessionByHash,
  insertFamilySession,
  touchFamilySession,
  type Sql,
} from '../../src/store/index.js';
import type { AppEnv, Deps, Family } from '../context.js';
import { isHttps, newToken } from '../auth/session.js';

/** The family session cookie's name. */
export const FAMILY_COOKIE = 'sl_family';
/** The family sign-in form's double-submit CSRF cookie. */
export const FAMILY_SIGN_IN_COOKIE = 'sl_family_sign_in';
/** The path every family page lives under (and the family cookie's path). */
export const FAMILY_PATH = '/family';
const TOUCH_MS = 60_000;

/** Starts a family session inside `sql` (the redeeming transaction); sets the cookie. */
export async function startFamilySession(
  c: Context<AppEnv>,
  sql: Sql,
  deps: Deps,
  who: { personId: string; referralId: string },
): Promise<Family> {
  const token = newToken();
  const csrf = newToken();
  const nowMs = deps.clock();
  const tokenHash = sha256(token);
  const expiresMs = nowMs + deps.options.familySessionMaxMs;
  await insertFamilySession(sql, { tokenHash, ...who, csrf, nowMs, expiresMs });
  setCookie(c, FAMILY_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c, deps.options.trustProxy),
    path: FAMILY_PATH,
    maxAge: Math.floor(deps.options.familySessionMaxMs / 1000),
  });
  return { ...who, csrf, tokenHash, expiresMs };
}

/** The family member of a request's family cookie, or null (expired sessions are ended). */
export async function sessionFamily(c: Context<AppEnv>, deps: Deps): Promise<Family | null> {
  const token = getCookie(c, FAMILY_COOKIE);
  if (token === undefined || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = sha256(token);
  // Latest: a session is usable only once its sign-in was on disk; an ending not yet on disk refuses.
  const s = await familySessionByHash(deps.db.latest, tokenHash);
  if (s === undefined) return null;
  const nowMs = deps.clock();
  if (nowMs >= s.expires_ms || nowMs - s.seen_ms >= deps.options.familySessionIdleMs) {
    await endFamilySession(deps.db, tokenHash, nowMs);
    return null;
  }
  if (nowMs - s.seen_ms >= TOUCH_MS) await touchFamilySession(deps.db, tokenHash, nowMs);
  return {
    personId: s.person_id,
    referralId: s.referral_id,
    csrf: s.csrf_token,
    tokenHash,
    expiresMs: s.expires_ms,
  };
}

/** Clears the family cookie. */
export function clearFamilyCookie(c: Context<AppEnv>): void {
  deleteCookie(c, FAMILY_COOKIE, { path: FAMILY_PATH });
}

/** Sets a fresh sign-in form token in its cookie and returns it. */
export function familySignInToken(c: Context<AppEnv>, deps: Deps): string {
  const token = newToken();
  setCookie(c, FAMILY_SIGN_IN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: FAMILY_PATH,
    secure: isHttps(c, deps.options.trustProxy),
  });
  return token;
}
