/**
 * The family pool: every family with children in the county over the simulated years, with its
 * latent state (poverty, need/risk, parents' true behaviours) and its people (birth dates, sex,
 * race as the county records it). Most pool families never meet the agency; only people later
 * named on a referral reach the extract. Component stream: `population`.
 */
import type { Rng } from '../core/index.js';
import { HISPANIC, RACE, SEX } from '../contract/index.js';
import { addYears, knobDay, logistic, monthOfDay } from './calendar.js';
import type { SynthKnobs } from './knobs.js';

/** Household race group of a pool family (latent; the extract only has each person's record). */
export const FAMILY_RACE = ['white', 'black', 'mixed', 'other'] as const;
/** Kind of person within a family. */
export const PERSON_KIND = ['mother', 'father', 'other_adult', 'child'] as const;
const [MOTHER, FATHER, OTHER_ADULT, CHILD] = [0, 1, 2, 3];
const race = (r: (typeof RACE)[number]): number => RACE.indexOf(r);
const OTHER_RACES = [race('asian'), race('other'), race('multiracial'), race('native_american')];
const OTHER_RACE_W = [0.45, 0.25, 0.18, 0.12];

/** The pool, as parallel typed arrays over families and over persons. */
export interface Pool {
  readonly nFamilies: number;
  readonly famRace: Int8Array;
  readonly famPoverty: Float64Array;
  readonly famRisk: Float64Array;
  readonly famSubstance: Uint8Array;
  readonly famMental: Uint8Array;
  /** First person of the family; its people are contiguous: adults, then children by age. */
  readonly famFirst: Int32Array;
  readonly famCount: Int8Array;
  readonly famFirstChild: Int32Array;
  /** Month numbers during which the family has a child under 18 (inclusive, exclusive). */
  readonly famActiveFrom: Int32Array;
  readonly famActiveTo: Int32Array;
  readonly nPersons: number;
  readonly pFamily: Int32Array;
  readonly pKind: Int8Array;
  readonly pBirth: Float64Array;
  readonly pSex: Int8Array;
  readonly pRace: Int8Array;
  readonly pHispanic: Int8Array;
  /** 1 when surveillance systems see the person as Black (recorded black, or Black parent). */
  readonly pBlack: Uint8Array;
  /** True adult offending level 0–3 (adults) and youth delinquency level 0–2 (everyone). */
  readonly pOffending: Int8Array;
  readonly pDelinquency: Int8Array;
  readonly pBornInCounty: Uint8Array;
  /** True conditions (adults: the parents' family-level condition; youths: rarer). */
  readonly pSubstance: Uint8Array;
  readonly pMental: Uint8Array;
}

/** Builds the family pool of `nFamilies` families. */
export function buildPool(k: SynthKnobs, nFamilies: number, rng: Rng): Pool {
  const cap = nFamilies * 11;
  const p = {
    pFamily: new Int32Array(cap),
    pKind: new Int8Array(cap),
    pBirth: new Float64Array(cap),
    pSex: new Int8Array(cap),
    pRace: new Int8Array(cap),
    pHispanic: new Int8Array(cap),
    pBlack: new Uint8Array(cap),
    pOffending: new Int8Array(cap),
    pDelinquency: new Int8Array(cap),
    pBornInCounty: new Uint8Array(cap),
    pSubstance: new Uint8Array(cap),
    pMental: new Uint8Array(cap),
  };
  const f = {
    famRace: new Int8Array(nFamilies),
    famPoverty: new Float64Array(nFamilies),
    famRisk: new Float64Array(nFamilies),
    famSubstance: new Uint8Array(nFamilies),
    famMental: new Uint8Array(nFamilies),
    famFirst: new Int32Array(nFamilies),
    famCount: new Int8Array(nFamilies),
    famFirstChild: new Int32Array(nFamilies),
    famActiveFrom: new Int32Array(nFamilies),
    famActiveTo: new Int32Array(nFamilies),
  };
  const asOf = knobDay(k.calendar.as_of);
  const firstFrom = knobDay('1975-01-01');
  const pop = k.population;
  const raceW = [1 - pop.black_share - pop.mixed_share - pop.other_share, pop.black_share];
  raceW.push(pop.mixed_share, pop.other_share);
  let n = 0;
  const addPerson = (fam: number, kind: number, birth: number, sex: number): number => {
    p.pFamily[n] = fam;
    p.pKind[n] = kind;
    p.pBirth[n] = birth;
    p.pSex[n] = sex;
    p.pBornInCounty[n] = rng.bernoulli(0.85) ? 1 : 0;
    return n++;
  };
  for (let fam = 0; fam < nFamilies; fam++) {
    const fr = rng.pick(raceW);
    const gap = fr === 1 ? 1 : fr === 2 ? 0.6 : fr === 3 ? 0.2 : 0;
    const poverty = pop.poverty_gap_black * gap + rng.normal();
    const risk = 0.35 * poverty + 0.94 * rng.normal();
    f.famRace[fam] = fr;
    f.famPoverty[fam] = poverty;
    f.famRisk[fam] = risk;
    f.famSubstance[fam] = rng.bernoulli(logistic(-1.6 + 0.9 * risk)) ? 1 : 0;
    f.famMental[fam] = rng.bernoulli(logistic(-1.4 + 0.7 * risk + 0.2 * poverty)) ? 1 : 0;
    f.famFirst[fam] = n;
    const firstBirth = firstFrom + Math.floor(rng.next() * (asOf - firstFrom));
    const motherAge = 15 + Math.exp(Math.log(7) - 0.12 * poverty + 0.45 * rng.normal());
    const mother = addPerson(fam, MOTHER, addYears(firstBirth, -motherAge), SEX.indexOf('f'));
    if (rng.bernoulli(logistic(0.2 - 0.5 * poverty))) {
      const age = Math.max(-4, 2.5 + 3 * rng.normal());
      addPerson(fam, FATHER, addYears(p.pBirth[mother]!, -age), SEX.indexOf('m'));
    }
    if (rng.bernoulli(0.2)) {
      const grandmother = rng.bernoulli(0.5);
      const shift = grandmother ? -(20 + 6 * rng.next()) : -(1 + 6 * rng.normal());
      const sex = SEX.indexOf(grandmother ? 'f' : 'm');
      addPerson(fam, OTHER_ADULT, addYears(p.pBirth[mother]!, shift), sex);
    }
    f.famFirstChild[fam] = n;
    const nChildren = 1 + rng.poisson(Math.max(0.1, pop.children_mean + 0.25 * poverty));
    let birth = firstBirth;
    let lastBirth = firstBirth;
    for (let c = 0; c < Math.min(nChildren, 7) && birth < asOf; c++) {
      const sex = rng.bernoulli(0.005) ? SEX.indexOf('unknown') : rng.int(2);
      addPerson(fam, CHILD, birth, sex);
      lastBirth = birth;
      birth = addYears(birth, 0.9 + rng.exponential(1 / 2.2));
    }
    f.famCount[fam] = n - f.famFirst[fam]!;
    f.famActiveFrom[fam] = monthOfDay(firstBirth);
    f.famActiveTo[fam] = monthOfDay(addYears(lastBirth, 18));
    assignPeople(p, f, fam, rng);
  }
  const trim = <A extends Int32Array | Int8Array | Float64Array | Uint8Array>(a: A) =>
    a.subarray(0, n) as A;
  return {
    nFamilies,
    ...f,
    nPersons: n,
    pFamily: trim(p.pFamily),
    pKind: trim(p.pKind),
    pBirth: trim(p.pBirth),
    pSex: trim(p.pSex),
    pRace: trim(p.pRace),
    pHispanic: trim(p.pHispanic),
    pBlack: trim(p.pBlack),
    pOffending: trim(p.pOffending),
    pDelinquency: trim(p.pDelinquency),
    pBornInCounty: trim(p.pBornInCounty),
    pSubstance: trim(p.pSubstance),
    pMental: trim(p.pMental),
  };
}

type PersonArrays = Pick<
  Pool,
  | 'pKind'
  | 'pSex'
  | 'pRace'
  | 'pHispanic'
  | 'pBlack'
  | 'pOffending'
  | 'pDelinquency'
  | 'pSubstance'
  | 'pMental'
>;
type FamilyArrays = Pick<
  Pool,
  'famRace' | 'famPoverty' | 'famRisk' | 'famFirst' | 'famCount' | 'famSubstance' | 'famMental'
>;

/** Race and ethnicity as recorded, and true behaviour levels, for one family's people. */
function assignPeople(p: PersonArrays, f: FamilyArrays, fam: number, rng: Rng): void {
  const fr = f.famRace[fam]!;
  const blackFather = rng.bernoulli(0.7);
  const otherRace = OTHER_RACES[rng.pick(OTHER_RACE_W)]!;
  const hispanicFamily = rng.bernoulli(fr === 0 ? 0.045 : 0.02);
  const risk = f.famRisk[fam]!;
  const poverty = f.famPoverty[fam]!;
  for (let i = f.famFirst[fam]!; i < f.famFirst[fam]! + f.famCount[fam]!; i++) {
    const kind = p.pKind[i]!;
    let r: number;
    let black = 0;
    if (fr === 0) r = race('white');
    else if (fr === 1) [r, black] = [race('black'), 1];
    else if (fr === 3) r = otherRace;
    else if (kind === CHILD) {
      const u = rng.next();
      r = u < 0.55 ? race('multiracial') : u < 0.9 ? race('black') : race('white');
      black = 1;
    } else {
      const isBlack = (kind === FATHER) === blackFather;
      [r, black] = isBlack ? [race('black'), 1] : [race('white'), 0];
    }
    const unknown = kind === FATHER || kind === OTHER_ADULT ? 0.06 : 0.025;
    p.pRace[i] = rng.bernoulli(unknown) ? race('unknown') : r;
    p.pBlack[i] = black;
    const hUnknown = rng.bernoulli(0.05);
    p.pHispanic[i] = HISPANIC.indexOf(hUnknown ? 'unknown' : hispanicFamily ? 'yes' : 'no');
    const male = p.pSex[i] === SEX.indexOf('m') ? 1 : 0;
    const base = 0.55 * risk + 0.3 * poverty + 0.9 * male + rng.normal();
    const youth = 0.7 * base + 0.7 * rng.normal() - 0.3;
    p.pDelinquency[i] = youth < 0.9 ? 0 : youth < 1.8 ? 1 : 2;
    const adult = base - 1.0 + (kind === CHILD ? 0 : 0.3 * rng.normal());
    p.pOffending[i] = adult < 0.2 ? 0 : adult < 1.0 ? 1 : adult < 1.8 ? 2 : 3;
    const parentLike = kind === CHILD ? 0 : kind === OTHER_ADULT ? 0.35 : 0.65;
    p.pSubstance[i] = rng.bernoulli(f.famSubstance[fam]! * parentLike + 0.03) ? 1 : 0;
    p.pMental[i] = rng.bernoulli(f.famMental[fam]! * parentLike + 0.05) ? 1 : 0;
  }
}
