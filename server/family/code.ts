/**
 * Family access codes: 12 characters from a 32-symbol alphabet with no look-alikes (no 0, O, 1 or
 * I), so 60 random bits, shown in three groups of four to be read aloud or typed from paper
 * (`7KQM-4XTR-9HWC`). What a person types is normalised — case, spaces and dashes do not matter —
 * and only the code's SHA-256 is stored.
 */
import { randomBytes } from 'node:crypto';
import { sha256 } from '../../src/core/index.js';

/** The code's symbols: digits 2–9 and the letters without I and O (32 symbols, 5 bits each). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Symbols in a code. */
export const CODE_LENGTH = 12;

/** A fresh random code, grouped for reading (`7KQM-4XTR-9HWC`). */
export function newFamilyCode(): string {
  // 8 random bytes = 64 bits; each symbol takes 5 of them (60 used), so every symbol is uniform.
  let bits = randomBytes(8).readBigUInt64BE();
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    out += CODE_ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}

/**
 * A typed code without case, spaces or dashes (`7kqm 4xtr-9hwc` → `7KQM4XTR9HWC`), or null when
 * it cannot be a code (wrong length or a symbol outside the alphabet).
 */
export function normaliseFamilyCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s\-‐‑–—]/g, '');
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}

/** What the store keeps of a code: the SHA-256 of its normalised form. */
export function familyCodeHash(normalised: string): string {
  return sha256(normalised);
}
