import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CsvParser, parseCsvText, readExtract } from '../../src/contract/index.js';
import { PERSONS, cleanup, counts, flat, reportOf, withRows, writeFiles } from './fixture.js';

after(cleanup);

test('CRLF, LF and lone CR line endings mix in one file; lines are counted right', async () => {
  const persons = [
    'person_id,birth_date,sex,race,hispanic\r\n',
    'p1,1985-02-03,f,black,no\n',
    'p2,2010-05-06,m,white,unknown\r\n',
    'p3,2012-07-08,x,asian,yes\r',
    'p4,2012-07-08,F,asian,yes\r\n',
  ].join('');
  const { extract, report } = await readExtract(await writeFiles({ 'persons.csv': persons }), {
    allowRejects: true,
  });
  assert.deepEqual(extract.persons.person_id, ['p1', 'p2', 'p3']);
  assert.deepEqual([...extract.persons.hispanic], [1, 2, 0]);
  assert.deepEqual(flat(report.rejects), [
    'persons 4 5 sex "F" bad_enum: unknown sex "F": expected one of f, m, x, unknown, lower case and exact (did you mean "f"?)',
  ]);
});

test('a UTF-8 byte-order mark before the header is dropped', async () => {
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PERSONS)]);
  const { extract, report } = await readExtract(await writeFiles({ 'persons.csv': bom }));
  assert.deepEqual(extract.persons.person_id, ['p1', 'p2', 'p3']);
  assert.deepEqual(report.issues, []);
});

test('blank lines are skipped, counted in one issue, and keep line numbers right', async () => {
  const persons = `\n${PERSONS.replace('\np2', '\n\n\r\np2')}\n\np4,1990-01-01,F,black,no\n`;
  const dir = await writeFiles({ 'persons.csv': persons });
  const report = await reportOf(dir);
  assert.deepEqual(counts(report)[1], ['persons', 4, 3, 1]);
  assert.equal(report.rejects[0]!.line, 10);
  assert.deepEqual(report.issues, [
    {
      code: 'CONTRACT_BLANK_LINES',
      severity: 'info',
      message: `${join(dir, 'persons.csv')}: 5 blank lines skipped (the first on line 1)`,
      table: 'persons',
    },
  ]);
});

test('a huge quoted field across read chunks loads whole when the limit allows it', async () => {
  // 1.8 MB: longer than the 1 MiB read chunk, with doubled quotes, commas and CRLFs inside.
  const big = `${'k,""\r\n'.repeat(300_000)}é`;
  const files = withRows('events', `p1,jail,"${big}",2012-01-01,`, 'p9,jail,after,2012-01-01,');
  const dir = await writeFiles(files);
  const { extract, report } = await readExtract(dir, {
    allowRejects: true,
    maxFieldBytes: 2_000_000,
  });
  assert.equal(extract.events.kind[2], `${'k,"\r\n'.repeat(300_000)}é`);
  assert.deepEqual(flat(report.rejects), [
    'events 4 300005 person_id "p9" dangling_reference: person_id "p9" is not in persons',
  ]);
  const capped = await reportOf(dir);
  assert.deepEqual(
    capped.rejects.map((r) => [r.row, r.line, r.code, r.reason, r.value.length]),
    [
      [
        3,
        4,
        'field_too_long',
        'field is 1500002 bytes, over the 65536-byte limit (maxFieldBytes)',
        201,
      ],
      [4, 300005, 'dangling_reference', 'person_id "p9" is not in persons', 2],
    ],
  );
});

test('parseCsvText: quoting, empty fields, a last record without a line break', () => {
  assert.deepEqual(parseCsvText('a,"b,c","d""e",\n"x\r\ny",,"" \nlast'), [
    { fields: ['a', 'b,c', 'd"e', ''], line: 1, malformed: null },
    {
      fields: ['x\r\ny', '', ' '],
      line: 2,
      malformed: 'text after a closing quote (quote the whole field and double inner quotes)',
    },
    { fields: ['last'], line: 4, malformed: null },
  ]);
  assert.deepEqual(parseCsvText(''), []);
  assert.deepEqual(parseCsvText('""'), [{ fields: [''], line: 1, malformed: null }]);
  assert.deepEqual(parseCsvText('a,\n'), [{ fields: ['a', ''], line: 1, malformed: null }]);
});

/** Records and blank lines from feeding `text` in pieces cut at `cuts`. */
function parsePieces(text: string, cuts: readonly number[]): string {
  const out: unknown[] = [];
  const p = new CsvParser(
    (fields, count, line, malformed) => out.push([fields.slice(0, count), line, malformed]),
    (line) => out.push(['blank', line]),
  );
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    p.push(text.slice(from, cut));
    from = cut;
  }
  p.end();
  return JSON.stringify(out);
}

test('CsvParser gives the same records wherever the chunks are cut', () => {
  const texts = [
    'a,"b""c",d\r\n\r\n"x\ry"\r"q""",\n,"\r\n"\rz',
    '"a""","b"x,c"d\r\n\n"unclosed,\r',
    '\ufeffh1,h2\r\n1,2\r',
  ];
  for (const text of texts) {
    const whole = parsePieces(text, []);
    for (let i = 1; i < text.length; i++) assert.equal(parsePieces(text, [i]), whole, `cut ${i}`);
    const every = Array.from({ length: text.length - 1 }, (_, i) => i + 1);
    assert.equal(parsePieces(text, every), whole);
  }
  assert.equal(
    parsePieces(texts[0]!, []),
    JSON.stringify([
      [['a', 'b"c', 'd'], 1, null],
      ['blank', 2],
      [['x\ry'], 3, null], // a CR inside quotes is a line break too
      [['q"', ''], 5, null],
      [['', '\r\n'], 6, null],
      [['z'], 8, null],
    ]),
  );
});
