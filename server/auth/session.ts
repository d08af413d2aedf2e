/**
 * Sessions: a random 256-bit token in an HttpOnly, SameSite=Strict cookie (Secure when the request
 * came over HTTPS); the database holds only its SHA-256. A session ends after 30 idle minutes or
 * 12 hours (options), at logout, or when the account is deactivated. Each session has its own
 * CSRF token, sent back with every state-changing request.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sha256 } from '../../src/core/index.js';
import {
  endSession,
  insertSession,
  sessionByHash,
  touchSession,
  type Sql,
  type UserRow,
} from '../../src/store/index.js';
import type { AppEnv, Deps, Staff } from '../context.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'sl_session';
/** How stale `seen_ms` may get before a request refreshes it (saves a write per request). */
const TOUCH_MS = 60_000;

/** A fresh random token, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether the request reached us over HTTPS (directly, or through a trusted proxy). */
export function isHttps(c: Context<AppEnv>, trustProxy: boolean): boolean {
  if (trustProxy && c.req.header('x-forwarded-proto') === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/** Starts a session for `user` inside `sql` (the login's transaction); sets the cookie. */
export async function startSession(
  c: Context<AppEnv>,
  sql: Sql,
  deps: Deps,
  user: UserRow,
): Promise<Staff> {
  const token = newToken();
  const csrf = newToken();
  const nowMs = deps.clock();
  const tokenHash = sha256(token);
  await insertSession(sql, {
    tokenHash,
    userId: user.user_id,
    csrf,
    nowMs,
    expiresMs: nowMs + deps.options.sessionMaxMs,
  });
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c, deps.options.trustProxy),
    path: '/',
    maxAge: Math.floor(deps.options.sessionMaxMs / 1000),
  });
  return {
    userId: user.user_id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    csrf,
    tokenHash,
  };
}

/** The staff member of a request's session cookie, or null (expired sessions are ended). */
export async function sessionStaff(c: Context<AppEnv>, deps: Deps): Promise<Staff | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token === undefined || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = sha256(token);
  // Latest: a session is usable only once its login was on disk; an ending not yet on disk refuses.
  const s = await sessionByHash(deps.db.latest, tokenHash);
  if (s === undefined) return null;
  const nowMs = deps.clock();
  if (s.active !== 1 || nowMs >= s.expires_ms || nowMs - s.seen_ms >= deps.options.sessionIdleMs) {
    await endSession(deps.db, tokenHash, nowMs);
    return null;
  }
  if (nowMs - s.seen_ms >= TOUCH_MS) await touchSession(deps.db, tokenHash, nowMs);
  return {
    userId: s.user_id,
    username: s.username,
    displayName: s.display_name,
    role: s.role,
    csrf: s.csrf_token,
    tokenHash,
  };
}

/** Clears the session cookie. */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
