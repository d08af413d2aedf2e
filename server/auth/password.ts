/**
 * Password hashing with scrypt, Node's built-in memory-hard function: N = 2^15, r = 8, p = 1
 * (32 MiB and about 50–100 ms per hash here) by default. The stored string names its parameters
 * (`scrypt$LOGN$R$P$SALT$HASH`, base64url), so the cost can rise later without breaking old
 * hashes. Verification compares in constant time.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { SightlineError } from '../../src/core/index.js';

const KEY_BYTES = 32;
const R = 8;
const P = 1;

function derive(
  password: string,
  salt: Buffer,
  logN: number,
  r: number,
  p: number,
): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

/** The shortest password accepted for a new account. */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Hashes a password for storage (random 16-byte salt).
 * @throws SightlineError E_AUTH_WEAK_PASSWORD for a password shorter than 12 characters.
 */
export async function hashPassword(password: string, logN = 15): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new SightlineError(
      'E_AUTH_WEAK_PASSWORD',
      `a password needs at least ${MIN_PASSWORD_LENGTH} characters. Fix: choose a longer one (a passphrase of several words is easy to remember).`,
    );
  }
  const salt = randomBytes(16);
  const key = await derive(password, salt, logN, R, P);
  return ['scrypt', logN, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches a stored hash (false for a malformed hash). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every((x) => Number.isInteger(x) && x > 0) || logN > 20) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), logN, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of cost `logN` nobody's password matches: verified for unknown usernames, so the
 * time a login takes does not tell whether the account exists. */
export function dummyHash(logN: number): string {
  const zero = (n: number) => Buffer.alloc(n).toString('base64url');
  return `scrypt$${logN}$${R}$${P}$${zero(16)}$${zero(KEY_BYTES)}`;
}
