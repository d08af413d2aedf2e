import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseDate, parseDateTime } from '../../src/core/index.js';
import {
  TABLE_NAMES,
  allocTable,
  readExtract,
  writeExtract,
  type Extract,
  type Reject,
} from '../../src/contract/index.js';
import { cleanup, flat, reportOf, tempDir, withRows, writeFiles } from './fixture.js';

after(cleanup);

/** An extract with awkward values: quotes, commas, line breaks, far dates, missing cells. */
function awkwardExtract(): Extract {
  const ref = allocTable('referrals', 4);
  ref.referral_id.splice(0, 4, 'r1', 'r,2', 'r"3', 'r\n4');
  const times = [
    '2015-03-01T10:00:00Z',
    '0100-01-01T00:00:00.001Z',
    '9999-12-31T23:59:59.999Z',
    '1969-12-31T23:59:59.5-01:00',
  ];
  times.forEach((t, i) => (ref.received_at[i] = parseDateTime(t)));
  ref.allegation.set([0, 1, 2, 3]);
  ref.channel.set([0, 1, -1, 0]);
  ref.screening_decision.set([0, 1, -1, -1]);
  ref.decided_at[0] = parseDateTime('2015-03-01T12:00:00Z');
  ref.screener_id.splice(0, 4, 'a,b', 'say "hi"', 'l1\nl2\r\nl3\rx', null);
  ref.supervisor_id.splice(0, 4, ' padded ', 'NULL', 'é日本🙂', null);
  ref.screener_risk.set([1, 2, 3, NaN]);
  ref.screener_safety.set([3, NaN, 1, 2]);
  ref.shown_score.set([1, 20, NaN, 7]);
  ref.shown_protocol.set([0, 1, 2, -1]);
  ref.override.set([1, 0, -1, 1]);
  ref.override_reason[0] = 'x';
  const persons = allocTable('persons', 2);
  persons.person_id.splice(0, 2, 'p1', 'p,2');
  persons.birth_date.set([parseDate('0100-01-01'), parseDate('1960-02-29')]);
  persons.sex.set([0, 3]);
  persons.race.set([7, 0]);
  persons.hispanic.set([2, 0]);
  const rp = allocTable('referral_persons', 2);
  rp.referral_id.splice(0, 2, 'r1', 'r\n4');
  rp.person_id.splice(0, 2, 'p1', 'p,2');
  rp.role.set([4, 0]);
  const events = allocTable('events', 2);
  events.person_id.splice(0, 2, 'p1', 'p,2');
  events.source.set([5, 0]);
  events.kind.splice(0, 2, 'birth_record', 'odd "kind"');
  events.start_date.set([parseDate('1960-01-01'), parseDate('2016-01-01')]);
  events.end_date.set([NaN, parseDate('2016-01-01')]);
  return {
    manifest: {
      contract: 'sightline/1',
      name: 'awkward',
      as_of: '2016-12-31',
      created_at: '2026-01-01T00:00:00Z',
      generator: { name: 'test', version: '1', seed: 7, params: { b: 1, a: [1, 2] } },
    },
    asOfDay: parseDate('2016-12-31'),
    referrals: ref,
    persons,
    referral_persons: rp,
    events,
  };
}

for (const format of ['csv', 'parquet'] as const) {
  test(`writeExtract ${format} → readExtract gives identical tables and manifest`, async () => {
    const dir = join(await tempDir(), 'x');
    const x = awkwardExtract();
    await writeExtract(dir, x, { format });
    assert.deepEqual((await readdir(dir)).sort(), [
      'events.' + format,
      'manifest.json',
      'persons.' + format,
      'referral_persons.' + format,
      'referrals.' + format,
    ]);
    const { extract, report } = await readExtract(dir);
    for (const t of TABLE_NAMES) assert.deepEqual(extract[t], x[t], t);
    assert.deepEqual(extract.manifest, x.manifest);
    assert.equal(extract.asOfDay, x.asOfDay);
    assert.deepEqual(report.rejects, []);
    assert.deepEqual(report.issues, []);
    assert.deepEqual(
      report.tables.map((t) => [t.format, t.rowsRead, t.rowsLoaded]),
      [
        [format, 4, 4],
        [format, 2, 2],
        [format, 2, 2],
        [format, 2, 2],
      ],
    );
  });
}

test('writing the same extract twice gives the same CSV bytes', async () => {
  const a = join(await tempDir(), 'a');
  const b = join(await tempDir(), 'b');
  await writeExtract(a, awkwardExtract());
  await writeExtract(b, awkwardExtract());
  for (const f of ['manifest.json', ...TABLE_NAMES.map((t) => `${t}.csv`)]) {
    assert.deepEqual(await readFile(join(a, f)), await readFile(join(b, f)), f);
  }
});

/** Runs SQL statements on a throwaway DuckDB. */
async function duck(...sql: string[]): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    for (const s of sql) await conn.run(s);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** Replaces NAME.csv in `dir` by NAME.parquet holding the same text, every column VARCHAR. */
async function csvToParquet(dir: string, table: string): Promise<void> {
  const csv = join(dir, `${table}.csv`);
  await duck(
    `COPY (SELECT * FROM read_csv('${csv}', header = true, all_varchar = true)) TO '${join(dir, `${table}.parquet`)}' (FORMAT parquet)`,
  );
  await rm(csv);
}

const withoutLine = (rejects: readonly Reject[]): Reject[] =>
  rejects.map((r) => {
    const copy: { -readonly [K in keyof Reject]?: Reject[K] } = { ...r };
    delete copy.line;
    return copy as Reject;
  });

test('a Parquet table with bad values gets the same rejects as the CSV (without line)', async () => {
  const dir = await writeFiles({
    ...withRows(
      'persons',
      'p4,1990-02-30,F,black,no',
      ',1990-01-01,f,black,no',
      'p1,1991-01-01,f,black,no',
    ),
    ...withRows('referrals', 'r3,2015-03-01T10:00:00,neglect,,,,,,2.5,7,,,yes,'),
    ...withRows('events', 'p4,jail,booking,2012-01-05,2012-01-04'),
  });
  const fromCsv = await reportOf(dir);
  assert.equal(fromCsv.rejects.length, 10);
  for (const t of ['referrals', 'persons', 'events']) await csvToParquet(dir, t);
  const fromParquet = await reportOf(dir);
  assert.deepEqual(fromParquet.rejects, withoutLine(fromCsv.rejects));
  assert.deepEqual(
    fromParquet.tables.map((t) => [t.format, t.rowsRead, t.rowsLoaded, t.byReason]),
    fromCsv.tables.map((t) => [
      t.table === 'referral_persons' ? 'csv' : 'parquet',
      t.rowsRead,
      t.rowsLoaded,
      t.byReason,
    ]),
  );
});

test('typed Parquet columns are read as their contract text, then checked the same way', async () => {
  const dir = await writeFiles({ 'referrals.csv': null, 'referral_persons.csv': null });
  const referrals = join(dir, 'referrals.parquet');
  const select = [
    "SELECT 'r1' AS referral_id, TIMESTAMPTZ '2015-03-01 10:00:00+00' AS received_at,",
    "'neglect' AS allegation, 3.0::DOUBLE AS screener_risk, 20::BIGINT AS shown_score,",
    'true AS override',
    "UNION ALL SELECT 'r2', TIMESTAMPTZ '2015-03-01 10:00:00-05:00', 'other', 2.5, 25, NULL",
  ].join(' ');
  await duck(
    `COPY (${select}) TO '${referrals}' (FORMAT parquet)`,
    `COPY (SELECT 'r1' AS referral_id, 'p1' AS person_id, 'parent' AS role) TO '${join(dir, 'referral_persons.parquet')}' (FORMAT parquet)`,
  );
  const { extract, report } = await readExtract(dir, { allowRejects: true });
  assert.deepEqual(flat(report.rejects), [
    'referrals 2 - screener_risk "2.5" bad_int: screener_risk "2.5" is not an integer',
    'referrals 2 - shown_score "25" int_out_of_range: shown_score 25 is outside the allowed range 1 to 20',
  ]);
  assert.equal(extract.referrals.received_at[0], Date.UTC(2015, 2, 1, 10));
  assert.deepEqual([...extract.referrals.screener_risk], [3]);
  assert.deepEqual([...extract.referrals.shown_score], [20]);
  assert.deepEqual([...extract.referrals.override], [1]);
  assert.equal(report.issues.filter((i) => i.code === 'CONTRACT_COLUMN_ABSENT').length, 8);
  // A TIMESTAMP without time zone has no offset: rejected, like the same text in a CSV.
  await rm(referrals);
  await duck(
    `COPY (SELECT 'r1' AS referral_id, TIMESTAMP '2015-03-01 10:00:00' AS received_at, 'other' AS allegation) TO '${referrals}' (FORMAT parquet)`,
  );
  assert.deepEqual(flat((await reportOf(dir)).rejects), [
    'referrals 1 - received_at "2015-03-01T10:00:00.000" bad_datetime: received_at "2015-03-01T10:00:00.000" has no offset: add Z (UTC) or ±HH:MM',
    'referral_persons 1 - referral_id "r1" rejected_reference: referral_id "r1" refers to referrals row 1, which was rejected (bad_datetime)',
  ]);
});
