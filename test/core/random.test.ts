import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/index.js';

test('equal seeds give equal streams, different seeds different ones', () => {
  const a = createRng(7);
  const b = createRng(7);
  const c = createRng(8);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c.next()),
  );
});

test('fork gives a stream that depends on the label only, not on draws made before', () => {
  const a = createRng(3);
  const b = createRng(3);
  a.next();
  a.next();
  assert.equal(a.fork('events').next(), b.fork('events').next());
  assert.notEqual(b.fork('events').next(), b.fork('people').next());
});

test('uniform, normal, poisson and bernoulli have the right moments', () => {
  const rng = createRng(11);
  const n = 200_000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  let sp = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = rng.normal();
    sn += z;
    sn2 += z * z;
    sp += rng.poisson(3.5);
    sb += rng.bernoulli(0.2) ? 1 : 0;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005);
  assert.ok(Math.abs(sn / n) < 0.01);
  assert.ok(Math.abs(sn2 / n - 1) < 0.02);
  assert.ok(Math.abs(sp / n - 3.5) < 0.03);
  assert.ok(Math.abs(sb / n - 0.2) < 0.005);
});

test('int and pick stay in range and follow the weights', () => {
  const rng = createRng(5);
  const counts = [0, 0, 0];
  for (let i = 0; i < 30_000; i++) {
    const k = rng.int(10);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 10);
    counts[rng.pick([1, 0, 3])]!++;
  }
  assert.equal(counts[1], 0);
  assert.ok(Math.abs(counts[2]! / 30_000 - 0.75) < 0.015);
});

test('a non-integer seed is refused with the value', () => {
  assert.throws(() => createRng(1.5), {
    name: 'RangeError',
    message: 'invalid seed: 1.5 (an integer is needed)',
  });
});
