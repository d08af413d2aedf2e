/** The client address of a request, for rate limits only (it is never logged or stored). */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../context.js';

/** The remote address (the first X-Forwarded-For hop when a proxy is trusted), or `local`. */
export function clientKey(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local'; // app.request() in tests has no socket
  }
}
