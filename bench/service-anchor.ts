/**
 * The anchor of bench/service.ts: the least a durable reveal can cost on this machine. A bare
 * `node:http` server (no framework, no scoring) that answers `POST /reveal/:id` the way a reveal
 * crosses processes and the disk, with nothing in between:
 * - a session lookup by a token hash (one statement),
 * - the call's row (one statement),
 * - one durable insert (on PostgreSQL a commit with synchronous_commit on; on SQLite a WAL commit
 *   with synchronous=FULL, which flushes the WAL inside COMMIT),
 * - an answer of the reveal's size (`--bytes`, the real answer's length), as JSON.
 * Run side by side with the service, through the same client, at the same rates: what the service
 * adds is its latency minus this one's.
 *
 *   node --import tsx bench/service-anchor.ts --db sqlite:PATH|postgres://... --bytes N
 * prints `listening on http://127.0.0.1:PORT` once it serves.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    bytes: { type: 'string', default: '34000' },
  },
});
const TOKEN = 'anchor-session-token';
const TOKEN_HASH = createHash('sha256').update(TOKEN).digest('hex');
const CALLS = 5000;
/** A JSON answer of the requested length: `{"pad":"xxx…"}`. */
const ANSWER = JSON.stringify({ pad: 'x'.repeat(Math.max(0, Number(values.bytes) - 10)) });

/** The three statements, on one database. */
interface Store {
  session(hash: string): Promise<unknown>;
  call(id: number): Promise<unknown>;
  insert(id: number, at: number): Promise<void>;
}

const SETUP = [
  'CREATE TABLE anchor_sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_ms BIGINT NOT NULL)',
  'CREATE TABLE anchor_calls (id INTEGER PRIMARY KEY, status TEXT NOT NULL, received_ms BIGINT NOT NULL)',
  'CREATE TABLE anchor_shown (seq INTEGER PRIMARY KEY, call_id INTEGER NOT NULL, at_ms BIGINT NOT NULL)',
];

async function postgresStore(url: string): Promise<Store> {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? 'sl_bench_anchor';
  u.searchParams.delete('schema');
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max: 4,
    options: `-c search_path=${schema}`,
  });
  const setup = await pool.connect();
  try {
    await setup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await setup.query(`CREATE SCHEMA ${schema}`);
    for (const s of SETUP) await setup.query(s.replace('seq INTEGER', 'seq SERIAL'));
    await setup.query('INSERT INTO anchor_sessions VALUES ($1, $2, $3)', [TOKEN_HASH, 'u1', 9e15]);
    await setup.query(
      `INSERT INTO anchor_calls SELECT g, 'awaiting_reveal', 1000 * g FROM generate_series(1, ${CALLS}) g`,
    );
  } finally {
    setup.release();
  }
  const q = (name: string, text: string, v: unknown[]) => pool.query({ name, text, values: v });
  return {
    session: (h) =>
      q('s', 'SELECT user_id, expires_ms FROM anchor_sessions WHERE token_hash = $1', [h]),
    call: (id) => q('c', 'SELECT id, status, received_ms FROM anchor_calls WHERE id = $1', [id]),
    insert: async (id, at) => {
      await q('i', 'INSERT INTO anchor_shown (call_id, at_ms) VALUES ($1, $2)', [id, at]);
    },
  };
}

function sqliteStore(path: string): Store {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  for (const s of SETUP) db.exec(s);
  db.prepare('INSERT INTO anchor_sessions VALUES (?, ?, ?)').run(TOKEN_HASH, 'u1', 9e15);
  const insertCall = db.prepare("INSERT INTO anchor_calls VALUES (?, 'awaiting_reveal', ?)");
  db.transaction(() => {
    for (let i = 1; i <= CALLS; i++) insertCall.run(i, 1000 * i);
  })();
  const session = db.prepare(
    'SELECT user_id, expires_ms FROM anchor_sessions WHERE token_hash = ?',
  );
  const call = db.prepare('SELECT id, status, received_ms FROM anchor_calls WHERE id = ?');
  const insert = db.prepare('INSERT INTO anchor_shown (call_id, at_ms) VALUES (?, ?)');
  return {
    session: async (h) => session.get(h),
    call: async (id) => call.get(id),
    insert: async (id, at) => void insert.run(id, at),
  };
}

async function main(): Promise<void> {
  const url = values.db!;
  const store = url.startsWith('sqlite:') ? sqliteStore(url.slice(7)) : await postgresStore(url);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const id = 1 + (Number(/^\/reveal\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0) % CALLS);
      const hash = createHash('sha256').update(TOKEN).digest('hex');
      store
        .session(hash)
        .then(() => store.call(id))
        .then(() => store.insert(id, Date.now()))
        .then(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(ANSWER);
        })
        .catch((e: Error) => {
          res.writeHead(500);
          res.end(e.message);
        });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address() as { port: number };
    console.log(`listening on http://127.0.0.1:${a.port}`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

await main();
