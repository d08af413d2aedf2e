/**
 * The decision-support service under load (issue 8): scoring a referral of 10 people end to end
 * over HTTP — POST /api/calls/:id/reveal, which reads the people's records from the store, builds
 * the features with the batch builder, scores, explains, stores the score and appends the audit
 * entry in one transaction — with 50 concurrent clients on loopback, on SQLite and PostgreSQL.
 * Goal: p50 under 5 ms and p99 under 20 ms.
 *
 * The server runs as its own process (`sightline serve`), the clients in this one, on the same
 * 2-core machine. Two loads are measured:
 * - closed loop: 50 clients, each sending its next request as soon as the last one answers (the
 *   most the service can do; latency is then mostly queueing: p50 ≈ 50 / throughput);
 * - open loop: 50 clients sending at a fixed total rate (requests spread evenly; latency is
 *   measured from the scheduled send time, so a stall counts), at several rates;
 * - one client at a time: the service time of a request without any queueing.
 *
 *   node --import tsx bench/service.ts [--scale 0.1] [--requests 3000] [--rates 100,200,400]
 *     [--db sqlite|postgres|both] [--pg postgres://...] [--pg-checkpoint yes|no]
 *     [--profile DIR (the server's CPU profiles)] [--anchor yes|no]
 *
 * The anchor (bench/service-anchor.ts, `--anchor yes`) is measured after the service on each
 * database, in the same three loads at the same rates: a bare node:http server making the same
 * process crossings (session, call, one durable commit) and sending an answer of the reveals'
 * mean size, with no framework and no scoring — the floor this machine puts under a durable
 * reveal, at each rate, and the most such a server does with 50 clients back to back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { formatDate } from '../src/core/index.js';
import { ROLE } from '../src/contract/index.js';
import { buildFeatures } from '../src/features/index.js';
import { formatModelFile, trainModel } from '../src/scoring/index.js';
import { synthesize } from '../src/synth/index.js';
import { loadExtract, openStore } from '../src/store/index.js';
import { createStaff } from '../server/workflow/staff.js';
import { report } from './measure.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.1' },
    requests: { type: 'string', default: '3000' },
    rates: { type: 'string', default: '100,200,400' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    /** `sqlite`, `postgres` or `both`. */
    db: { type: 'string', default: 'both' },
    /**
     * `yes`: a PostgreSQL CHECKPOINT after the setup (bulk load, calls created), as after any bulk
     * load, so that the measured phase recycles WAL segments rather than creating them; `no`.
     */
    'pg-checkpoint': { type: 'string', default: 'yes' },
    /** Write the server's CPU profiles (node --cpu-prof) into this folder. */
    profile: { type: 'string' },
    /**
     * `yes`: also run the anchor (bench/service-anchor.ts: a bare node:http server making the same
     * process crossings and durable commit, no scoring) through the same client; `no`.
     */
    anchor: { type: 'string', default: 'yes' },
  },
});
const CLIENTS = 50;
/** Requests sent one at a time: the service time without queueing. */
const SEQUENTIAL = 300;
const PEOPLE = 10;
const PASSWORD = 'bench password 123';
const BIN = fileURLToPath(new URL('../bin/sightline.js', import.meta.url));
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

interface Reply {
  status: number;
  body: string;
  cookies: string[];
}

/**
 * One request. A kept-alive socket the server closed just as the request went out fails with
 * ECONNRESET; the request is then sent again on a fresh socket (Node's documented pattern).
 */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply> {
  return sendOnce(base, method, path, headers, body).catch(
    (e: NodeJS.ErrnoException & { reused?: boolean }) => {
      if (e.reused === true && e.code === 'ECONNRESET')
        return sendOnce(base, method, path, headers, body);
      throw e;
    },
  );
}

function sendOnce(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: { ...headers, ...(data ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        res.on('error', reject);
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            body: text,
            cookies: res.headers['set-cookie'] ?? [],
          }),
        );
      },
    );
    req.on('error', (e) => reject(Object.assign(e, { reused: req.reusedSocket })));
    req.end(data);
  });
}

function serve(model: string, url: string): Promise<{ child: ChildProcess; base: string }> {
  const prof =
    values.profile !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(
    process.execPath,
    [
      ...prof,
      BIN,
      'serve',
      '--model',
      model,
      '--db',
      url,
      '--port',
      '0',
      '--quiet',
      '--requests-per-minute',
      '100000000',
      // The benchmark's model has no governance artifacts: the gate's logged test override.
      '--skip-gate',
      'service load benchmark, not a deployment',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return listening(child);
}

const ANCHOR = fileURLToPath(new URL('./service-anchor.ts', import.meta.url));

/** Starts the anchor server on database `url`, answering `bytes` bytes. */
function serveAnchor(url: string, bytes: number): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ANCHOR, '--db', url, '--bytes', String(bytes)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return listening(child);
}

/** The base URL a started server prints (`listening on http://…`). */
function listening(child: ChildProcess): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, base: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
}

/** CPU seconds used so far by each PostgreSQL process on this machine, by pid. */
function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.includes(' (postgres) ')) out.set(Number(pid), cpuSecondsOf(Number(pid)));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** CPU seconds PostgreSQL's processes used between two readings (those that ended are missed). */
function postgresCpuSince(before: Map<number, number>): number {
  let sum = 0;
  for (const [pid, s] of postgresCpu()) sum += s - (before.get(pid) ?? 0);
  return sum;
}

/** The PostgreSQL settings that govern commits and checkpoints, as the bench ran under them. */
const PG_SETTINGS = [
  'synchronous_commit',
  'fsync',
  'wal_sync_method',
  'checkpoint_timeout',
  'max_wal_size',
  'min_wal_size',
  'wal_init_zero',
  'shared_buffers',
];

const pct = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** Runs `n` jobs with `workers` at a time; returns each job's latency in ms. */
async function closedLoop(
  n: number,
  workers: number,
  job: (i: number) => Promise<void>,
): Promise<{ lat: number[]; seconds: number }> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < n; i = next++) {
        const s = performance.now();
        await job(i);
        lat.push(performance.now() - s);
      }
    }),
  );
  return { lat: lat.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

/** Sends `n` jobs at `rate` per second (evenly spaced, at most `workers` in flight). */
async function openLoop(
  n: number,
  rate: number,
  job: (i: number) => Promise<void>,
): Promise<{ lat: number[]; seconds: number }> {
  const lat: number[] = [];
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const done = job(i).then(() => void lat.push(performance.now() - due));
    done.catch(() => undefined); // reported by Promise.all below, not as unhandled meanwhile
    pending.push(done);
  }
  await Promise.all(pending);
  return { lat: lat.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

/**
 * One server's measured phases: one client at a time, the closed loop (when `closed`), and the
 * open loop at each rate; each line with the server's CPU per request (and PostgreSQL's).
 */
async function phases(
  name: string,
  pid: number,
  postgres: boolean,
  job: () => Promise<void>,
  rates: readonly number[],
  total: number,
  note: (name: string, value: string) => void,
  closed: boolean,
): Promise<Map<string, number>> {
  /** p50 in ms by load (the text after `name: `). */
  const p50 = new Map<string, number>();
  // The server's CPU per request: steadier than latency when other work shares the cores.
  const cpuPer = async (n: number, run: () => Promise<{ lat: number[]; seconds: number }>) => {
    const c0 = cpuSecondsOf(pid);
    const p0 = postgres ? postgresCpu() : new Map<number, number>();
    const r = await run();
    const pgCpu = postgres
      ? `, PostgreSQL CPU ${((postgresCpuSince(p0) * 1000) / n).toFixed(2)} ms/referral`
      : '';
    return {
      ...r,
      cpu: `server CPU ${(((cpuSecondsOf(pid) - c0) * 1000) / n).toFixed(2)} ms/referral${pgCpu}`,
    };
  };
  const one = await cpuPer(SEQUENTIAL, () => closedLoop(SEQUENTIAL, 1, job));
  p50.set('one client at a time', pct(one.lat, 0.5));
  note(
    `${name}: one client at a time`,
    `p50 ${ms(pct(one.lat, 0.5))}, p99 ${ms(pct(one.lat, 0.99))}, ${one.cpu}`,
  );
  if (closed) {
    const c = await cpuPer(total, () => closedLoop(total, CLIENTS, job));
    note(
      `${name}: closed loop, ${CLIENTS} clients`,
      `p50 ${ms(pct(c.lat, 0.5))}, p99 ${ms(pct(c.lat, 0.99))}, ${(total / c.seconds).toFixed(0)} referrals/s, ${c.cpu}`,
    );
  }
  for (const rate of rates) {
    const o = await cpuPer(total, () => openLoop(total, rate, job));
    p50.set(`open loop, ${rate}/s offered`, pct(o.lat, 0.5));
    note(
      `${name}: open loop, ${rate}/s offered`,
      `p50 ${ms(pct(o.lat, 0.5))}, p99 ${ms(pct(o.lat, 0.99))}, max ${ms(o.lat[o.lat.length - 1]!)}, ${o.cpu}`,
    );
  }
  return p50;
}

async function main(): Promise<void> {
  const scale = Number(values.scale);
  const total = Number(values.requests);
  const rates = values.rates!.split(',').map(Number);
  const tmp = await mkdtemp(join(tmpdir(), 'sl-bench-svc-'));
  const { extract } = synthesize({ seed: 3, scale });
  const trained = await trainModel(buildFeatures(extract), { seed: 3 }, 'sha256:bench');
  const model = join(tmp, 'model.json');
  await writeFile(model, formatModelFile(trained.file));
  const households = tenPersonHouseholds(extract);
  const receivedAt = `${formatDate(extract.asOfDay + 1)}T10:00:00Z`;
  console.error(
    `service bench: county scale ${scale} (${extract.referrals.n} referrals), ${households.length} households of ${PEOPLE}`,
  );
  const schema = `sl_bench_${process.pid}`;
  const dbs = [
    { name: 'SQLite', url: `sqlite:${join(tmp, 'bench.db')}` },
    { name: 'PostgreSQL', url: withSchema(values.pg!, schema) },
  ].filter((d) => values.db === 'both' || d.name.toLowerCase().startsWith(values.db!.slice(0, 4)));
  const rows: [string, string][] = [];
  // Each figure is printed as soon as it is measured, so a failed run still shows what it got.
  const note = (name: string, value: string) => {
    rows.push([name, value]);
    console.error(`${name}: ${value}`);
  };
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  try {
    for (const d of dbs) {
      const { db } = await openStore(d.url, new Date().toISOString());
      await loadExtract(db, extract, {
        dataHash: 'sha256:bench',
        now: new Date().toISOString(),
        actor: 'bench',
      });
      await createStaff(
        db,
        'bench',
        { username: 'screener', displayName: 'Bench', role: 'screener', password: PASSWORD },
        Date.now(),
        12,
      );
      await db.close();
      const postgres = d.name === 'PostgreSQL';
      if (postgres) note('PostgreSQL: settings', await postgresSettings());
      const server = await serve(model, d.url);
      const loadBefore = load();
      try {
        const login = await send(
          server.base,
          'POST',
          '/api/login',
          {},
          { username: 'screener', password: PASSWORD },
        );
        const cookie = login.cookies.map((c) => c.split(';')[0]).join('; ');
        const h = { cookie, 'x-csrf-token': JSON.parse(login.body).csrfToken as string };
        const n = total + 200 + SEQUENTIAL + rates.length * total;
        const ids: string[] = [];
        const created = await closedLoop(n, CLIENTS, async (i) => {
          const r = await send(server.base, 'POST', '/api/calls', h, {
            allegation: 'neglect',
            receivedAt,
            people: households[i % households.length],
          });
          const id = JSON.parse(r.body).call.referralId as string;
          await send(server.base, 'POST', `/api/calls/${id}/ratings`, h, { risk: 2, safety: 2 });
          ids.push(id);
        });
        if (postgres && values['pg-checkpoint'] === 'yes') await postgresQuery('CHECKPOINT');
        let k = 0;
        // The answers' mean length (it varies with the household's records: 10–75 kB here).
        let answerBytes = 0;
        const reveal = async () => {
          const r = await send(server.base, 'POST', `/api/calls/${ids[k++]}/reveal`, h, {});
          if (r.status !== 200) throw new Error(`reveal ${r.status}: ${r.body}`);
          answerBytes += Buffer.byteLength(r.body);
        };
        await closedLoop(200, CLIENTS, reveal); // warm-up
        const served = await phases(
          d.name,
          server.child.pid!,
          postgres,
          reveal,
          rates,
          total,
          note,
          true,
        );
        const meanBytes = Math.round(answerBytes / k);
        note(`${d.name}: answer size`, `${meanBytes} bytes on average`);
        if (values.anchor === 'yes') {
          const anchorUrl = postgres
            ? withSchema(values.pg!, `${schema}_anchor`)
            : `sqlite:${join(tmp, 'anchor.db')}`;
          const a = await serveAnchor(anchorUrl, meanBytes);
          try {
            let j = 0;
            const bare = async () => {
              const r = await send(a.base, 'POST', `/reveal/${j++}`, { cookie: h.cookie }, {});
              if (r.status !== 200) throw new Error(`anchor ${r.status}: ${r.body}`);
            };
            await closedLoop(200, CLIENTS, bare); // warm-up
            const floor = await phases(
              `${d.name}: anchor`,
              a.child.pid!,
              postgres,
              bare,
              rates,
              total,
              note,
              true,
            );
            // What the service adds to the floor at each load (one at a time and open loop).
            for (const [load, p] of served) {
              const f = floor.get(load)!;
              note(
                `${d.name}: service over anchor, ${load}`,
                `+${ms(p - f)} at p50 (${ms(p)} against ${ms(f)})`,
              );
            }
          } finally {
            a.child.kill('SIGTERM');
            await new Promise((r) => a.child.once('exit', r));
          }
        }
        note(
          `${d.name}: setup (create + rate, 2 requests)`,
          `${(n / created.seconds).toFixed(0)} calls/s with ${CLIENTS} clients`,
        );
        note(`${d.name}: load average (1, 5, 15 min) before → after`, `${loadBefore} → ${load()}`);
      } finally {
        server.child.kill('SIGTERM');
        await new Promise((r) => server.child.once('exit', r));
      }
    }
  } finally {
    const client = new pg.Client({ connectionString: values.pg });
    await client
      .connect()
      .then(() => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))
      .then(() => client.query(`DROP SCHEMA IF EXISTS ${schema}_anchor CASCADE`))
      .finally(() => client.end());
    await rm(tmp, { recursive: true, force: true });
    agent.destroy();
  }
  report('service', Object.fromEntries(rows));
}

/** The PostgreSQL URL with `schema` added to its query (which may name a socket `host`). */
function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

/** One statement on the bench's PostgreSQL server, on a connection of its own. */
async function postgresQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: values.pg });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** The server's settings that govern commits and checkpoints, and whether the bench checkpoints. */
async function postgresSettings(): Promise<string> {
  const r = await postgresQuery(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN (${PG_SETTINGS.map((n) => `'${n}'`).join(', ')}) ORDER BY name`,
  );
  const settings = r.rows.map(
    (row: { name: string; setting: string; unit: string | null }) =>
      `${row.name}=${row.setting}${row.unit ?? ''}`,
  );
  return `${settings.join(' ')}; CHECKPOINT after setup: ${values['pg-checkpoint']}`;
}

/** Households of exactly 10 distinct people with at least one child, from the county's referrals. */
function tenPersonHouseholds(
  extract: ReturnType<typeof synthesize>['extract'],
): { personId: string; role: string }[][] {
  const rp = extract.referral_persons;
  const byRef = new Map<string, { personId: string; role: string }[]>();
  for (let i = 0; i < rp.n; i++) {
    const list = byRef.get(rp.referral_id[i]!) ?? [];
    list.push({ personId: rp.person_id[i]!, role: ROLE[rp.role[i]!]! });
    byRef.set(rp.referral_id[i]!, list);
  }
  const out: { personId: string; role: string }[][] = [];
  let acc: { personId: string; role: string }[] = [];
  for (const list of [...byRef.values()].reverse()) {
    for (const p of list)
      if (!acc.some((q) => q.personId === p.personId) && acc.length < PEOPLE) acc.push(p);
    if (acc.length === PEOPLE) {
      if (acc.some((p) => p.role === 'alleged_victim' || p.role === 'child')) out.push(acc);
      acc = [];
      if (out.length === 500) break;
    }
  }
  return out;
}

await main();
