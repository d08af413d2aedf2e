/**
 * Applies the versioned migrations of schema-sql.ts: each once, in version order, all pending ones in one
 * transaction (PostgreSQL takes an advisory lock so two servers starting together do not race).
 * A database that a newer Sightline migrated, or whose applied migrations differ from this
 * version's text, is refused rather than guessed at.
 */
import { SightlineError, sha256 } from '../core/index.js';
import type { Db, Sql } from './sql.js';
import { MIGRATIONS, renderMigration, type Migration } from './schema-sql.js';

/** What migrate did: the versions it applied now and the version the database is at. */
export interface MigrationReport {
  readonly applied: readonly number[];
  readonly version: number;
}

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

const LOCK_KEY = 7_420_816;

/** The checksum recorded for a migration (of its template, the same for both databases). */
export function migrationChecksum(m: Migration): string {
  return sha256(m.sql);
}

/**
 * Brings the database to SCHEMA_VERSION.
 * @throws SightlineError E_STORE_TOO_NEW when the database is at a later version,
 *   E_STORE_MIGRATION_CHANGED when an applied migration's checksum differs.
 */
export async function migrate(db: Db, now: string): Promise<MigrationReport> {
  return db.tx(async (sql) => {
    if (db.dialect === 'postgres') await sql.run('SELECT pg_advisory_xact_lock(?)', [LOCK_KEY]);
    await sql.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = await appliedMigrations(sql);
    const newest = done.length > 0 ? done[done.length - 1]!.version : 0;
    if (newest > SCHEMA_VERSION) {
      throw new SightlineError(
        'E_STORE_TOO_NEW',
        `${db.description} is at schema version ${newest}; this Sightline knows versions up to ${SCHEMA_VERSION}. Fix: run a newer Sightline against it.`,
        { version: newest },
      );
    }
    for (const row of done) {
      const m = MIGRATIONS.find((x) => x.version === row.version);
      if (m === undefined || migrationChecksum(m) !== row.checksum) {
        throw new SightlineError(
          'E_STORE_MIGRATION_CHANGED',
          `${db.description}: migration ${row.version} (${row.name}) was applied from a different text than this Sightline's. Fix: restore the database from a backup made by this version, or run the version that created it.`,
          { version: row.version },
        );
      }
    }
    const applied: number[] = [];
    // Every migration not yet recorded, in version order (not only those after the newest: a
    // version merged from another branch may be lower than one already applied).
    const recorded = new Set(done.map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (recorded.has(m.version)) continue;
      await sql.exec(renderMigration(m.sql, db.dialect));
      await sql.run(
        'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
        [m.version, m.name, migrationChecksum(m), now],
      );
      applied.push(m.version);
    }
    return { applied, version: SCHEMA_VERSION };
  });
}

/** The migrations recorded in the database, in version order. */
export async function appliedMigrations(
  sql: Sql,
): Promise<{ version: number; name: string; checksum: string; applied_at: string }[]> {
  return sql.all(
    'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
  );
}
