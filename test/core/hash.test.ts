import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256, stableStringify } from '../../src/core/index.js';

test('sha256 matches the published value for "abc"', () => {
  assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('stableStringify sorts keys at every level', () => {
  assert.equal(
    stableStringify({ b: 1, a: { d: [2, { z: 1, y: 0 }], c: null } }),
    '{"a":{"c":null,"d":[2,{"y":0,"z":1}]},"b":1}',
  );
});
