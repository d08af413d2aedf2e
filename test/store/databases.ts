/**
 * The two databases every store test runs on: a SQLite file in a temporary folder, and
 * PostgreSQL (127.0.0.1:5432, database `test`, or SIGHTLINE_TEST_PG) in a schema of its own that
 * is dropped afterwards. When PostgreSQL cannot be reached the PostgreSQL tests are skipped with a
 * loud message — unless SIGHTLINE_REQUIRE_SERVICES=1 (set by CI), when they fail.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the tests use. */
export const PG_URL = process.env.SIGHTLINE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database for one test file. */
export interface TestDb {
  readonly kind: 'sqlite' | 'postgres';
  readonly url: string;
  /** Removes the file or drops the schema. */
  cleanup(): Promise<void>;
}

let pgState: Promise<string | null> | undefined;

/** null when PostgreSQL answers, else why not (checked once per process). */
export function postgresProblem(): Promise<string | null> {
  pgState ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (e) {
      return (e as Error).message;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgState;
}

/** Skip reason for PostgreSQL tests (undefined: run them); throws in CI when it is down. */
export async function postgresSkip(): Promise<string | undefined> {
  const problem = await postgresProblem();
  if (problem === null) return undefined;
  const text = `PostgreSQL at ${PG_URL} is not reachable (${problem})`;
  if (process.env.SIGHTLINE_REQUIRE_SERVICES === '1') {
    throw new Error(`${text}; CI requires it (SIGHTLINE_REQUIRE_SERVICES=1)`);
  }
  process.stderr.write(
    `\n!!!!!!!! ${text}: PostgreSQL tests SKIPPED. Start it (see README) to run them. !!!!!!!!\n\n`,
  );
  return text;
}

/** A fresh SQLite file database. */
export async function sqliteDb(): Promise<TestDb> {
  const dir = await mkdtemp(join(tmpdir(), 'sl-store-'));
  return {
    kind: 'sqlite',
    url: `sqlite:${join(dir, 'test.db')}`,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A fresh PostgreSQL schema (created by the store's migrations, dropped by cleanup). */
export function postgresDb(): TestDb {
  const schema = `sl_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const base = new URL(PG_URL);
  base.searchParams.set('schema', schema);
  return {
    kind: 'postgres',
    url: base.toString(),
    async cleanup() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The databases a test file runs on, with the skip reason of each (undefined: run). */
export async function databases(): Promise<
  { make: () => Promise<TestDb>; kind: 'sqlite' | 'postgres'; skip: string | undefined }[]
> {
  return [
    { kind: 'sqlite', make: sqliteDb, skip: undefined },
    { kind: 'postgres', make: async () => postgresDb(), skip: await postgresSkip() },
  ];
}
