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

/**
 * Stable counting sort of `items` by `keyOf(item)` in 0..nKeys−1: returns the items in key order
 * (ties keep their order in `items`) and the CSR starts of each key (length nKeys + 1).
 */
function countingSort(
  nKeys: number,
  items: Uint32Array,
  keyOf: Uint32Array,
): { start: Uint32Array; sorted: Uint32Array } {
  const start = new Uint32Array(nKeys + 1);
  for (let k = 0; k < items.length; k++) start[keyOf[items[k]!]! + 1]!++;
  for (let p = 0; p < nKeys; p++) start[p + 1]! += start[p]!;
  const next = start.slice(0, nKeys);
  const sorted = new Uint32Array(items.length);
  for (let k = 0; k < items.length; k++) sorted[next[keyOf[items[k]!]!]!++] = items[k]!;
  return { start, sorted };
}

const identity = (n: number): Uint32Array => {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
};

/**
 * Sorts each CSR range of `order` (ascending row numbers, as countingSort leaves them) by `day` in
 * place, ties by row: insertion sort for the short ranges of a person's events, a comparison sort
 * for long ones.
 */
function sortRangesByDay(order: Uint32Array, start: Uint32Array, day: Float64Array): void {
  for (let p = 0; p + 1 < start.length; p++) {
    const lo = start[p]!;
    const hi = start[p + 1]!;
    if (hi - lo > 64) {
      order.subarray(lo, hi).sort((a, b) => day[a]! - day[b]! || a - b);
      continue;
    }
    for (let i = lo + 1; i < hi; i++) {
      const e = order[i]!;
      const d = day[e]!;
      let j = i - 1;
      while (j >= lo && day[order[j]!]! > d) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = e;
    }
  }
}

const MISSING = 0xffffffff;

/**
 * The index of each id in `ids`, MISSING (2³² − 1) for an unknown id. Rows that repeat the
 * previous row's id, as the rows of one person or referral usually do, skip the map.
 */
function lookupRows(
  index: ReadonlyMap<string, number>,
  ids: readonly (string | null)[],
): Uint32Array {
  const out = new Uint32Array(ids.length);
  let prevId: string | null | undefined;
  let prev = MISSING;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id !== prevId) {
      prevId = id;
      prev = index.get(id!) ?? MISSING;
    }
    out[i] = prev;
  }
  return out;
}

/** Builds the indexes of an extract. */
export function indexExtract(extract: Extract): ExtractIndex {
  const { persons, referrals } = extract;
  const personIndex = new Map<string, number>();
  for (let i = 0; i < persons.n; i++) personIndex.set(persons.person_id[i]!, i);
  const slots = makeSlots();
  const referralOrder = identity(referrals.n).sort(
    (a, b) =>
      referrals.received_at[a]! - referrals.received_at[b]! ||
      (referrals.referral_id[a]! < referrals.referral_id[b]! ? -1 : 1),
  );
  return {
    nPersons: persons.n,
    personIndex,
    ...indexEvents(extract, personIndex, slots),
    referralOrder,
    ...indexMembers(extract, personIndex, referralOrder),
    slots,
  };
}

/** Events by person, then start day, then row (CSR over persons). */
function indexEvents(
  { events, persons }: Extract,
  personIndex: ReadonlyMap<string, number>,
  slots: Slots,
): Pick<ExtractIndex, 'evStart' | 'evDay' | 'evSlot' | 'evAny'> {
  const evPerson = lookupRows(personIndex, events.person_id);
  for (let e = 0; e < events.n; e++) {
    if (evPerson[e] === MISSING)
      check(false, `events row ${e + 1}: person ${events.person_id[e]} is not in persons`);
  }
  const byPerson = countingSort(persons.n, identity(events.n), evPerson);
  const evOrder = byPerson.sorted;
  sortRangesByDay(evOrder, byPerson.start, events.start_date);
  const evDay = new Float64Array(events.n);
  const evSlot = new Int16Array(events.n);
  const evAny = new Int16Array(events.n);
  for (let k = 0; k < events.n; k++) {
    const e = evOrder[k]!;
    evDay[k] = events.start_date[e]!;
    const si = events.source[e]!;
    evSlot[k] = slots.slotOf(si, events.kind[e]!);
    evAny[k] = slots.anySlot(si);
  }
  return { evStart: byPerson.start, evDay, evSlot, evAny };
}

/**
 * Members (one per referral and person, with its role bits; by referral, then person row) and
 * each person's referrals in time order.
 */
function indexMembers(
  { referrals, persons, referral_persons: rp }: Extract,
  personIndex: ReadonlyMap<string, number>,
  referralOrder: Uint32Array,
): Pick<
  ExtractIndex,
  'memberStart' | 'memberPerson' | 'memberRoles' | 'personRefStart' | 'personRef'
> {
  const refIndex = new Map<string, number>();
  for (let r = 0; r < referrals.n; r++) refIndex.set(referrals.referral_id[r]!, r);
  const rpRef = lookupRows(refIndex, rp.referral_id);
  const rpPerson = lookupRows(personIndex, rp.person_id);
  for (let i = 0; i < rp.n; i++) {
    if (rpRef[i] === MISSING || rpPerson[i] === MISSING)
      check(false, `referral_persons row ${i + 1} references an unknown id`);
  }
  const rpOrder = countingSort(
    referrals.n,
    countingSort(persons.n, identity(rp.n), rpPerson).sorted,
    rpRef,
  ).sorted;
  const memberRef = new Uint32Array(rp.n);
  const memberPerson = new Uint32Array(rp.n);
  const memberRoles = new Uint8Array(rp.n);
  let n = 0;
  for (let k = 0; k < rp.n; k++) {
    const i = rpOrder[k]!;
    if (n > 0 && memberRef[n - 1] === rpRef[i] && memberPerson[n - 1] === rpPerson[i]) {
      memberRoles[n - 1]! |= 1 << rp.role[i]!;
    } else {
      memberRef[n] = rpRef[i]!;
      memberPerson[n] = rpPerson[i]!;
      memberRoles[n++] = 1 << rp.role[i]!;
    }
  }
  const memberStart = countingSort(referrals.n, identity(n), memberRef.subarray(0, n)).start;
  // Each person's referrals in time order: members visited referral by referral in time order.
  const membersInTime = new Uint32Array(n);
  let t = 0;
  for (let k = 0; k < referrals.n; k++) {
    const r = referralOrder[k]!;
    for (let m = memberStart[r]!; m < memberStart[r + 1]!; m++) membersInTime[t++] = m;
  }
  const byPerson = countingSort(persons.n, membersInTime, memberPerson);
  const personRef = new Uint32Array(n);
  for (let k = 0; k < n; k++) personRef[k] = memberRef[byPerson.sorted[k]!]!;
  return {
    memberStart,
    memberPerson: memberPerson.slice(0, n),
    memberRoles: memberRoles.slice(0, n),
    personRefStart: byPerson.start,
    personRef,
  };
}

/** The UTC calendar day of each referral's call. */
export function callDays(extract: Extract): Float64Array {
  return Float64Array.from(extract.referrals.received_at, (ms) => dayOf(ms));
}
