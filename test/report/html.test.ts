import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, formatCell, htmlPage, htmlTable } from '../../src/report/index.js';

test('escapeHtml escapes the five special characters', () => {
  assert.equal(
    escapeHtml(`<a href="x">'&'</a>`),
    '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
  );
});

test('formatCell shows missing values as a dash, integers with separators, others rounded', () => {
  assert.equal(formatCell(NaN), '—');
  assert.equal(formatCell(null), '—');
  assert.equal(formatCell(36840), '36,840');
  assert.equal(formatCell(0.13456), '0.135');
  assert.equal(formatCell('<b>'), '&lt;b&gt;');
});

test('tables escape values and right-align numbers', () => {
  const t = htmlTable('Targets', ['name', 'value'], [['<x>', 1.5]]);
  assert.match(t, /<caption>Targets<\/caption>/);
  assert.match(t, /<td>&lt;x&gt;<\/td><td class="num">1.500<\/td>/);
});

test('a page is self-contained: no external resources, a contents list, escaped title', () => {
  const page = htmlPage(
    'A & B',
    ['made by test'],
    [{ id: 's1', title: 'One', notes: ['n<1'], html: '<p>x</p>' }],
  );
  assert.doesNotMatch(page, /<script|<link|https?:\/\//);
  assert.match(page, /<title>A &amp; B<\/title>/);
  assert.match(page, /<a href="#s1">One<\/a>/);
  assert.match(page, /<p class="note">n&lt;1<\/p>/);
});
