import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { isSightlineError } from '../../src/core/index.js';
import {
  REJECTS_HEADER,
  readExtract,
  rejectsCsv,
  type ValidationReport,
} from '../../src/contract/index.js';
import { cleanup, counts, flat, reportOf, withRows, writeFiles } from './fixture.js';

after(cleanup);

test('duplicate_key: the first row is kept, later ones name it (composite keys too)', async () => {
  const report = await reportOf(
    await writeFiles({
      ...withRows('persons', 'p1,1986-02-03,f,black,no', 'p9,1990-02-30,f,black,no'),
      ...withRows('referral_persons', 'r1,p2,alleged_victim', 'r1,p2,child'),
      'events.csv': 'person_id,source,kind,start_date,end_date\np1,jail,booking,2012-01-01,\n',
    }),
  );
  const withP9 = await reportOf(
    await writeFiles(withRows('persons', 'p9,1990-02-30,f,black,no', 'p9,1990-02-03,f,black,no')),
  );
  assert.deepEqual(flat(report.rejects), [
    'persons 4 5 person_id "p1" duplicate_key: duplicate of row 1 (person_id = p1)',
    'persons 5 6 birth_date "1990-02-30" bad_date: birth_date "1990-02-30" is not a calendar date YYYY-MM-DD',
    'referral_persons 4 5 referral_id,person_id,role "r1,p2,alleged_victim" duplicate_key: duplicate of row 2 (referral_id, person_id, role = r1, p2, alleged_victim)',
  ]);
  assert.deepEqual(flat(withP9.rejects), [
    'persons 4 5 birth_date "1990-02-30" bad_date: birth_date "1990-02-30" is not a calendar date YYYY-MM-DD',
    'persons 5 6 person_id "p9" duplicate_key: duplicate of row 4 (person_id = p9), itself rejected (bad_date)',
  ]);
  // The same person in another role on the same referral is not a duplicate.
  assert.deepEqual(counts(report), [
    ['referrals', 2, 2, 0],
    ['persons', 5, 3, 2],
    ['referral_persons', 5, 4, 1],
    ['events', 1, 1, 0],
  ]);
});

test('dangling_reference: an id that is not in the referenced table', async () => {
  const report = await reportOf(
    await writeFiles({
      ...withRows('referral_persons', 'r9,p1,parent', 'r1,p9,child'),
      ...withRows('events', 'p9,jail,booking,2012-01-01,'),
    }),
  );
  assert.deepEqual(flat(report.rejects), [
    'referral_persons 4 5 referral_id "r9" dangling_reference: referral_id "r9" is not in referrals',
    'referral_persons 5 6 person_id "p9" dangling_reference: person_id "p9" is not in persons',
    'events 3 4 person_id "p9" dangling_reference: person_id "p9" is not in persons',
  ]);
});

test('rejected_reference: rows that refer to a rejected row are rejected too (the cascade)', async () => {
  const report = await reportOf(
    await writeFiles({
      ...withRows('referrals', 'r3,2015-03-01T10:00:00Z,Neglect,,,,,,,,,,,'),
      ...withRows('persons', 'p4,1990-01-01,F,black,no'),
      ...withRows('referral_persons', 'r3,p4,child'),
      ...withRows('events', 'p4,jail,booking,2012-01-01,'),
    }),
  );
  assert.deepEqual(flat(report.rejects).slice(2), [
    'referral_persons 4 5 referral_id "r3" rejected_reference: referral_id "r3" refers to referrals row 3, which was rejected (bad_enum)',
    'referral_persons 4 5 person_id "p4" rejected_reference: person_id "p4" refers to persons row 4, which was rejected (bad_enum)',
    'events 3 4 person_id "p4" rejected_reference: person_id "p4" refers to persons row 4, which was rejected (bad_enum)',
  ]);
  assert.deepEqual(counts(report), [
    ['referrals', 3, 2, 1],
    ['persons', 4, 3, 1],
    ['referral_persons', 4, 3, 1],
    ['events', 3, 2, 1],
  ]);
});

test('end_before_start: an event that ends before it starts; ending the same day is fine', async () => {
  const rows = ['p1,jail,booking,2012-01-05,2012-01-04', 'p1,jail,booking,2012-01-05,2012-01-05'];
  const report = await reportOf(await writeFiles(withRows('events', ...rows)));
  assert.deepEqual(flat(report.rejects), [
    'events 3 4 end_date "2012-01-04" end_before_start: end_date 2012-01-04 is before start_date 2012-01-05',
  ]);
});

test('birth_after_referral: born after the UTC day the call came in; born that day is fine', async () => {
  const report = await reportOf(
    await writeFiles({
      // r3 is received on 2015-07-01 in UTC (20:30 at -05:00 on June 30).
      ...withRows('referrals', 'r3,2015-06-30T20:30:00-05:00,neglect,,,,,,,,,,,'),
      ...withRows('persons', 'p4,2015-03-02,f,black,no', 'p5,2015-03-01,f,black,no'),
      ...withRows('referral_persons', 'r1,p4,child', 'r1,p5,child', 'r3,p4,child'),
    }),
  );
  assert.deepEqual(flat(report.rejects), [
    'referral_persons 4 5 person_id "p4" birth_after_referral: person p4 (persons row 4) was born 2015-03-02, after referral r1 was received on 2015-03-01 (referrals row 1)',
  ]);
  // The person stays loaded: only the referral_persons row is rejected.
  assert.deepEqual(counts(report).slice(1, 3), [
    ['persons', 5, 5, 0],
    ['referral_persons', 6, 5, 1],
  ]);
});

test('without allowRejects a rejection throws E_CONTRACT_REJECTED with the report', async () => {
  const dir = await writeFiles({
    ...withRows('persons', 'p4,1990-01-01,F,black,no', 'p5,1990-01-01,f,,no'),
    ...withRows('events', 'p4,jail,booking,2012-01-01,'),
  });
  let report: ValidationReport | undefined;
  await assert.rejects(readExtract(dir), (e) => {
    assert.ok(isSightlineError(e, 'E_CONTRACT_REJECTED'));
    assert.equal(
      e.message,
      `3 rows rejected in ${dir}: persons 2 of 5 (missing_required 1, bad_enum 1); events 1 of 3 (rejected_reference 1). Fix: run 'sightline validate ${dir}' to write every rejected row with its reason to a rejects file (--rejects FILE), correct them, or load the other rows with allowRejects (nothing is dropped silently).`,
    );
    report = e.details['report'] as ValidationReport;
    return true;
  });
  assert.deepEqual(report, await reportOf(dir));
});

test('with allowRejects only the loaded rows reach the Extract, in file order', async () => {
  const dir = await writeFiles({
    ...withRows('persons', 'p4,1990-01-01,F,black,no', 'p5,1990-01-01,f,white,no'),
  });
  const { extract, report } = await readExtract(dir, { allowRejects: true });
  assert.deepEqual(extract.persons.person_id, ['p1', 'p2', 'p3', 'p5']);
  assert.equal(extract.persons.n, 4);
  assert.deepEqual([...extract.persons.sex], [0, 1, 2, 0]);
  for (const t of report.tables) assert.equal(t.rowsRead, t.rowsLoaded + t.rowsRejected);
});

test('rejectsCsv: the header, then one CSV line per problem, quoted where needed', () => {
  assert.equal(REJECTS_HEADER, 'table,row,line,column,value,code,reason');
  assert.equal(rejectsCsv([]), 'table,row,line,column,value,code,reason\n');
  const text = rejectsCsv([
    {
      table: 'persons',
      row: 4,
      line: 5,
      column: 'sex',
      value: 'F',
      code: 'bad_enum',
      reason: 'unknown sex "F": expected one of f, m',
    },
    { table: 'events', row: 2, column: '', value: 'a\nb', code: 'field_count', reason: 'x' },
  ]);
  assert.equal(
    text,
    [
      'table,row,line,column,value,code,reason',
      'persons,4,5,sex,F,bad_enum,"unknown sex ""F"": expected one of f, m"',
      'events,2,,,"a\nb",field_count,x',
      '',
    ].join('\n'),
  );
});
