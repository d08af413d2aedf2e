/**
 * The client address that rate limits and lockouts are keyed on: behind a trusted proxy, the
 * address the proxy appended to X-Forwarded-For, never one the client wrote there; and the
 * in-memory failure counts, when full, never forget an address that is still locked out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRateLimiter } from '../../server/auth/rate-limit.js';
import { serviceTest } from './fixture.js';
import { client } from './client.js';

await serviceTest(
  'behind a trusted proxy, a made-up X-Forwarded-For entry does not escape the login limit',
  { timeout: 60_000, service: { trustProxy: true } },
  async (svc) => {
    const anon = client(svc.app);
    const statuses: number[] = [];
    for (let k = 0; k < 25; k++) {
      const forged = `198.51.100.${randomBytes(1)[0]}, 10.${k}.0.1`;
      const r = await anon.api(
        'POST',
        '/api/login',
        { username: 'no-such-user', password: 'wrong password!' },
        { 'x-forwarded-for': `${forged}, 203.0.113.9` },
      );
      statuses.push(r.status);
    }
    // The default 20 a minute from 203.0.113.9, the address the proxy saw.
    assert.deepEqual(statuses, [...Array(20).fill(401), ...Array(5).fill(429)]);
    const other = await anon.api(
      'POST',
      '/api/login',
      { username: 'no-such-user', password: 'wrong password!' },
      { 'x-forwarded-for': '203.0.113.9, 203.0.113.10' },
    );
    assert.equal(other.status, 401, 'another address the proxy saw has its own limit');
  },
);

test('failure counts, when the map is full, keep every address that is still locked out', () => {
  const limiter = createRateLimiter();
  const now = 1_000_000;
  const lockMs = 15 * 60_000;
  for (let k = 0; k < 5; k++) limiter.fail('victim', now, 5, lockMs);
  limiter.fail('expired', now - lockMs - 1, 1, lockMs);
  assert.equal(limiter.locked('victim', now), true);
  // Twice the map's bound of 50,000 addresses with one failure each: two rounds of pruning.
  for (let i = 0; i < 100_000; i++) limiter.fail(`a${i}`, now + 1, 5, lockMs);
  assert.equal(limiter.locked('victim', now + 2), true, 'still locked after the pruning');
  assert.equal(limiter.locked('victim', now + lockMs), false, 'until its lock runs out');
  // An address dropped to make room (it was not locked) starts its count again.
  assert.equal(limiter.fail('a0', now + 3, 2, lockMs), null);
});
