/**
 * Store locations as one connection URL: a SQLite file by default (zero set-up), PostgreSQL for a
 * county deployment.
 * - `sqlite:PATH`, `sqlite://PATH`, or a bare path (`sightline.db`) → a SQLite file; `:memory:`
 *   → a private in-memory database;
 * - `postgres://USER@HOST:PORT/DB` or `postgresql://...`, with an optional `?schema=NAME` that
 *   keeps the tables in their own schema.
 */
import { SightlineError } from '../core/index.js';

/** A parsed store location. */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'postgres';
      readonly connectionString: string;
      readonly schema?: string;
    };

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Parses a `--db` value.
 * @throws SightlineError E_STORE_URL for an unknown scheme or a bad schema name.
 * @example parseStoreUrl('postgres://127.0.0.1:5432/test?schema=s1').kind === 'postgres'
 */
export function parseStoreUrl(url: string): StoreLocation {
  const text = url.trim();
  if (text === '') throw bad(url, 'it is empty');
  if (/^postgres(ql)?:\/\//i.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw bad(url, 'it is not a valid URL');
    }
    const schema = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    if (schema !== null && !IDENT.test(schema)) {
      throw bad(url, `schema "${schema}" is not a lower-case SQL identifier`);
    }
    return {
      kind: 'postgres',
      connectionString: parsed.toString(),
      ...(schema !== null ? { schema } : {}),
    };
  }
  const sqlite = /^sqlite:(\/\/)?(.*)$/i.exec(text);
  if (sqlite !== null) {
    if (sqlite[2] === '') throw bad(url, 'it names no file');
    return { kind: 'sqlite', path: sqlite[2]! };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw bad(url, 'its scheme is not supported');
  return { kind: 'sqlite', path: text };
}

/** The URL with any password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

function bad(url: string, why: string): SightlineError {
  return new SightlineError(
    'E_STORE_URL',
    `invalid --db: ${JSON.stringify(redactUrl(url))} (${why}). Fix: give a SQLite file (sightline.db or sqlite:PATH) or postgres://USER@HOST:PORT/DB[?schema=NAME].`,
    { url: redactUrl(url) },
  );
}
