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
  const { persons, referrals } = extract;
  let n = 0;
  for (const r of ix.referralOrder) {
    for (let m = ix.memberStart[r]!; m < ix.memberStart[r + 1]!; m++)
      if ((ix.memberRoles[m]! & childBits) !== 0) n++;
  }
  const referralId = new Array<string>(n);
  const personId = new Array<string>(n);
  const referralRow = new Uint32Array(n);
  const household = new Uint32Array(n);
  const child = new Uint32Array(n);
  const receivedAt = new Float64Array(n);
  const callDay = new Float64Array(n);
  const age = new Float64Array(n);
  const isAllegedVictim = new Uint8Array(n);
  const householdRace = new Int8Array(n);
  const householdSize = new Uint16Array(n);
  let i = 0;
  for (let h = 0; h < ix.referralOrder.length; h++) {
    const r = ix.referralOrder[h]!;
    const m0 = ix.memberStart[r]!;
    const m1 = ix.memberStart[r + 1]!;
    let anyBlack = false;
    for (let m = m0; m < m1; m++) if (persons.race[ix.memberPerson[m]!] === black) anyBlack = true;
    const ms = referrals.received_at[r]!;
    const day = dayOf(ms);
    for (let m = m0; m < m1; m++) {
      const roles = ix.memberRoles[m]!;
      if ((roles & childBits) === 0) continue;
      const p = ix.memberPerson[m]!;
      referralId[i] = referrals.referral_id[r]!;
      personId[i] = persons.person_id[p]!;
      referralRow[i] = r;
      household[i] = h;
      child[i] = p;
      receivedAt[i] = ms;
      callDay[i] = day;
      age[i] = ageInYears(persons.birth_date[p]!, day);
      isAllegedVictim[i] = (roles & ROLE_BIT.alleged_victim) !== 0 ? 1 : 0;
      householdRace[i] = anyBlack ? 0 : 1;
      householdSize[i] = m1 - m0;
      i++;
    }
  }
  const ageBand = new Int8Array(n);
  const sex = new Int8Array(n);
  const childRace = new Int8Array(n);
  const allegation = new Int8Array(n);
  const decision = new Int8Array(n);
  for (let k = 0; k < n; k++) {
    ageBand[k] = ageBandOf(age[k]!);
    sex[k] = persons.sex[child[k]!]!;
    childRace[k] = persons.race[child[k]!]!;
    allegation[k] = referrals.allegation[referralRow[k]!]!;
    decision[k] = referrals.screening_decision[referralRow[k]!]!;
  }
  return {
    n,
    referralId,
    personId,
    referralRow,
    household,
    child,
    receivedAt,
    callDay,
    age,
    ageBand,
    sex,
    childRace,
    householdRace,
    isAllegedVictim,
    householdSize,
    allegation,
    decision,
  };
}
