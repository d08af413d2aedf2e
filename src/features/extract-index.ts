/**
 * Indexes of an extract that the point-in-time builder walks: persons by id, each person's events
 * sorted by start date (CSR layout), each referral's members with their roles, and each person's
 * referrals in time order. Built once per extract; rows that reference unknown ids never get here
 * because the contract layer rejects them.
 */
import { check, dayOf } from '../core/index.js';
import { ROLE, SOURCE, type Extract } from '../contract/index.js';
import { HISTORY_SOURCES, kindsOf } from './catalog.js';

/** Role bits of a person on a referral (bit i = contract ROLE[i]). */
export const ROLE_BIT = Object.fromEntries(ROLE.map((r, i) => [r, 1 << i])) as Record<
  (typeof ROLE)[number],
  number
>;

/** A history slot: one (source, kind) pair; events map to a kind slot and maybe an `any` slot. */
export interface Slots {
  readonly names: readonly { source: string; kind: string }[];
  /** slot of (contract source index, event kind) — `other` when the kind is not known. */
  slotOf(sourceIndex: number, kind: string): number;
  /** the `any` slot of a contract source index, or -1. */
  anySlot(sourceIndex: number): number;
  readonly referralSlot: number;
  readonly screenedInSlot: number;
}

/** The slot table for the catalog's history sources. */
export function makeSlots(): Slots {
  const names: { source: string; kind: string }[] = [];
  const bySource = new Map<string, Map<string, number>>();
  for (const source of HISTORY_SOURCES) {
    const m = new Map<string, number>();
    for (const kind of kindsOf(source)) {
      m.set(kind, names.length);
      names.push({ source, kind });
    }
    bySource.set(source, m);
  }
  const perSource = SOURCE.map((s) => bySource.get(s)!);
  return {
    names,
    slotOf: (si, kind) =>
      perSource[si]!.get(kind === 'any' ? 'other' : kind) ?? perSource[si]!.get('other')!,
    anySlot: (si) => perSource[si]!.get('any') ?? -1,
    referralSlot: bySource.get('referrals')!.get('referral')!,
    screenedInSlot: bySource.get('referrals')!.get('screened_in')!,
  };
}

export interface ExtractIndex {
  readonly nPersons: number;
  readonly personIndex: ReadonlyMap<string, number>;
  /** CSR over persons: events of person p are positions evStart[p]..evStart[p+1]-1, by start day. */
  readonly evStart: Uint32Array;
  readonly evDay: Float64Array;
  readonly evEnd: Float64Array;
  readonly evSlot: Int16Array;
  readonly evAny: Int16Array;
  /** Referrals in time order (received_at, then referral_id). */
  readonly referralOrder: Uint32Array;
  /** CSR over referrals: members of referral r are memberStart[r]..memberStart[r+1]-1. */
  readonly memberStart: Uint32Array;
  readonly memberPerson: Uint32Array;
  readonly memberRoles: Uint8Array;
  /** CSR over persons: the referrals naming person p, in time order. */
  readonly personRefStart: Uint32Array;
  readonly personRef: Uint32Array;
  readonly slots: Slots;
}

function csr(n: number, keys: Uint32Array, order: Uint32Array): Uint32Array {
  const start = new Uint32Array(n + 1);
  for (let k = 0; k < order.length; k++) start[keys[order[k]!]! + 1]!++;
  for (let p = 0; p < n; p++) start[p + 1]! += start[p]!;
  return start;
}

/** Builds the indexes of an extract. */
export function indexExtract(extract: Extract): ExtractIndex {
  const { persons, events, referrals, referral_persons: rp } = extract;
  const personIndex = new Map<string, number>();
  for (let i = 0; i < persons.n; i++) personIndex.set(persons.person_id[i]!, i);
  const slots = makeSlots();

  const evPerson = new Uint32Array(events.n);
  for (let e = 0; e < events.n; e++) {
    const p = personIndex.get(events.person_id[e]!);
    check(p !== undefined, `events row ${e + 1}: person ${events.person_id[e]} is not in persons`);
    evPerson[e] = p;
  }
  const evOrder = Uint32Array.from({ length: events.n }, (_, i) => i).sort(
    (a, b) => evPerson[a]! - evPerson[b]! || events.start_date[a]! - events.start_date[b]! || a - b,
  );
  const evDay = new Float64Array(events.n);
  const evEnd = new Float64Array(events.n);
  const evSlot = new Int16Array(events.n);
  const evAny = new Int16Array(events.n);
  evOrder.forEach((e, k) => {
    evDay[k] = events.start_date[e]!;
    evEnd[k] = events.end_date[e]!;
    const si = events.source[e]!;
    evSlot[k] = slots.slotOf(si, events.kind[e]!);
    evAny[k] = slots.anySlot(si);
  });

  const refIndex = new Map<string, number>();
  for (let r = 0; r < referrals.n; r++) refIndex.set(referrals.referral_id[r]!, r);
  const referralOrder = Uint32Array.from({ length: referrals.n }, (_, i) => i).sort(
    (a, b) =>
      referrals.received_at[a]! - referrals.received_at[b]! ||
      (referrals.referral_id[a]! < referrals.referral_id[b]! ? -1 : 1),
  );
  const rank = new Uint32Array(referrals.n);
  referralOrder.forEach((r, k) => (rank[r] = k));

  // Members: one entry per (referral, person) with its role bits; rows sorted by referral, person.
  const rpRef = new Uint32Array(rp.n);
  const rpPerson = new Uint32Array(rp.n);
  for (let i = 0; i < rp.n; i++) {
    const r = refIndex.get(rp.referral_id[i]!);
    const p = personIndex.get(rp.person_id[i]!);
    check(
      r !== undefined && p !== undefined,
      `referral_persons row ${i + 1} references an unknown id`,
    );
    rpRef[i] = r;
    rpPerson[i] = p;
  }
  const rpOrder = Uint32Array.from({ length: rp.n }, (_, i) => i).sort(
    (a, b) => rpRef[a]! - rpRef[b]! || rpPerson[a]! - rpPerson[b]!,
  );
  const memberPersonList: number[] = [];
  const memberRoleList: number[] = [];
  const memberRefList: number[] = [];
  for (const i of rpOrder) {
    const last = memberPersonList.length - 1;
    const bit = 1 << rp.role[i]!;
    if (last >= 0 && memberRefList[last] === rpRef[i] && memberPersonList[last] === rpPerson[i]) {
      memberRoleList[last]! |= bit;
    } else {
      memberRefList.push(rpRef[i]!);
      memberPersonList.push(rpPerson[i]!);
      memberRoleList.push(bit);
    }
  }
  const memberRef = Uint32Array.from(memberRefList);
  const memberIds = Uint32Array.from({ length: memberRef.length }, (_, i) => i);
  const memberStart = csr(referrals.n, memberRef, memberIds);

  // Each person's referrals in time order.
  const memberPerson = Uint32Array.from(memberPersonList);
  const byPerson = Uint32Array.from(memberIds).sort(
    (a, b) => memberPerson[a]! - memberPerson[b]! || rank[memberRef[a]!]! - rank[memberRef[b]!]!,
  );
  const personRefStart = csr(persons.n, memberPerson, byPerson);
  const personRef = Uint32Array.from(byPerson, (m) => memberRef[m]!);

  return {
    nPersons: persons.n,
    personIndex,
    evStart: csr(persons.n, evPerson, evOrder),
    evDay,
    evEnd,
    evSlot,
    evAny,
    referralOrder,
    memberStart,
    memberPerson,
    memberRoles: Uint8Array.from(memberRoleList),
    personRefStart,
    personRef,
    slots,
  };
}

/** The UTC calendar day of each referral's call. */
export function callDays(extract: Extract): Float64Array {
  return Float64Array.from(extract.referrals.received_at, (ms) => dayOf(ms));
}
