/**
 * A posted form's string fields, without its CSRF token (checked before any route runs): what
 * every page route that takes a form reads.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../server/context.js';
import type { FormValues } from './pages/new-call.js';

/** The string fields of the request's form body, `_csrf` left out. */
export async function form(c: Context<AppEnv>): Promise<FormValues> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}
