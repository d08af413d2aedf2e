import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isSightlineError } from '../../src/core/index.js';
import { readExtract } from '../../src/contract/index.js';
import {
  PERSONS,
  REFERRALS_HEADER,
  cleanup,
  counts,
  reportOf,
  writeFiles,
  type ExtractFiles,
} from './fixture.js';

after(cleanup);

/** Builds the extract with `changes`; checks readExtract throws `code` with `message`. */
async function fails(
  changes: ExtractFiles,
  code: string,
  message: (dir: string) => string | RegExp,
): Promise<void> {
  const dir = await writeFiles(changes);
  await assert.rejects(readExtract(dir, { allowRejects: true }), (e) => {
    assert.ok(isSightlineError(e), String(e));
    assert.equal(e.code, code);
    const want = message(dir);
    if (typeof want === 'string') assert.equal(e.message, want);
    else assert.match(e.message, want);
    return true;
  });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const manifest = (m: Record<string, unknown>) => ({ 'manifest.json': JSON.stringify(m) });
const GOOD = { contract: 'sightline/1', name: 'x', as_of: '2016-12-31', created_at: '2026-01-01Z' };

test('a missing table names every missing file and what was found', async () => {
  await fails(
    { 'events.csv': null, 'persons.csv': null },
    'E_CONTRACT_MISSING_TABLE',
    (dir) =>
      `${dir} has no persons.csv or persons.parquet, no events.csv or events.parquet; found manifest.json, referral_persons.csv, referrals.csv. Fix: an extract needs referrals.csv, persons.csv, referral_persons.csv, events.csv (or .parquet) beside manifest.json.`,
  );
  await fails(
    { 'persons.parquet': PERSONS },
    'E_CONTRACT_AMBIGUOUS_TABLE',
    (dir) =>
      `${dir} holds both persons.csv and persons.parquet; which one is the persons table is unclear. Fix: remove one of them.`,
  );
});

test('a folder that does not exist, or a file given as the folder', async () => {
  const dir = await writeFiles();
  for (const path of [join(dir, 'nope'), join(dir, 'persons.csv')]) {
    await assert.rejects(readExtract(path), {
      code: 'E_CONTRACT_NOT_FOUND',
      message: `extract folder ${path} not found (or not a folder). Fix: give the folder that holds manifest.json and the table files.`,
    });
  }
});

test('a missing required column is fatal and lists the header found', async () => {
  const persons = 'person_id,birth_date,race,hispanic\np1,1985-02-03,black,no\n';
  await fails(
    { 'persons.csv': persons },
    'E_CONTRACT_MISSING_COLUMN',
    (dir) =>
      `${join(dir, 'persons.csv')}: required column sex missing from the header; found "person_id", "birth_date", "race", "hispanic". Fix: add it (names are lower case and exact; the persons columns are person_id, birth_date, sex, race, hispanic).`,
  );
  await fails(
    { 'persons.csv': 'Person_ID,birth_date,race,hispanic\n' },
    'E_CONTRACT_MISSING_COLUMN',
    (dir) => new RegExp(`^${escape(join(dir, 'persons.csv'))}: required columns person_id, sex`),
  );
  await fails(
    { 'persons.csv': PERSONS.replace('hispanic', 'sex') },
    'E_CONTRACT_DUPLICATE_COLUMN',
    (dir) =>
      `${join(dir, 'persons.csv')}: column "sex" appears twice in the header (fields 3 and 5). Fix: keep one column of each name.`,
  );
  await fails(
    { 'persons.csv': 'person_id,"birth_date"x,sex,race,hispanic\n' },
    'E_CONTRACT_HEADER',
    (dir) =>
      `${join(dir, 'persons.csv')}: the header row (line 1) is malformed: text after a closing quote (quote the whole field and double inner quotes). Fix: write the header as plain comma-separated column names.`,
  );
});

test('an unknown column is ignored with a warning; an absent optional column is noted', async () => {
  const persons = PERSONS.replace('hispanic\n', 'hispanic,note\n').replaceAll(
    /(no|unknown|yes)\n/g,
    '$1,hi\n',
  );
  const events = 'person_id,source,kind,start_date\np1,jail,booking,2012-01-01\n';
  const dir = await writeFiles({ 'persons.csv': persons, 'events.csv': events });
  const { extract, report } = await readExtract(dir);
  assert.deepEqual(report.issues, [
    {
      code: 'CONTRACT_UNKNOWN_COLUMN',
      severity: 'warning',
      message: `${join(dir, 'persons.csv')}: unknown column "note" (field 6) is not in the contract and is ignored`,
      table: 'persons',
      column: 'note',
    },
    {
      code: 'CONTRACT_COLUMN_ABSENT',
      severity: 'info',
      message: `${join(dir, 'events.csv')}: optional column end_date is absent; all its values are missing`,
      table: 'events',
      column: 'end_date',
    },
  ]);
  assert.equal(report.rejects.length, 0);
  assert.ok(Number.isNaN(extract.events.end_date[0]!));
  assert.deepEqual(Object.keys(extract.persons).sort(), [
    'birth_date',
    'hispanic',
    'n',
    'person_id',
    'race',
    'sex',
  ]);
});

test('manifest: missing, not JSON, another contract version, a bad as_of, missing fields', async () => {
  await fails(
    { 'manifest.json': null },
    'E_CONTRACT_MANIFEST',
    (dir) =>
      `${join(dir, 'manifest.json')} not found: every extract folder needs a manifest.json. Fix: add one with "contract": "sightline/1", name, as_of and created_at (see DATA-CONTRACT.md).`,
  );
  await fails(
    { 'manifest.json': '{"contract": "sightline/1",' },
    'E_CONTRACT_MANIFEST',
    (dir) =>
      new RegExp(
        `^${escape(join(dir, 'manifest.json'))} is not valid JSON \\(.+\\)\\. Fix: correct the JSON syntax\\.$`,
      ),
  );
  await fails(
    manifest({ ...GOOD, contract: 'sightline/2' }),
    'E_CONTRACT_VERSION',
    (dir) =>
      `${join(dir, 'manifest.json')} declares contract "sightline/2"; this Sightline reads "sightline/1". Fix: convert the extract to sightline/1 or use a Sightline release that reads sightline/2.`,
  );
  const invalid = (dir: string, what: string) =>
    `${join(dir, 'manifest.json')} is not a valid sightline/1 manifest: ${what}. Fix: correct these fields (see DATA-CONTRACT.md, manifest.json).`;
  await fails(manifest({ ...GOOD, as_of: '2016/12/31' }), 'E_CONTRACT_MANIFEST', (dir) =>
    invalid(dir, 'as_of: a date YYYY-MM-DD'),
  );
  await fails(manifest({ contract: 'sightline/1', name: '' }), 'E_CONTRACT_MANIFEST', (dir) =>
    invalid(
      dir,
      'name: Too small: expected string to have >=1 characters; as_of: Invalid input: expected string, received undefined; created_at: Invalid input: expected string, received undefined',
    ),
  );
  await fails(
    manifest({ ...GOOD, as_of: '2016-02-30' }),
    'E_CONTRACT_MANIFEST',
    (dir) =>
      `${join(dir, 'manifest.json')} is not a valid sightline/1 manifest: as_of: "2016-02-30" is not a calendar date. Fix: give as_of as a real date YYYY-MM-DD.`,
  );
});

test('manifest: a created_at that is not a datetime is a warning; a BOM is allowed', async () => {
  const dir = await writeFiles({ 'manifest.json': `\ufeff${JSON.stringify(GOOD)}` });
  const { extract, report } = await readExtract(dir);
  assert.equal(extract.manifest.name, 'x');
  assert.equal(extract.asOfDay, Date.UTC(2016, 11, 31) / 86_400_000);
  assert.deepEqual(report.issues, [
    {
      code: 'CONTRACT_CREATED_AT',
      severity: 'warning',
      message: `${join(dir, 'manifest.json')}: created_at "2026-01-01Z" is not an ISO 8601 datetime with an offset or Z`,
      column: 'created_at',
      value: '2026-01-01Z',
    },
  ]);
});

test('a header-only file is an empty table; empty referrals are warned about', async () => {
  const dir = await writeFiles({
    'referrals.csv': REFERRALS_HEADER,
    'referral_persons.csv': 'referral_id,person_id,role\n',
    'events.csv': 'person_id,source,kind,start_date,end_date\r\n',
  });
  const { extract, report } = await readExtract(dir);
  assert.equal(extract.referrals.n, 0);
  assert.deepEqual(extract.referrals.referral_id, []);
  assert.deepEqual(counts(report), [
    ['referrals', 0, 0, 0],
    ['persons', 3, 3, 0],
    ['referral_persons', 0, 0, 0],
    ['events', 0, 0, 0],
  ]);
  assert.deepEqual(report.issues, [
    {
      code: 'CONTRACT_EMPTY_TABLE',
      severity: 'warning',
      message: `${join(dir, 'referrals.csv')}: the referrals table has no rows; there is nothing to audit`,
      table: 'referrals',
    },
  ]);
});

test('a 0-byte file or one with only blank lines has no header: fatal', async () => {
  const fix =
    'a table file needs at least its header row. Fix: write the header (events columns, comma-separated), even when the table has no rows.';
  await fails(
    { 'events.csv': '' },
    'E_CONTRACT_EMPTY_FILE',
    (dir) => `${join(dir, 'events.csv')} is empty (0 bytes): ${fix}`,
  );
  await fails(
    { 'events.csv': '\n\r\n\r' },
    'E_CONTRACT_EMPTY_FILE',
    (dir) => `${join(dir, 'events.csv')} has no header row (only blank lines): ${fix}`,
  );
  await fails(
    { 'events.csv': null, 'events.parquet': '' },
    'E_CONTRACT_EMPTY_FILE',
    (dir) =>
      `${join(dir, 'events.parquet')} is empty (0 bytes): a Parquet table file needs at least its schema. Fix: write the table with its columns, even when it has no rows.`,
  );
  await fails(
    { 'events.csv': null, 'events.parquet': 'not parquet' },
    'E_CONTRACT_PARQUET',
    (dir) =>
      new RegExp(
        `^cannot read ${escape(join(dir, 'events.parquet'))} as Parquet: .+\\. Fix: rewrite the file as Parquet, or give the table as events\\.csv instead\\.$`,
      ),
  );
});

test('bad UTF-8 is fatal and says at which byte and line', async () => {
  const latin1 = Buffer.from(
    `${PERSONS}p4,1990-01-01,f,black,no\np5,Jos\xe9,f,black,no\n`,
    'latin1',
  );
  const at = latin1.indexOf(0xe9);
  await fails(
    { 'persons.csv': latin1 },
    'E_CONTRACT_ENCODING',
    (dir) =>
      `${join(dir, 'persons.csv')} is not valid UTF-8: bad byte at offset ${at} (line 6). Fix: save the file as UTF-8.`,
  );
  const cut = Buffer.concat([Buffer.from(PERSONS), Buffer.from('é').subarray(0, 1)]);
  await fails(
    { 'persons.csv': cut },
    'E_CONTRACT_ENCODING',
    (dir) =>
      `${join(dir, 'persons.csv')} is not valid UTF-8: the file ends inside a character (line 5). Fix: save the file as UTF-8.`,
  );
  assert.equal((await reportOf(await writeFiles())).rejects.length, 0);
});
