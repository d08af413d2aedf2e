/**
 * What the service tests share: a tiny synthetic county (scale 0.03) and a hand-made LASSO model
 * file over a dozen catalog features from every source (so explanations and records have
 * something to show), its scale fitted on all records; the service built on a database with one
 * account per role, a test clock and a cheap scrypt cost; a signed-in client per role; and
 * `serviceTest`, one test per database around such a service.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatDateTime } from '../../src/core/index.js';
import { ALLEGATION, ROLE, type Extract } from '../../src/contract/index.js';
import { buildFeatures, defaultCatalog, type FeatureSet } from '../../src/features/index.js';
import {
  PROTOCOL_PRESETS,
  fitQuantileScale,
  formatModelFile,
  parseModelFile,
  predictModel,
  scoreRecords,
  type ModelFile,
  type ScoredRecords,
} from '../../src/scoring/index.js';
import { synthesize } from '../../src/synth/index.js';
import {
  STAFF_ROLES,
  loadExtract,
  openStore,
  type Db,
  type StaffRole,
} from '../../src/store/index.js';
import { callScorer, type CallScorer } from '../../server/score/scorer.js';
import { serviceDeps } from '../../server/serve.js';
import { createApp, type ServiceApp } from '../../server/app.js';
import type { Deps, LogLine, ServerOptions } from '../../server/context.js';
import { createStaff } from '../../server/workflow/staff.js';
import { logisticModel } from '../../src/models/index.js';
import { databases, type TestDb } from '../store/databases.js';
import type { Client } from './client.js';

/** The model's features and coefficients. */
export const COEFFICIENTS: Readonly<Record<string, number>> = {
  'child_welfare.placement.household.ever.indicator': 0.6,
  'child_welfare.investigation.parents.3y.count': 0.25,
  'referrals.referral.self.365d.count': 0.35,
  'referrals.screened_in.household.ever.count': 0.15,
  'jail.booking.parents.ever.indicator': 0.4,
  'juvenile_probation.supervision.household.ever.indicator': 0.3,
  'behavioral_health.any.alleged_perpetrators.ever.indicator': 0.3,
  'public_benefits.any.household.3y.indicator': 0.2,
  'demographics.age_under_3': 0.4,
  'demographics.n_children': 0.1,
  'demographics.age': -0.03,
};

/** The county, its batch features and the model. */
export interface County {
  readonly extract: Extract;
  readonly fs: FeatureSet;
  readonly file: ModelFile;
  readonly modelText: string;
  readonly scorer: CallScorer;
  /** `scoreRecords` on the whole county: the batch scores the service must reproduce. */
  readonly batch: ScoredRecords;
}

let county: County | undefined;

/** The shared county and model (built once per test process). */
export function testCounty(): County {
  if (county !== undefined) return county;
  const extract = synthesize({ seed: 5, scale: 0.03 }).extract;
  const fs = buildFeatures(extract);
  const names = new Set(defaultCatalog().map((f) => f.name));
  for (const n of Object.keys(COEFFICIENTS))
    if (!names.has(n)) throw new Error(`fixture feature ${n} not in the catalog`);
  const draft = {
    format: 'sightline-model',
    schemaVersion: 1,
    model: logisticModel(
      Object.keys(COEFFICIENTS),
      -2.5,
      Object.values(COEFFICIENTS),
      '0'.repeat(64),
    ),
    scale: { kind: 'probability' },
    aggregation: 'household_max',
    protocol: PROTOCOL_PRESETS['allegheny-v2']!,
    training: null,
  } as unknown as ModelFile;
  const scale = fitQuantileScale(predictModel(draft, fs.matrix), {
    population: { description: 'all records of the test county', n: fs.records.n },
  });
  const modelText = formatModelFile(parseModelFile({ ...draft, scale }));
  const file = parseModelFile(JSON.parse(modelText));
  const batch = scoreRecords(file, fs);
  county = { extract, fs, file, modelText, scorer: callScorer(modelText, 'test model'), batch };
  return county;
}

/** The people of an extract referral, as a call's body lists them. */
export function peopleOf(referralId: string): { personId: string; role: string }[] {
  const rp = testCounty().extract.referral_persons;
  const out = [];
  for (let i = 0; i < rp.n; i++) {
    if (rp.referral_id[i] === referralId)
      out.push({ personId: rp.person_id[i]!, role: ROLE[rp.role[i]!]! });
  }
  return out;
}

/** When an extract referral was received, as an ISO datetime. */
export function receivedAtOf(referralId: string): string {
  const r = testCounty().extract.referrals;
  return formatDateTime(r.received_at[r.referral_id.indexOf(referralId)]!);
}

/**
 * A new call (by screener `s`) naming the people of extract referral `from`, received when it was;
 * checks that it is created without a score and returns its referral id.
 */
export async function openCall(s: Client, from: string, allegation = 'neglect'): Promise<string> {
  const r = await s.api('POST', '/api/calls', {
    allegation,
    channel: 'county',
    receivedAt: receivedAtOf(from),
    people: peopleOf(from),
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.call.score, null, 'no score at creation');
  return r.json.call.referralId as string;
}

/**
 * The last `n` neglect referrals with two or more children whose batch protocol is `protocol`
 * and whose people appear on no other referral chosen (so their calls never count each other).
 */
export function householdsWith(protocol: 'high' | 'low' | 'none', n: number, skip = 0): string[] {
  const { fs, batch, extract } = testCounty();
  const r = fs.records;
  const kids = new Map<string, number>();
  for (let i = 0; i < r.n; i++) kids.set(r.referralId[i]!, (kids.get(r.referralId[i]!) ?? 0) + 1);
  const refs = extract.referrals;
  const out: string[] = [];
  const used = new Set<string>();
  for (let i = r.n - 1; i >= 0 && out.length < n + skip; i--) {
    const id = r.referralId[i]!;
    if (out.includes(id) || batch.protocol[i] !== protocol || (kids.get(id) ?? 0) < 2) continue;
    if (ALLEGATION[refs.allegation[r.referralRow[i]!]!] !== 'neglect') continue;
    const people = peopleOf(id).map((p) => p.personId);
    if (people.some((p) => used.has(p))) continue;
    for (const p of people) used.add(p);
    out.push(id);
  }
  return out.slice(skip);
}

/** The password of every test account. */
export const PASSWORD = 'correct horse battery staple';

/** A service on a migrated, loaded database, with one account per role and a settable clock. */
export interface TestService extends ServiceApp {
  readonly db: Db;
  readonly deps: Deps;
  readonly logs: LogLine[];
  /** Epoch ms the clock shows; tests move it. */
  now: number;
  readonly userIds: Readonly<Record<StaffRole, string>>;
}

/** Builds the test service on `url` (the county loaded, accounts created). */
export async function testService(
  url: string,
  options: Partial<ServerOptions> = {},
): Promise<TestService> {
  const c = testCounty();
  const { db } = await openStore(url, '2026-01-01T00:00:00Z');
  await loadExtract(db, c.extract, {
    dataHash: 'sha256:test',
    now: '2026-01-01T00:00:00Z',
    actor: 'test',
  });
  const logs: LogLine[] = [];
  const service = {
    now: Date.parse(`${formatDate(c.extract.asOfDay + 1)}T09:00:00Z`),
  } as TestService;
  const deps = serviceDeps({
    db,
    scorer: c.scorer,
    clock: () => service.now,
    log: (l) => logs.push(l),
    options: { scryptLogN: 12, ...options },
  });
  const userIds = {} as Record<StaffRole, string>;
  for (const role of STAFF_ROLES) {
    userIds[role] = await createStaff(
      db,
      'test',
      { username: role, displayName: `Test ${role}`, role, password: PASSWORD },
      service.now,
      12,
    );
  }
  return Object.assign(service, { ...createApp(deps), db, deps, logs, userIds });
}

/** The node:test and service options of a `serviceTest`. */
export interface ServiceTestOptions {
  /** node:test's timeout in ms (absent: node's default, none). */
  readonly timeout?: number;
  /** The service's options, passed to `testService` (absent: its defaults). */
  readonly service?: Partial<ServerOptions>;
}

/**
 * Registers one test per database of `databases()`, named `[sqlite] title` and
 * `[postgres] title`, each skipped with its database's reason (PostgreSQL down outside CI). A
 * test makes a fresh database, builds `testService(url, options.service)` on it and runs `body`;
 * then, whether the set-up or the body passed or threw, it closes the store and afterwards
 * removes the database (SQLite file deleted, PostgreSQL schema dropped), in that order. Await it
 * at the top of the test file, where the tests are registered in order.
 * @example
 * await serviceTest('staff sign in', { timeout: 60_000 }, async (svc) => {
 *   await signIn(svc.app, 'screener', PASSWORD);
 * });
 */
export async function serviceTest(
  title: string,
  options: ServiceTestOptions,
  body: (svc: TestService, kind: TestDb['kind']) => Promise<void>,
): Promise<void> {
  for (const d of await databases()) {
    const timeout = options.timeout === undefined ? {} : { timeout: options.timeout };
    test(`[${d.kind}] ${title}`, { skip: d.skip, ...timeout }, async () => {
      const t = await d.make();
      let svc: TestService | undefined;
      try {
        svc = await testService(t.url, options.service);
        await body(svc, d.kind);
      } finally {
        await svc?.db.close();
        await t.cleanup();
      }
    });
  }
}
