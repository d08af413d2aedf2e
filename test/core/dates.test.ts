import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MS_PER_DAY,
  ageInYears,
  formatDate,
  formatDateTime,
  parseDate,
  parseDateTime,
} from '../../src/core/index.js';

test('parseDate gives day numbers and refuses non-dates', () => {
  assert.equal(parseDate('1970-01-02'), 1);
  assert.equal(parseDate('2016-08-01'), 17014);
  assert.ok(Number.isNaN(parseDate('2015-02-29')));
  assert.ok(Number.isNaN(parseDate('2015-13-01')));
  assert.ok(Number.isNaN(parseDate('2015-1-01')));
  assert.ok(Number.isNaN(parseDate('01/02/2015')));
  assert.equal(parseDate('2016-02-29'), 16860);
});

test('parseDateTime honours offsets and needs one', () => {
  assert.equal(parseDateTime('2014-01-01T00:00:00Z'), Date.UTC(2014, 0, 1));
  assert.equal(parseDateTime('2014-01-01T00:00:00-05:00'), Date.UTC(2014, 0, 1, 5));
  assert.equal(parseDateTime('2014-01-01T10:30+01:00'), Date.UTC(2014, 0, 1, 9, 30));
  assert.equal(parseDateTime('2014-01-01T10:30:15.250Z'), Date.UTC(2014, 0, 1, 10, 30, 15, 250));
  assert.ok(Number.isNaN(parseDateTime('2014-01-01T10:30:00')));
  assert.ok(Number.isNaN(parseDateTime('2014-01-01 10:30:00Z')));
  assert.ok(Number.isNaN(parseDateTime('2014-01-01T24:00:00Z')));
});

test('formatting round-trips', () => {
  assert.equal(formatDate(parseDate('2012-07-15')), '2012-07-15');
  assert.equal(formatDateTime(Date.UTC(2014, 0, 1, 5)), '2014-01-01T05:00:00Z');
  assert.equal(formatDateTime(Date.UTC(2014, 0, 1, 5, 0, 0, 7)), '2014-01-01T05:00:00.007Z');
});

test('age is completed years, a birthday counts on the day', () => {
  const b = parseDate('2008-03-15');
  assert.equal(ageInYears(b, parseDate('2016-03-14')), 7);
  assert.equal(ageInYears(b, parseDate('2016-03-15')), 8);
  assert.equal(ageInYears(parseDate('2012-02-29'), parseDate('2013-02-28')), 0);
  assert.equal(ageInYears(parseDate('2012-02-29'), parseDate('2013-03-01')), 1);
});

test('formatDate writes what Date writes for every day from 1600 to 2400, the range ends and beyond', () => {
  const viaDate = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  for (let day = parseDate('1600-01-01'); day <= parseDate('2400-12-31'); day++) {
    if (formatDate(day) !== viaDate(day)) assert.equal(formatDate(day), viaDate(day), `day ${day}`);
  }
  for (const day of [
    -719_163, -719_162, -719_161, -1, 0, 1, 2_932_895, 2_932_896, 2_932_897, 1.5, -0.5,
  ]) {
    assert.equal(formatDate(day), viaDate(day), `day ${day}`);
  }
  assert.equal(formatDate(-719_162), '0001-01-01');
  assert.equal(formatDate(2_932_896), '9999-12-31');
  assert.throws(() => formatDate(NaN), RangeError);
});
