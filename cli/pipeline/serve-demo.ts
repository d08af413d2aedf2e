/**
 * `sightline serve --demo`: a ready-to-use service on the synthetic county. The first run writes
 * DIR/county (seed, scale), trains DIR/model.json, loads the county into DIR/demo.db, creates one
 * account per role (server/demo-users.ts), writes the audit, policy replay and monitoring reports
 * into DIR/reports/ and records a few calls through the whole workflow so every role's pages have
 * something on them; later runs reuse all of it (DIR/demo.json says what was built). The
 * service's clock starts the day after the county's records end, so calls are scored as if they
 * came in then.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MS_PER_DAY, createRng, parseDate, writeFileAtomic } from '../../src/core/index.js';
import { hashExtract, readExtract, writeExtract } from '../../src/contract/index.js';
import { buildFeatures } from '../../src/features/index.js';
import { trainModel } from '../../src/scoring/index.js';
import { synthesize } from '../../src/synth/index.js';
import { loadExtract, openStore, userByName } from '../../src/store/index.js';
import { createStaff } from '../../server/workflow/staff.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/demo-users.js';
import type { Io } from '../command.js';
import { writeModelFile } from '../commands/model-io.js';
import { main } from '../main.js';
import { seedCalls } from './demo-calls.js';

/** What the demo service runs on. */
export interface DemoSetup {
  readonly modelPath: string;
  readonly dbUrl: string;
  readonly reportsDir: string;
  /** The demo clock: the day after the county's as-of date, 09:00 UTC, running in real time. */
  readonly clock: () => number;
}

interface Marker {
  readonly scale: number;
  readonly seed: number;
  readonly dbUrl: string;
  readonly asOf: string;
}

async function readMarker(path: string): Promise<Marker | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Marker;
  } catch {
    return null;
  }
}

/** Builds (or reuses) the demo in `dir`. */
export async function prepareDemo(
  o: { dir: string; scale: number; seed: number; db: string | undefined },
  io: Io,
): Promise<DemoSetup> {
  const markerPath = join(o.dir, 'demo.json');
  const dbUrl = o.db ?? `sqlite:${join(o.dir, 'demo.db')}`;
  const modelPath = join(o.dir, 'model.json');
  const reportsDir = join(o.dir, 'reports');
  let marker = await readMarker(markerPath);
  if (
    marker === null ||
    marker.scale !== o.scale ||
    marker.seed !== o.seed ||
    marker.dbUrl !== dbUrl
  ) {
    marker = await buildDemo(o, dbUrl, modelPath, reportsDir, io);
    await writeFileAtomic(markerPath, `${JSON.stringify(marker, null, 2)}\n`);
  } else io.err(`serve --demo: reusing ${o.dir}\n`);
  const start = demoStart(marker.asOf);
  const boot = Date.now();
  return { modelPath, dbUrl, reportsDir, clock: () => start + (Date.now() - boot) };
}

/**
 * The analysts' reports (audit, policy replay, monitoring) by their own commands; one that fails
 * is reported and left out (the analyst's page says it has not been generated).
 */
async function writeReports(county: string, model: string, dir: string, io: Io): Promise<void> {
  const runs: [string, string[]][] = [
    ['audit', ['--replicates', '200']],
    ['replay', []],
    ['monitor', []],
  ];
  for (const [command, extra] of runs) {
    const out = join(dir, command === 'monitor' ? 'monitoring' : command);
    const args = [command, county, '--model', model, '--out', out, ...extra];
    const code = await main(args, { out: () => undefined, err: (t) => io.err(t) });
    if (code !== 0)
      io.err(`serve --demo: the ${command} report could not be written (exit ${code})\n`);
  }
}

/** 09:00 UTC on the day after `asOf`. */
function demoStart(asOf: string): number {
  return (parseDate(asOf) + 1) * MS_PER_DAY + 9 * 3_600_000;
}

async function buildDemo(
  o: { dir: string; scale: number; seed: number },
  dbUrl: string,
  modelPath: string,
  reportsDir: string,
  io: Io,
): Promise<Marker> {
  const countyDir = join(o.dir, 'county');
  io.err(
    `serve --demo: building the synthetic county (scale ${o.scale}, seed ${o.seed}) in ${o.dir}\n`,
  );
  await writeExtract(countyDir, synthesize({ seed: o.seed, scale: o.scale }).extract);
  const { extract } = await readExtract(countyDir);
  const dataHash = await hashExtract(countyDir);
  const trained = await trainModel(buildFeatures(extract), { seed: o.seed }, dataHash);
  await writeModelFile(modelPath, trained.file);
  io.err(`serve --demo: model trained, written to ${modelPath}\n`);
  await writeReports(countyDir, modelPath, reportsDir, io);
  const now = new Date().toISOString();
  const { db } = await openStore(dbUrl, now);
  try {
    await loadExtract(db, extract, { dataHash, now, actor: 'demo' });
    for (const u of DEMO_USERS) {
      if ((await userByName(db, u.username)) !== undefined) continue;
      await createStaff(db, 'demo', { ...u, password: DEMO_PASSWORD }, Date.now(), 15);
    }
    const start = demoStart(extract.manifest.as_of);
    const seeded = await seedCalls(db, modelPath, start, createRng(o.seed));
    io.err(`serve --demo: ${DEMO_USERS.length} demo accounts, ${seeded} demo calls recorded\n`);
  } finally {
    await db.close();
  }
  return { scale: o.scale, seed: o.seed, dbUrl, asOf: extract.manifest.as_of };
}
