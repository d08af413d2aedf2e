/** Opening a store from its URL: the right database, migrated to this version's schema. */
import type { Db } from './sql.js';
import { parseStoreUrl } from './url.js';
import { openSqlite } from './sqlite-db.js';
import { openPostgres } from './postgres-db.js';
import { migrate, type MigrationReport } from './migrations.js';

/**
 * Connects to the database a URL names, without migrating (for read-only tools).
 * @throws SightlineError E_STORE_URL, E_STORE_OPEN or E_STORE_CONNECT.
 */
export async function openDb(url: string, o: { poolSize?: number } = {}): Promise<Db> {
  const loc = parseStoreUrl(url);
  if (loc.kind === 'sqlite') return openSqlite(loc.path);
  return openPostgres({
    connectionString: loc.connectionString,
    ...(loc.schema !== undefined ? { schema: loc.schema } : {}),
    ...(o.poolSize !== undefined ? { max: o.poolSize } : {}),
  });
}

/**
 * Connects and applies pending migrations; `now` (ISO datetime) is recorded with each one.
 * @example const { db } = await openStore('sightline.db', new Date().toISOString())
 */
export async function openStore(
  url: string,
  now: string,
  o: { poolSize?: number } = {},
): Promise<{ db: Db; migration: MigrationReport }> {
  const db = await openDb(url, o);
  try {
    return { db, migration: await migrate(db, now) };
  } catch (e) {
    await db.close();
    throw e;
  }
}
