/**
 * Integer indexes over an Extract's string keys, built once for summarizeCounty: rows of each
 * referral, each person's sorted placement starts and referral times, and each person's first
 * event start per source.
 */
import { type Extract, SOURCE } from '../contract/index.js';

/** A per-person sorted list (CSR). */
export interface PersonList {
  readonly start: Int32Array;
  readonly values: Float64Array;
}

/** Integer views of an extract. */
export interface CountyIndex {
  readonly rpStart: Int32Array;
  readonly rpPerson: Int32Array;
  readonly rpRole: Int8Array;
  /** Placement start days per person (sorted). */
  readonly placements: PersonList;
  /** received_at (ms) of the referrals naming each person (sorted). */
  readonly referralTimes: PersonList;
  /** First event start day per source per person (Infinity: none). */
  readonly firstStart: Float64Array[];
  readonly sourceCounts: Int32Array;
}

/** Builds the integer index of an extract. */
export function buildIndex(x: Extract): CountyIndex {
  const personOf = new Map<string, number>();
  for (let i = 0; i < x.persons.n; i++) personOf.set(x.persons.person_id[i]!, i);
  const refOf = new Map<string, number>();
  for (let i = 0; i < x.referrals.n; i++) refOf.set(x.referrals.referral_id[i]!, i);
  const rp = x.referral_persons;
  const rpRef = new Int32Array(rp.n);
  const count = new Int32Array(x.referrals.n + 1);
  for (let j = 0; j < rp.n; j++) {
    rpRef[j] = refOf.get(rp.referral_id[j]!) ?? -1;
    if (rpRef[j]! >= 0) count[rpRef[j]! + 1]!++;
  }
  for (let i = 0; i < x.referrals.n; i++) count[i + 1]! += count[i]!;
  const rpStart = count.slice();
  const fill = count.slice();
  const rpPerson = new Int32Array(rp.n);
  const rpRole = new Int8Array(rp.n);
  const timeOwner: number[] = [];
  const timeValue: number[] = [];
  for (let j = 0; j < rp.n; j++) {
    const i = rpRef[j]!;
    if (i < 0) continue;
    const at = fill[i]!++;
    const p = personOf.get(rp.person_id[j]!) ?? -1;
    rpPerson[at] = p;
    rpRole[at] = rp.role[j]!;
    timeOwner.push(p);
    timeValue.push(x.referrals.received_at[i]!);
  }
  const ev = x.events;
  const firstStart = SOURCE.map(() => new Float64Array(x.persons.n).fill(Infinity));
  const sourceCounts = new Int32Array(SOURCE.length);
  const placeOwner: number[] = [];
  const placeValue: number[] = [];
  const cw = SOURCE.indexOf('child_welfare');
  for (let e = 0; e < ev.n; e++) {
    const p = personOf.get(ev.person_id[e]!) ?? -1;
    const src = ev.source[e]!;
    if (p < 0 || src < 0) continue;
    sourceCounts[src]!++;
    const first = firstStart[src]!;
    if (ev.start_date[e]! < first[p]!) first[p] = ev.start_date[e]!;
    if (src === cw && ev.kind[e] === 'placement') {
      placeOwner.push(p);
      placeValue.push(ev.start_date[e]!);
    }
  }
  return {
    rpStart,
    rpPerson,
    rpRole,
    placements: personList(x.persons.n, placeOwner, placeValue),
    referralTimes: personList(x.persons.n, timeOwner, timeValue),
    firstStart,
    sourceCounts,
  };
}

function personList(n: number, owner: number[], value: number[]): PersonList {
  const start = new Int32Array(n + 1);
  for (const p of owner) if (p >= 0) start[p + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice();
  const values = new Float64Array(start[n]!);
  for (let j = 0; j < owner.length; j++) if (owner[j]! >= 0) values[fill[owner[j]!]!++] = value[j]!;
  for (let i = 0; i < n; i++) values.subarray(start[i]!, start[i + 1]!).sort();
  return { start, values };
}
