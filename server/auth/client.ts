/** The client address of a request, for rate limits only (it is never logged or stored). */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../context.js';

/**
 * The remote address, or `local`. With a trusted proxy, the last X-Forwarded-For entry: the
 * address the proxy saw and appended; the entries before it are whatever the client sent, so one
 * of them would let a client pick a fresh rate-limit key for every request.
 */
export function clientKey(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local'; // app.request() in tests has no socket
  }
}
