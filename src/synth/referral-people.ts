/**
 * What a call is about and whom it names: the allegation, and the people — children under 18
 * living in the family (alleged victims and other children), parents, other adults, and the
 * alleged perpetrator (a parent who is also the alleged perpetrator gets two rows, as the
 * contract says). A call about a family with no child under 18 that day names nobody.
 */
import type { Rng } from '../core/index.js';
import { ageInYears } from '../core/index.js';
import { ALLEGATION, ROLE } from '../contract/index.js';
import type { SynthKnobs } from './knobs.js';
import type { Pool } from './population.js';

/** Role codes in the contract's ROLE order. */
export const ROLE_CODE = {
  alleged_victim: ROLE.indexOf('alleged_victim'),
  child: ROLE.indexOf('child'),
  parent: ROLE.indexOf('parent'),
  alleged_perpetrator: ROLE.indexOf('alleged_perpetrator'),
  other_adult: ROLE.indexOf('other_adult'),
} as const;

/** Allegation codes in the contract's ALLEGATION order. */
export const ALLEGATION_CODE = {
  neglect: ALLEGATION.indexOf('neglect'),
  abuse: ALLEGATION.indexOf('abuse'),
  severe_neglect: ALLEGATION.indexOf('severe_neglect'),
  other: ALLEGATION.indexOf('other'),
} as const;

/** Scratch list of (person, role) rows for one call. */
export interface NamedRows {
  readonly persons: number[];
  readonly roles: number[];
}

/** Completed years of age at a day, exact near birthdays. */
export function ageAt(birth: number, day: number): number {
  const approx = (day - birth) / 365.2425;
  const whole = Math.floor(approx);
  if (approx - whole > 0.01 && approx - whole < 0.99) return whole;
  return ageInYears(birth, day);
}

/** Draws the allegation of a call; the law-change stream carries fewer serious allegations. */
export function drawAllegation(k: SynthKnobs, risk: number, lawExtra: boolean, rng: Rng): number {
  const damp = lawExtra ? 0.5 : 1;
  const tilt = Math.min(2, Math.max(0.3, 1 + 0.35 * risk));
  const pAbuse = Math.min(0.6, k.referrals.abuse_share * damp * tilt);
  const pSevere = Math.min(0.3, k.referrals.severe_neglect_share * damp * tilt);
  const u = rng.next();
  if (u < pAbuse) return ALLEGATION_CODE.abuse;
  if (u < pAbuse + pSevere) return ALLEGATION_CODE.severe_neglect;
  if (u < pAbuse + pSevere + 0.08) return ALLEGATION_CODE.other;
  return ALLEGATION_CODE.neglect;
}

/** Fills `out` with the rows of a call about family `f` on `day`; false if no child is under 18. */
export function nameCall(
  pool: Pool,
  f: number,
  day: number,
  allegation: number,
  rng: Rng,
  out: NamedRows,
): boolean {
  out.persons.length = 0;
  out.roles.length = 0;
  const first = pool.famFirst[f]!;
  const end = first + pool.famCount[f]!;
  let victims = 0;
  for (let c = pool.famFirstChild[f]!; c < end; c++) {
    const birth = pool.pBirth[c]!;
    if (birth >= day) break;
    const age = ageAt(birth, day);
    if (age >= 18) continue;
    const isVictim = rng.bernoulli(age < 6 ? 0.7 : 0.5);
    if (isVictim) victims++;
    out.persons.push(c);
    out.roles.push(isVictim ? ROLE_CODE.alleged_victim : ROLE_CODE.child);
  }
  if (out.persons.length === 0) return false;
  if (victims === 0) out.roles[rng.int(out.persons.length)] = ROLE_CODE.alleged_victim;
  const adults: number[] = [];
  for (let p = first; p < pool.famFirstChild[f]!; p++) {
    const kind = pool.pKind[p]!;
    if (kind === 0 || (kind === 1 && rng.bernoulli(0.8)) || (kind === 2 && rng.bernoulli(0.6))) {
      // An adult of the family not yet born at the call is not named (the draw above still
      // happens, so the random streams of every other call are unchanged).
      if (pool.pBirth[p]! >= day) continue;
      adults.push(p);
      out.persons.push(p);
      out.roles.push(kind === 2 ? ROLE_CODE.other_adult : ROLE_CODE.parent);
    }
  }
  if (adults.length === 0) return true;
  const mild = allegation === ALLEGATION_CODE.neglect || allegation === ALLEGATION_CODE.other;
  if (rng.bernoulli(mild ? 0.2 : 0.1)) return true;
  const weights = adults.map((p) =>
    pool.pKind[p] === 0 ? (allegation === ALLEGATION_CODE.abuse ? 1 : 3) : 1.5,
  );
  out.persons.push(adults[rng.pick(weights)]!);
  out.roles.push(ROLE_CODE.alleged_perpetrator);
  return true;
}
