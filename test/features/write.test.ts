import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildFeatures, writeFeatureSet } from '../../src/features/index.js';
import { SMALL, makeExtract } from './fixture.js';

test('the feature file holds records, labels (NULL when not matured), features and the catalog', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sl-features-'));
  const path = join(dir, 'features.parquet');
  const fs = buildFeatures(makeExtract({ ...SMALL, asOf: '2015-12-31' }));
  await writeFeatureSet(path, fs);
  assert.deepEqual(await readdir(dir), ['features.parquet']);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjects();
  const rows = await q(
    `SELECT person_id, household_race, placement_2y, "jail.booking.parents.ever.count" AS jail, "demographics.age" AS age FROM '${path}'`,
  );
  assert.deepEqual(
    rows.map((r) => [r.person_id, r.household_race, r.placement_2y, r.jail, r.age]),
    [
      ['A-kid1', 'black', 1, 1, 4],
      ['B-kid', 'non_black', 0, 0, 12],
      ['A-kid1', 'black', null, 2, 6],
      ['A-kid2', 'black', null, 2, 1],
    ],
  );
  const cols = await q(`DESCRIBE SELECT * FROM '${path}'`);
  assert.equal(cols.length, 11 + 4 + fs.catalog.length);
  const meta = await q(
    `SELECT decode(value) AS v FROM parquet_kv_metadata('${path}') WHERE decode(key) = 'sightline.catalog'`,
  );
  const catalog = JSON.parse(String(meta[0]!.v));
  assert.equal(catalog.length, fs.catalog.length);
  assert.equal(catalog[0].name, fs.catalog[0]!.name);
  conn.closeSync();
  db.closeSync();
});
