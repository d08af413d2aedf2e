/**
 * `sightline serve --model MODEL --db URL`: the decision-support service (HTTP, Hono) with its
 * web pages. `--demo` prepares and serves the synthetic county with demo accounts (README:
 * "Service"). Stops cleanly on SIGINT or SIGTERM; a SIGKILL loses nothing acknowledged. The
 * deployment gate (server/gate.ts, ./serve-gate.ts) runs first: without a current, signed
 * governance folder it refuses (exit 1) unless `--skip-gate REASON` (testing only, audit-logged).
 */
import { readFile } from 'node:fs/promises';
import { SightlineError } from '../../src/core/index.js';
import { openStore, redactUrl, userByName, type Db } from '../../src/store/index.js';
import { createStaff } from '../../server/workflow/staff.js';
import { operator } from './load.js';
import { callScorer } from '../../server/score/scorer.js';
import { serviceDeps, startService } from '../../server/serve.js';
import type { ServerOptions } from '../../server/context.js';
import { intOpt, numberOpt, stringOpt, type Args, type Command, type Io } from '../command.js';
import { prepareDemo } from '../pipeline/serve-demo.js';
import { logGateOverride } from '../../server/gate-override.js';
import { GATE_OPTIONS, runGate } from './serve-gate.js';

async function modelBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new SightlineError(
      'E_MODEL_FILE',
      `model file ${path} not found. Fix: give the file written by 'sightline train --out'.`,
    );
  }
}

/** `--family-code-days N`: how long a family access code works (1–90 days, default 7). */
function familyCodeDays(args: Args): number {
  const days = intOpt(args, 'serve', 'family-code-days', 7);
  if (days < 1 || days > 90) {
    throw new SightlineError(
      'E_USAGE',
      `invalid --family-code-days: ${days} (sightline serve needs 1 to 90 days)`,
    );
  }
  return days;
}

function limits(args: Args): Partial<ServerOptions> {
  const out: Partial<ServerOptions> = {
    requestsPerMinute: intOpt(args, 'serve', 'requests-per-minute', 1200),
    loginPerMinute: intOpt(args, 'serve', 'logins-per-minute', 20),
    trustProxy: args.values['trust-proxy'] === true,
    familyCodeMs: familyCodeDays(args) * 86_400_000,
  };
  const reports = stringOpt(args, 'reports');
  return reports !== undefined ? { ...out, reportsDir: reports } : out;
}

/**
 * Creates the first administrator account (`--admin NAME`) unless it exists, with the password
 * from the SIGHTLINE_ADMIN_PASSWORD environment variable (never a command-line argument, which
 * other users of the machine could see).
 */
async function ensureAdmin(db: Db, username: string, io: Io): Promise<void> {
  if ((await userByName(db, username)) !== undefined) return;
  const password = process.env.SIGHTLINE_ADMIN_PASSWORD;
  if (password === undefined || password === '') {
    throw new SightlineError(
      'E_USAGE',
      `--admin ${username}: set SIGHTLINE_ADMIN_PASSWORD (at least 12 characters) to create the account.`,
    );
  }
  await createStaff(
    db,
    operator(),
    { username, displayName: username, role: 'administrator', password },
    Date.now(),
    15,
  );
  io.err(`serve: administrator account ${username} created\n`);
}

/** Waits for SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => () => resolve(signal);
    process.once('SIGINT', stop('SIGINT'));
    process.once('SIGTERM', stop('SIGTERM'));
  });
}

async function run(args: Args, io: Io): Promise<number> {
  const demo = args.values.demo === true;
  let modelPath = stringOpt(args, 'model');
  let url = stringOpt(args, 'db');
  let options: Partial<ServerOptions> = limits(args);
  let clock: (() => number) | undefined;
  let governance: string | undefined;
  if (demo) {
    const d = await prepareDemo(
      {
        dir: stringOpt(args, 'demo-dir') ?? 'out/serve-demo',
        scale: numberOpt(args, 'serve', 'scale', 0.1),
        seed: intOpt(args, 'serve', 'seed', 1),
        db: url,
      },
      io,
    );
    modelPath = d.modelPath;
    url = d.dbUrl;
    options = { ...options, demo: true, reportsDir: options.reportsDir ?? d.reportsDir };
    clock = d.clock;
    governance = d.reportsDir;
  }
  if (modelPath === undefined || url === undefined) {
    throw new SightlineError(
      'E_USAGE',
      "sightline serve needs --model and --db (or --demo). Run 'sightline serve --help'.",
    );
  }
  const bytes = await modelBytes(modelPath);
  const scorer = callScorer(bytes.toString('utf8'), `model file ${modelPath}`);
  const gate = await runGate(
    args,
    { modelPath, modelBytes: bytes, demo, ...(governance !== undefined ? { governance } : {}) },
    io,
  );
  if (gate === null) return 1;
  const { db, migration } = await openStore(url, new Date().toISOString());
  if (gate.override !== null) {
    const seq = await logGateOverride(db, {
      at: new Date((clock ?? Date.now)()).toISOString(),
      actor: operator(),
      modelHash: scorer.modelHash,
      reason: gate.override,
      problems: gate.problems,
    }).catch(async (e: unknown) => {
      await db.close();
      throw e;
    });
    io.err(`serve: the gate override is audit-log entry ${seq}\n`);
  }
  const admin = stringOpt(args, 'admin');
  if (admin !== undefined)
    await ensureAdmin(db, admin, io).catch(async (e: unknown) => {
      await db.close();
      throw e;
    });
  const quiet = args.values.quiet === true;
  const deps = serviceDeps({
    db,
    scorer,
    options,
    ...(clock !== undefined ? { clock } : {}),
    log: quiet ? () => undefined : (line) => io.err(`${JSON.stringify(line)}\n`),
  });
  if (migration.applied.length > 0)
    io.err(`serve: migrated ${redactUrl(db.description)} to schema version ${migration.version}\n`);
  const service = await startService(
    deps,
    stringOpt(args, 'host') ?? '127.0.0.1',
    intOpt(args, 'serve', 'port', 8080),
  );
  io.out(
    `sightline serve: listening on ${service.url} (store ${redactUrl(db.description)}, model ${scorer.modelHash.slice(0, 19)}…)\n`,
  );
  const signal = await untilStopped();
  io.err(`serve: ${signal}, closing\n`);
  await service.close();
  await db.close();
  return 0;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'the decision-support service: scoring at call time, workflow, audit trail, web pages',
  usage:
    '--model MODEL --db URL [--governance DIR] [--port 8080] [--host 127.0.0.1] [--reports DIR] | --demo',
  description: [
    'Serves the JSON API under /api and the pages for screeners, supervisors, investigators,',
    'analysts and administrators. --admin NAME creates the first administrator (password from',
    'SIGHTLINE_ADMIN_PASSWORD); administrators create the other accounts on their page.',
    '--demo synthesises a county (scale 0.1, seed 1), trains a model, loads it, creates one demo',
    'account per role (password sightline-demo) and seeds a few decided calls; see the README.',
    'Deployment gate: the model is served only if --governance DIR holds its signed register.json,',
    'audit/report.json, replay/report.json and card/card.json, all made from this model file and',
    'its data; otherwise serve lists every problem with its fix and exits 1. --skip-gate REASON',
    '(testing only) serves anyway and records the override in the audit log; --demo always does,',
    'since the demo model was never reviewed.',
  ].join('\n'),
  options: {
    model: { type: 'string', value: 'MODEL', help: "model file from 'sightline train'" },
    db: {
      type: 'string',
      value: 'URL',
      help: 'SQLite file or postgres://USER@HOST:PORT/DB[?schema=NAME]',
    },
    host: { type: 'string', value: 'HOST', default: '127.0.0.1', help: 'address to listen on' },
    port: { type: 'string', value: 'N', default: '8080', help: 'port (0 picks a free one)' },
    reports: {
      type: 'string',
      value: 'DIR',
      help: 'folder holding audit/, replay/, monitoring/ report.html for analysts',
    },
    'requests-per-minute': {
      type: 'string',
      value: 'N',
      default: '1200',
      help: 'requests allowed per session per minute',
    },
    'logins-per-minute': {
      type: 'string',
      value: 'N',
      default: '20',
      help: 'login attempts allowed per address per minute',
    },
    'family-code-days': {
      type: 'string',
      value: 'N',
      default: '7',
      help: 'days a one-time family access code works (1–90)',
    },
    'trust-proxy': {
      type: 'boolean',
      help: 'trust X-Forwarded-For/-Proto from one reverse proxy that sets them (the client is the last address it appends)',
    },
    admin: {
      type: 'string',
      value: 'NAME',
      help: 'create this administrator account if missing (password: $SIGHTLINE_ADMIN_PASSWORD)',
    },
    quiet: { type: 'boolean', help: 'no request log on stderr' },
    demo: { type: 'boolean', help: 'serve the synthetic demo county with demo accounts' },
    'demo-dir': {
      type: 'string',
      value: 'DIR',
      default: 'out/serve-demo',
      help: 'where --demo keeps its county, model and database',
    },
    scale: {
      type: 'string',
      value: 'X',
      default: '0.1',
      help: '--demo county size relative to Allegheny',
    },
    seed: { type: 'string', value: 'N', default: '1', help: '--demo seed' },
    ...GATE_OPTIONS,
  },
  positionals: [0, 0],
  run,
};
