import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TableName } from '../../src/contract/index.js';
import { cleanup, counts, flat, reportOf, withRows, writeFiles } from './fixture.js';

after(cleanup);

/** The rejects (as flat lines) after appending `lines` to the base file of `table`. */
async function rejectsFor(table: TableName, ...lines: string[]): Promise<string[]> {
  return flat((await reportOf(await writeFiles(withRows(table, ...lines)))).rejects);
}

const SEX = 'expected one of f, m, x, unknown, lower case and exact';
const RACE =
  'expected one of black, white, asian, native_american, pacific_islander, multiracial, other, unknown, lower case and exact';
const ROLE =
  'expected one of alleged_victim, child, parent, alleged_perpetrator, other_adult, lower case and exact';

test('bad_enum: a value outside the enum, with a hint when only the case is wrong', async () => {
  assert.deepEqual(
    await rejectsFor('persons', 'p4,1990-01-01,F,black,no', 'p5,1990-01-01,f,Asian ,no'),
    [
      `persons 4 5 sex "F" bad_enum: unknown sex "F": ${SEX} (did you mean "f"?)`,
      `persons 5 6 race "Asian " bad_enum: unknown race "Asian ": ${RACE}`,
    ],
  );
  assert.deepEqual(await rejectsFor('referral_persons', 'r1,p3,victim'), [
    `referral_persons 4 5 role "victim" bad_enum: unknown role "victim": ${ROLE}`,
  ]);
});

test('bad_date: not a calendar date YYYY-MM-DD (leap years checked)', async () => {
  const dates = ['1990-02-30', '2015-02-29', '1900-02-29', '1990-1-05', '05/01/1990', '2016-02-29'];
  assert.deepEqual(
    await rejectsFor('persons', ...dates.map((d, i) => `q${i},${d},f,black,no`)),
    dates
      .slice(0, 5)
      .map(
        (d, i) =>
          `persons ${4 + i} ${5 + i} birth_date "${d}" bad_date: birth_date "${d}" is not a calendar date YYYY-MM-DD`,
      ),
  );
  assert.deepEqual(await rejectsFor('events', 'p1,jail,booking,2012-01-01,2012-13-01'), [
    'events 3 4 end_date "2012-13-01" bad_date: end_date "2012-13-01" is not a calendar date YYYY-MM-DD',
  ]);
});

test('bad_datetime: no offset, a space for T, a bare date, hour 24', async () => {
  const row = (id: string, at: string) => `${id},${at},neglect,,,,,,,,,,,`;
  const rows = [
    '2015-03-01T10:00:00',
    '2015-03-01 10:00:00Z',
    '2015-03-01',
    '2015-03-01T24:00:00Z',
    '2015-03-01T10:00:00.123+01:00',
  ];
  const not = 'is not an ISO 8601 datetime with an offset or Z';
  assert.deepEqual(await rejectsFor('referrals', ...rows.map((at, i) => row(`r${i + 3}`, at))), [
    'referrals 3 4 received_at "2015-03-01T10:00:00" bad_datetime: received_at "2015-03-01T10:00:00" has no offset: add Z (UTC) or ±HH:MM',
    `referrals 4 5 received_at "2015-03-01 10:00:00Z" bad_datetime: received_at "2015-03-01 10:00:00Z" ${not}`,
    `referrals 5 6 received_at "2015-03-01" bad_datetime: received_at "2015-03-01" ${not}`,
    `referrals 6 7 received_at "2015-03-01T24:00:00Z" bad_datetime: received_at "2015-03-01T24:00:00Z" ${not}`,
  ]);
});

test('bad_int and int_out_of_range, including integers too long to parse', async () => {
  const row = (id: string, risk: string, safety: string, score: string) =>
    `${id},2015-03-01T10:00:00Z,neglect,,,,,,${risk},${safety},${score},,,`;
  const range3 = 'is outside the allowed range 1 to 3';
  assert.deepEqual(
    await rejectsFor(
      'referrals',
      row('r3', '2.5', ' 2', '+3'),
      row('r4', '4', '0', '21'),
      row('r5', '-1', 'two', '12345678901234567'),
      row('r6', '3', '1', '020'),
    ),
    [
      'referrals 3 4 screener_risk "2.5" bad_int: screener_risk "2.5" is not an integer',
      'referrals 3 4 screener_safety " 2" bad_int: screener_safety " 2" is not an integer',
      'referrals 3 4 shown_score "+3" bad_int: shown_score "+3" is not an integer',
      `referrals 4 5 screener_risk "4" int_out_of_range: screener_risk 4 ${range3}`,
      `referrals 4 5 screener_safety "0" int_out_of_range: screener_safety 0 ${range3}`,
      'referrals 4 5 shown_score "21" int_out_of_range: shown_score 21 is outside the allowed range 1 to 20',
      `referrals 5 6 screener_risk "-1" int_out_of_range: screener_risk -1 ${range3}`,
      'referrals 5 6 screener_safety "two" bad_int: screener_safety "two" is not an integer',
      'referrals 5 6 shown_score "12345678901234567" int_out_of_range: shown_score 12345678901234567 is outside the allowed range 1 to 20',
    ],
  );
});

test('bad_bool: only true and false', async () => {
  const row = (id: string, b: string) => `${id},2015-03-01T10:00:00Z,neglect,,,,,,,,,,${b},`;
  assert.deepEqual(
    await rejectsFor('referrals', row('r3', 'yes'), row('r4', 'TRUE'), row('r5', '1')),
    [
      'referrals 3 4 override "yes" bad_bool: override "yes" is not true or false',
      'referrals 4 5 override "TRUE" bad_bool: override "TRUE" is not true or false',
      'referrals 5 6 override "1" bad_bool: override "1" is not true or false',
    ],
  );
});

test('missing_required: every empty required cell, none for empty optional cells', async () => {
  const report = await reportOf(await writeFiles(withRows('persons', ',,,,')));
  const names = ['person_id', 'birth_date', 'sex', 'race', 'hispanic'];
  assert.deepEqual(
    flat(report.rejects),
    names.map((c) => `persons 4 5 ${c} "" missing_required: ${c} is required but empty`),
  );
  assert.deepEqual(report.tables[1]!.byReason, { missing_required: 5 });
  // Five problems make one rejected row; the base r2 (empty optional cells) loads.
  assert.deepEqual(counts(report).slice(0, 2), [
    ['referrals', 2, 2, 0],
    ['persons', 4, 3, 1],
  ]);
});

test('field_count: fewer or more fields than the header; the row is not checked further', async () => {
  assert.deepEqual(await rejectsFor('persons', 'p4,1990-01-01,F,black', 'p5,x,f,black,no,extra'), [
    'persons 4 5 - "p4,1990-01-01,F,black" field_count: the record has 4 fields, the header has 5',
    'persons 5 6 - "p5,x,f,black,no,extra" field_count: the record has 6 fields, the header has 5',
  ]);
});

test('bad_quote: stray quote, text after a closing quote, an unclosed quote', async () => {
  const fix = '(quote the whole field and double inner quotes)';
  assert.deepEqual(
    await rejectsFor('persons', 'p4,1990-01-01,f,bl"ack,no', 'p5,"1990-01-01"x,f,black,no'),
    [
      `persons 4 5 - "p4,1990-01-01,f,bl\\"ack,no" bad_quote: malformed CSV: a quote inside an unquoted field ${fix}`,
      `persons 5 6 - "p5,1990-01-01x,f,black,no" bad_quote: malformed CSV: text after a closing quote ${fix}`,
    ],
  );
  // An unclosed quote swallows the rest of the file into one record.
  const lines = ['p4,"1990-01-01,f,black,no', 'p5,1990-01-01,f,black,no'];
  const report = await reportOf(await writeFiles(withRows('persons', ...lines)));
  const value = '"p4,1990-01-01,f,black,no\\np5,1990-01-01,f,black,no\\n"';
  assert.deepEqual(flat(report.rejects), [
    `persons 4 5 - ${value} bad_quote: malformed CSV: a quoted field is never closed (it runs to the end of the file)`,
    `persons 4 5 - ${value} field_count: the record has 2 fields, the header has 5`,
  ]);
  assert.deepEqual(counts(report)[1], ['persons', 4, 3, 1]);
});

test('field_too_long: counted in UTF-8 bytes, value truncated to 200 characters', async () => {
  const id = 'é'.repeat(13);
  const dir = await writeFiles(withRows('persons', `${id},1990-01-01,f,black,no`));
  assert.deepEqual(flat((await reportOf(dir, { maxFieldBytes: 25 })).rejects), [
    `persons 4 5 person_id "${id}" field_too_long: field is 26 bytes, over the 25-byte limit (maxFieldBytes)`,
  ]);
  assert.equal((await reportOf(dir, { maxFieldBytes: 26 })).rejects.length, 0);
  const kind = 'k'.repeat(70_000);
  assert.deepEqual(await rejectsFor('events', `p1,jail,${kind},2012-01-01,`), [
    `events 3 4 kind "${'k'.repeat(200)}…" field_too_long: field is 70000 bytes, over the 65536-byte limit (maxFieldBytes)`,
  ]);
});

test('a row with problems in several cells has one Reject per problem, in column order', async () => {
  const report = await reportOf(
    await writeFiles(withRows('persons', 'p4,1990-02-30,F,Black,maybe')),
  );
  assert.deepEqual(
    report.rejects.map((r) => [r.column, r.code]),
    [
      ['birth_date', 'bad_date'],
      ['sex', 'bad_enum'],
      ['race', 'bad_enum'],
      ['hispanic', 'bad_enum'],
    ],
  );
  assert.deepEqual(report.tables[1]!.byReason, { bad_enum: 3, bad_date: 1 });
  assert.deepEqual(counts(report)[1], ['persons', 4, 3, 1]);
});
