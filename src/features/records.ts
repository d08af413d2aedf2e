/**
 * The record table: one row per child-referral record (a child named as alleged victim or child on
 * a referral), in time order, with its ids and the group attributes audits use. Race is recorded
 * here for auditing and is never a model feature.
 *
 * Groups: the child's race as recorded; household race, where a "Black household" has anyone on
 * the referral recorded as black (Gerchick et al. 2023); sex; age band (0–2, 3–6, 7–11, 12–15,
 * 16–17, cut where the V2 protocols cut: under 7 and under 16).
 */
import { ageInYears, dayOf } from '../core/index.js';
import { RACE, type Extract } from '../contract/index.js';
import { ROLE_BIT, type ExtractIndex } from './extract-index.js';

export const AGE_BANDS = ['0-2', '3-6', '7-11', '12-15', '16-17'] as const;
export const HOUSEHOLD_RACE = ['black', 'non_black'] as const;

/** Age band index of an age in completed years. */
export function ageBandOf(age: number): number {
  if (age < 3) return 0;
  if (age < 7) return 1;
  if (age < 12) return 2;
  if (age < 16) return 3;
  return 4;
}

export interface RecordTable {
  readonly n: number;
  readonly referralId: readonly string[];
  readonly personId: readonly string[];
  /** Row of the referral in the extract's referrals table. */
  readonly referralRow: Uint32Array;
  /** Dense household (referral) index, 0..H−1 in time order. */
  readonly household: Uint32Array;
  /** Row of the child in the extract's persons table. */
  readonly child: Uint32Array;
  readonly receivedAt: Float64Array;
  readonly callDay: Float64Array;
  readonly age: Float64Array;
  readonly ageBand: Int8Array;
  /** Codes into the contract's SEX and RACE enums. */
  readonly sex: Int8Array;
  readonly childRace: Int8Array;
  /** Index into HOUSEHOLD_RACE: 0 black household, 1 non-black household. */
  readonly householdRace: Int8Array;
  readonly isAllegedVictim: Uint8Array;
  /** Number of people named on the referral. */
  readonly householdSize: Uint16Array;
  /** The referral's allegation and screening decision (codes into the contract enums; −1 missing). */
  readonly allegation: Int8Array;
  readonly decision: Int8Array;
}

/** Builds the record table in the builder's order (referrals by time, members by person row). */
export function buildRecords(extract: Extract, ix: ExtractIndex): RecordTable {
  const childBits = ROLE_BIT.alleged_victim | ROLE_BIT.child;
  const black = RACE.indexOf('black');
  const out = {
    referralId: [] as string[],
    personId: [] as string[],
    referralRow: [] as number[],
    household: [] as number[],
    child: [] as number[],
    isAllegedVictim: [] as number[],
    householdRace: [] as number[],
    householdSize: [] as number[],
  };
  ix.referralOrder.forEach((r, h) => {
    const m0 = ix.memberStart[r]!;
    const m1 = ix.memberStart[r + 1]!;
    let anyBlack = false;
    for (let m = m0; m < m1; m++)
      if (extract.persons.race[ix.memberPerson[m]!] === black) anyBlack = true;
    for (let m = m0; m < m1; m++) {
      const roles = ix.memberRoles[m]!;
      if ((roles & childBits) === 0) continue;
      const p = ix.memberPerson[m]!;
      out.referralId.push(extract.referrals.referral_id[r]!);
      out.personId.push(extract.persons.person_id[p]!);
      out.referralRow.push(r);
      out.household.push(h);
      out.child.push(p);
      out.isAllegedVictim.push((roles & ROLE_BIT.alleged_victim) !== 0 ? 1 : 0);
      out.householdRace.push(anyBlack ? 0 : 1);
      out.householdSize.push(m1 - m0);
    }
  });
  const n = out.child.length;
  const receivedAt = Float64Array.from(out.referralRow, (r) => extract.referrals.received_at[r]!);
  const callDay = receivedAt.map((ms) => dayOf(ms));
  const age = Float64Array.from(out.child, (p, i) =>
    ageInYears(extract.persons.birth_date[p]!, callDay[i]!),
  );
  return {
    n,
    referralId: out.referralId,
    personId: out.personId,
    referralRow: Uint32Array.from(out.referralRow),
    household: Uint32Array.from(out.household),
    child: Uint32Array.from(out.child),
    receivedAt,
    callDay,
    age,
    ageBand: Int8Array.from(age, ageBandOf),
    sex: Int8Array.from(out.child, (p) => extract.persons.sex[p]!),
    childRace: Int8Array.from(out.child, (p) => extract.persons.race[p]!),
    householdRace: Int8Array.from(out.householdRace),
    isAllegedVictim: Uint8Array.from(out.isAllegedVictim),
    householdSize: Uint16Array.from(out.householdSize),
    allegation: Int8Array.from(out.referralRow, (r) => extract.referrals.allegation[r]!),
    decision: Int8Array.from(out.referralRow, (r) => extract.referrals.screening_decision[r]!),
  };
}
