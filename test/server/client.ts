/** A test client of the service through `app.request()` (no socket), with its session cookie. */
import type { Hono } from 'hono';
import type { AppEnv } from '../../server/context.js';

/** A response, read once. */
export interface Reply {
  readonly status: number;
  readonly text: string;
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly headers: Headers;
}

/** A client: its cookie jar (session and login cookies) and CSRF token. */
export interface Client {
  cookies: Map<string, string>;
  csrf: string | null;
  /** A JSON request (POST bodies as JSON with the CSRF header). */
  api(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  /** A form post (urlencoded, with `_csrf` unless given). */
  form(
    path: string,
    fields: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  /** A page. */
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
}

function absorb(c: Client, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    if (value === '' || /max-age=0/i.test(line)) c.cookies.delete(name);
    else c.cookies.set(name, value);
  }
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** A client with no session. */
export function client(app: Hono<AppEnv>): Client {
  const c: Client = {
    cookies: new Map(),
    csrf: null,
    async api(method, path, body, headers = {}) {
      const h: Record<string, string> = { ...cookieHeader(c), ...headers };
      if (method === 'POST') {
        h['content-type'] ??= 'application/json';
        if (c.csrf !== null) h['x-csrf-token'] ??= c.csrf;
      }
      const res = await app.request(path, {
        method,
        headers: h,
        ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
      });
      absorb(c, res);
      return reply(res);
    },
    async form(path, fields, headers = {}) {
      const all = { ...(c.csrf !== null ? { _csrf: c.csrf } : {}), ...fields };
      const res = await app.request(path, {
        method: 'POST',
        headers: {
          ...cookieHeader(c),
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        },
        body: new URLSearchParams(all).toString(),
      });
      absorb(c, res);
      return reply(res);
    },
    async get(path, headers = {}) {
      const res = await app.request(path, { headers: { ...cookieHeader(c), ...headers } });
      absorb(c, res);
      return reply(res);
    },
  };
  return c;
}

function cookieHeader(c: Client): Record<string, string> {
  if (c.cookies.size === 0) return {};
  return { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
}

/** Signs in through the API; throws when it fails. */
export async function signIn(
  app: Hono<AppEnv>,
  username: string,
  password: string,
): Promise<Client> {
  const c = client(app);
  const r = await c.api('POST', '/api/login', { username, password });
  if (r.status !== 200) throw new Error(`login of ${username} failed: ${r.status} ${r.text}`);
  c.csrf = r.json.csrfToken;
  return c;
}
