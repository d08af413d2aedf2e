import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { cleanup, tempDir, withRows, writeFiles } from '../contract/fixture.js';
import { capture } from './capture.js';

after(cleanup);

/** Runs `sightline ...argv` in the folder `cwd`; returns the exit code and the output. */
async function run(argv: string[], cwd?: string) {
  const io = capture();
  const before = process.cwd();
  if (cwd !== undefined) process.chdir(cwd);
  try {
    return { code: await main(argv, io), out: io.stdout, err: io.stderr };
  } finally {
    process.chdir(before);
  }
}

/** An extract with 3 rejected rows (4 problems) out of 13. */
const BROKEN = {
  ...withRows('persons', 'p4,1990-02-30,F,black,no', 'p1,1991-01-01,f,black,no'),
  ...withRows('events', 'p4,jail,booking,2012-01-01,'),
};

const REJECTS_FILE = [
  'table,row,line,column,value,code,reason',
  'persons,4,5,birth_date,1990-02-30,bad_date,"birth_date ""1990-02-30"" is not a calendar date YYYY-MM-DD"',
  'persons,4,5,sex,F,bad_enum,"unknown sex ""F"": expected one of f, m, x, unknown, lower case and exact (did you mean ""f""?)"',
  'persons,5,6,person_id,p1,duplicate_key,duplicate of row 1 (person_id = p1)',
  'events,3,4,person_id,p4,rejected_reference,"person_id ""p4"" refers to persons row 4, which was rejected (bad_date)"',
  '',
].join('\n');

test('a clean extract: the summary accounts for every row, exit 0, no rejects file', async () => {
  const dir = await writeFiles();
  const cwd = await tempDir();
  const r = await run(['validate', dir], cwd);
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  assert.equal(
    r.out,
    [
      `Extract ${dir} (hand-made, contract sightline/1, as_of 2016-12-31)`,
      '',
      'table             format  read  loaded  rejected  reasons',
      'referrals         csv        2       2         0',
      'persons           csv        3       3         0',
      'referral_persons  csv        3       3         0',
      'events            csv        2       2         0',
      'total                       10      10         0',
      '',
      'OK: all 10 rows loaded, nothing rejected.',
      '',
    ].join('\n'),
  );
  assert.deepEqual(await readdir(cwd), []);
});

test('rejected rows: full summary, exit 1, rejects.csv in the current folder', async () => {
  const dir = await writeFiles(BROKEN);
  const cwd = await tempDir();
  const r = await run(['validate', dir], cwd);
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    [
      `Extract ${dir} (hand-made, contract sightline/1, as_of 2016-12-31)`,
      '',
      'table             format  read  loaded  rejected  reasons',
      'referrals         csv        2       2         0',
      'persons           csv        5       3         2  bad_enum 1, bad_date 1, duplicate_key 1',
      'referral_persons  csv        3       3         0',
      'events            csv        3       2         1  rejected_reference 1',
      'total                       13      10         3',
      '',
      'Reasons:',
      '  bad_enum            1  a value is not one of the allowed enum values (lower case, exact)',
      '  bad_date            1  a date is not a calendar date YYYY-MM-DD',
      '  duplicate_key       1  the row repeats the key of an earlier row (the first is kept)',
      '  rejected_reference  1  the row refers to a row that was itself rejected',
      '',
      'Rejects (first 4 of 4):',
      '  persons row 4 (line 5) birth_date: birth_date "1990-02-30" is not a calendar date YYYY-MM-DD [bad_date]',
      '  persons row 4 (line 5) sex: unknown sex "F": expected one of f, m, x, unknown, lower case and exact (did you mean "f"?) [bad_enum]',
      '  persons row 5 (line 6) person_id: duplicate of row 1 (person_id = p1) [duplicate_key]',
      '  events row 3 (line 4) person_id: person_id "p4" refers to persons row 4, which was rejected (bad_date) [rejected_reference]',
      '',
      'Rejects file: rejects.csv (4 problems).',
      'FAILED: 3 of 13 rows rejected (4 problems). Fix: correct them, or pass --allow-rejects to accept loading the other 10.',
      '',
    ].join('\n'),
  );
  assert.equal(await readFile(join(cwd, 'rejects.csv'), 'utf8'), REJECTS_FILE);
  assert.deepEqual((await readdir(dir)).sort(), [
    'events.csv',
    'manifest.json',
    'persons.csv',
    'referral_persons.csv',
    'referrals.csv',
  ]);
});

test('--allow-rejects exits 0 and still reports and writes every rejected row', async () => {
  const dir = await writeFiles(BROKEN);
  const file = join(await tempDir(), 'deep', 'er', 'r.csv');
  const r = await run(['validate', dir, '--allow-rejects', '--rejects', file]);
  assert.equal(r.code, 0);
  assert.match(r.out, /^total {23}13 {6}10 {9}3$/m);
  assert.ok(
    r.out.endsWith(
      `Rejects file: ${file} (4 problems).\nOK with --allow-rejects: 10 of 13 rows load; 3 rejected (4 problems).\n`,
    ),
  );
  assert.equal(await readFile(file, 'utf8'), REJECTS_FILE);
});

test('--rejects FILE is written even when nothing is rejected (header only)', async () => {
  const file = join(await tempDir(), 'r.csv');
  const r = await run(['validate', await writeFiles(), '--rejects', file]);
  assert.equal(r.code, 0);
  assert.match(r.out, /^Rejects file: .*r\.csv \(0 problems\)\.$/m);
  assert.equal(await readFile(file, 'utf8'), 'table,row,line,column,value,code,reason\n');
});

test('the rejects file is never written inside the extract folder', async () => {
  const dir = await writeFiles(BROKEN);
  const inside = join(dir, '..', 'extract', 'sub', 'r.csv');
  const r = await run(['validate', dir, '--rejects', inside]);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.equal(
    r.err,
    `sightline validate: invalid --rejects: "${inside}" is inside the extract folder ${dir}. Fix: write the rejects file outside the extract, e.g. --rejects extract.rejects.csv. [E_USAGE]\n`,
  );
  // Run from inside the extract: the default file is not written there.
  const r2 = await run(['validate', '.'], dir);
  assert.equal(r2.code, 1);
  assert.match(
    r2.out,
    /^rejects file not written: the current folder is inside the extract folder\. Fix: pass --rejects FILE outside \.\.$/m,
  );
  assert.equal((await readdir(dir)).length, 5);
});

test('a rejects file that cannot be written fails with exit 1 after the report', async () => {
  const folder = join(await tempDir(), 'a-folder');
  await mkdir(folder);
  const r = await run(['validate', await writeFiles(), '--rejects', folder]);
  assert.equal(r.code, 1);
  assert.match(
    r.out,
    /^rejects file not written: cannot write .*a-folder: .+\. Fix: give --rejects a writable file path\.$/m,
  );
  assert.ok(r.out.endsWith('\nFAILED: the rejects file could not be written.\n'));
});

test('--json: totals, tables, issues, rejects and the rejects file', async () => {
  const dir = await writeFiles(BROKEN);
  const file = join(await tempDir(), 'r.csv');
  const r = await run(['validate', dir, '--json', '--rejects', file]);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j), [
    'ok',
    'exitCode',
    'dir',
    'manifest',
    'allowRejects',
    'totals',
    'tables',
    'issues',
    'rejects',
    'rejectsOmitted',
    'rejectsFile',
    'note',
  ]);
  assert.equal(j.ok, false);
  assert.equal(j.exitCode, 1);
  assert.equal(j.manifest.as_of, '2016-12-31');
  assert.deepEqual(j.totals, { rowsRead: 13, rowsLoaded: 10, rowsRejected: 3, problems: 4 });
  assert.deepEqual(j.tables[1], {
    table: 'persons',
    file: join(dir, 'persons.csv'),
    format: 'csv',
    rowsRead: 5,
    rowsLoaded: 3,
    rowsRejected: 2,
    byReason: { bad_enum: 1, bad_date: 1, duplicate_key: 1 },
  });
  assert.deepEqual(j.rejects[0], {
    table: 'persons',
    row: 4,
    line: 5,
    column: 'birth_date',
    value: '1990-02-30',
    code: 'bad_date',
    reason: 'birth_date "1990-02-30" is not a calendar date YYYY-MM-DD',
  });
  assert.equal(j.rejects.length, 4);
  assert.equal(j.rejectsOmitted, 0);
  assert.equal(j.rejectsFile, file);
  assert.equal(j.note, null);
  assert.deepEqual(j.issues, []);
});

test('an unreadable extract: exit 1 with the coded error, as JSON with --json', async () => {
  const dir = await writeFiles({ 'events.csv': null });
  const r = await run(['validate', dir]);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(
    r.err,
    /^sightline validate: .* has no events\.csv or events\.parquet; .* \[E_CONTRACT_MISSING_TABLE\]\n$/,
  );
  const j = await run(['validate', dir, '--json']);
  assert.equal(j.code, 1);
  const body = JSON.parse(j.out);
  assert.deepEqual(Object.keys(body), ['ok', 'exitCode', 'dir', 'error']);
  assert.equal(body.error.code, 'E_CONTRACT_MISSING_TABLE');
  assert.deepEqual(body.error.details, { dir, missing: ['events'] });
});

test('--max-field-bytes sets the field limit; bad values and arguments are usage errors', async () => {
  const dir = await writeFiles();
  const file = join(await tempDir(), 'r.csv');
  const r = await run(['validate', dir, '--max-field-bytes', '20', '--rejects', file]);
  assert.equal(r.code, 1);
  assert.match(r.out, /^referrals +csv +2 +1 +1 +field_too_long 1$/m);
  for (const argv of [
    ['validate', dir, '--max-field-bytes', '0'],
    ['validate', dir, '--max-field-bytes', 'lots'],
    ['validate'],
    ['validate', dir, dir],
    ['validate', dir, '--rejects', ''],
  ]) {
    const u = await run(argv);
    assert.equal(u.code, 2, argv.join(' '));
    assert.match(u.err, /\[E_USAGE\]\n$/);
  }
});

test('issues are listed; text shows the first 10 rejects, JSON the first 1000', async () => {
  const bad = Array.from({ length: 1005 }, (_, i) => `q${i},1990-01-01,F,black,no`);
  const persons = withRows('persons', ...bad)['persons.csv'] as string;
  const dir = await writeFiles({ 'persons.csv': persons.replaceAll('\n', ',\n') });
  const file = join(await tempDir(), 'r.csv');
  const r = await run(['validate', dir, '--rejects', file]);
  assert.equal(r.code, 1);
  assert.match(r.out, /^Rejects \(first 10 of 1005\):$/m);
  assert.equal(r.out.match(/^ {2}persons row \d+ \(line \d+\) sex: /gm)?.length, 10);
  assert.match(
    r.out,
    /^Issues:\n {2}warning CONTRACT_UNKNOWN_COLUMN: .*persons\.csv: unknown column "" \(field 6\) is not in the contract and is ignored$/m,
  );
  assert.equal((await readFile(file, 'utf8')).split('\n').length, 1 + 1005 + 1);
  const j = JSON.parse((await run(['validate', dir, '--json', '--rejects', file])).out);
  assert.equal(j.rejects.length, 1000);
  assert.equal(j.rejectsOmitted, 5);
  assert.equal(j.issues[0].code, 'CONTRACT_UNKNOWN_COLUMN');
});
