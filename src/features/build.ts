/**
 * The point-in-time feature builder: county extract → one row per child-referral record, with the
 * catalog's features computed only from history strictly before the call.
 *
 * Point-in-time rule (DATA-CONTRACT.md "History"): an event counts when its start date is before
 * the UTC calendar date of `received_at` (events dated on the call's day are treated as on or after
 * the call and never reach a feature); a prior referral counts when it was received strictly
 * before the call, and counts as screened in only when its decision was known before the call
 * (`decided_at` < `received_at`; a missing `decided_at` is taken as `received_at` + 1 day).
 */
import {
  MS_PER_DAY,
  dayOf,
  ageInYears,
  makeMatrix,
  denseColumn,
  sparseColumn,
} from '../core/index.js';
import type { Column, Matrix } from '../core/index.js';
import { ALLEGATION, CHANNEL, DECISION, SEX, type Extract } from '../contract/index.js';
import { ROLES, WINDOWS, defaultCatalog, type FeatureSpec } from './catalog.js';
import { ROLE_BIT, indexExtract, type ExtractIndex } from './extract-index.js';
import { buildRecords, type RecordTable } from './records.js';
import { buildLabels, type Labels } from './labels.js';

/** The builder's output: the catalog, the matrix (one row per record) and the record table. */
export interface FeatureSet {
  readonly catalog: readonly FeatureSpec[];
  readonly matrix: Matrix;
  readonly records: RecordTable;
  readonly labels: Labels;
}

const CHILD_BITS = ROLE_BIT.alleged_victim | ROLE_BIT.child;
const IN = DECISION.indexOf('in');
const OTHER_ALLEGATION = ALLEGATION.indexOf('other');
const STATE = CHANNEL.indexOf('state');
const MALE = SEX.indexOf('m');
const ROLE_MASK: Record<(typeof ROLES)[number], number> = {
  self: 0,
  alleged_victims: ROLE_BIT.alleged_victim,
  other_children: ROLE_BIT.child,
  parents: ROLE_BIT.parent,
  alleged_perpetrators: ROLE_BIT.alleged_perpetrator,
  other_adults: ROLE_BIT.other_adult,
  household: 0xff,
};
/** Per slot statistics: ever count, 3-year count, 365-day count, last day (−Infinity = never). */
const STATS = 4;

class ColumnBuilder {
  rows: number[] = [];
  values: number[] = [];
  push(row: number, v: number): void {
    this.rows.push(row);
    this.values.push(v);
  }
  finish(nRows: number): Column {
    if (this.rows.length * 2 > nRows) {
      const dense = new Float64Array(nRows);
      for (let k = 0; k < this.rows.length; k++) dense[this.rows[k]!] = this.values[k]!;
      return denseColumn(dense);
    }
    return sparseColumn(Uint32Array.from(this.rows), Float64Array.from(this.values));
  }
}

/** Adds one person's history before the call into `acc` (slots × STATS). */
function accumulatePerson(
  ix: ExtractIndex,
  extract: Extract,
  p: number,
  callMs: number,
  callDay: number,
  acc: Float64Array,
): void {
  const add = (slot: number, day: number): void => {
    if (slot < 0) return;
    const o = slot * STATS;
    const ago = callDay - day;
    acc[o]!++;
    if (ago <= 1095) acc[o + 1]!++;
    if (ago <= 365) acc[o + 2]!++;
    if (day > acc[o + 3]!) acc[o + 3] = day;
  };
  for (let k = ix.evStart[p]!; k < ix.evStart[p + 1]!; k++) {
    const day = ix.evDay[k]!;
    if (day >= callDay) break;
    add(ix.evSlot[k]!, day);
    add(ix.evAny[k]!, day);
  }
  const refs = extract.referrals;
  for (let k = ix.personRefStart[p]!; k < ix.personRefStart[p + 1]!; k++) {
    const q = ix.personRef[k]!;
    const receivedMs = refs.received_at[q]!;
    if (receivedMs >= callMs) break;
    const day = dayOf(receivedMs);
    add(ix.slots.referralSlot, day);
    const decidedMs = Number.isNaN(refs.decided_at[q]!)
      ? receivedMs + MS_PER_DAY
      : refs.decided_at[q]!;
    if (refs.screening_decision[q] === IN && decidedMs < callMs) add(ix.slots.screenedInSlot, day);
  }
}

function resetStats(acc: Float64Array): void {
  for (let o = 0; o < acc.length; o += STATS) {
    acc[o] = 0;
    acc[o + 1] = 0;
    acc[o + 2] = 0;
    acc[o + 3] = -Infinity;
  }
}

/** Merges `src` stats into `dst` (sum counts, latest day). */
function mergeStats(dst: Float64Array, src: Float64Array): void {
  for (let o = 0; o < dst.length; o += STATS) {
    if (src[o] === 0) continue;
    dst[o]! += src[o]!;
    dst[o + 1]! += src[o + 1]!;
    dst[o + 2]! += src[o + 2]!;
    if (src[o + 3]! > dst[o + 3]!) dst[o + 3] = src[o + 3]!;
  }
}

/**
 * Builds features, records and labels for every child-referral record of an extract.
 * `catalog` defaults to the default catalog; a subset (or reordering) of it is allowed.
 */
export function buildFeatures(
  extract: Extract,
  catalog: readonly FeatureSpec[] = defaultCatalog(),
): FeatureSet {
  const ix = indexExtract(extract);
  const records = buildRecords(extract, ix);
  const nSlots = ix.slots.names.length;
  const nameToCol = new Map(catalog.map((f, j) => [f.name, j]));
  // colOf[((slot * ROLES + role) * WINDOWS + window) * 3 + form] for indicator, count, days_since_last
  const colOf = new Int32Array(nSlots * ROLES.length * WINDOWS.length * 3).fill(-1);
  ix.slots.names.forEach(({ source, kind }, s) =>
    ROLES.forEach((role, r) =>
      WINDOWS.forEach((w, wi) =>
        (['indicator', 'count', 'days_since_last'] as const).forEach((form, fi) => {
          const j = nameToCol.get(`${source}.${kind}.${role}.${w}.${form}`);
          if (j !== undefined) colOf[((s * ROLES.length + r) * WINDOWS.length + wi) * 3 + fi] = j;
        }),
      ),
    ),
  );
  const builders = catalog.map(() => new ColumnBuilder());
  const memberAcc: Float64Array[] = [];
  const roleAcc = ROLES.map(() => new Float64Array(nSlots * STATS));

  const emit = (row: number, role: number, acc: Float64Array, callDay: number): void => {
    for (let s = 0; s < nSlots; s++) {
      const o = s * STATS;
      if (acc[o] === 0) continue;
      const base = (s * ROLES.length + role) * WINDOWS.length;
      const counts = [acc[o]!, acc[o + 2]!, acc[o + 1]!]; // ever, 365d, 3y in WINDOWS order
      for (let wi = 0; wi < WINDOWS.length; wi++) {
        const c = counts[wi]!;
        if (c === 0) continue;
        const k = (base + wi) * 3;
        if (colOf[k]! >= 0) builders[colOf[k]!]!.push(row, 1);
        if (colOf[k + 1]! >= 0) builders[colOf[k + 1]!]!.push(row, c);
      }
      const kd = base * 3 + 2;
      if (colOf[kd]! >= 0)
        builders[colOf[kd]!]!.push(row, Math.exp(-(callDay - acc[o + 3]!) / 365));
    }
  };

  let row = 0;
  for (const r of ix.referralOrder) {
    const callMs = extract.referrals.received_at[r]!;
    const callDay = dayOf(callMs);
    const m0 = ix.memberStart[r]!;
    const m1 = ix.memberStart[r + 1]!;
    for (let m = m0; m < m1; m++) {
      const acc = (memberAcc[m - m0] ??= new Float64Array(nSlots * STATS));
      resetStats(acc);
      accumulatePerson(ix, extract, ix.memberPerson[m]!, callMs, callDay, acc);
    }
    for (let ri = 1; ri < ROLES.length; ri++) {
      resetStats(roleAcc[ri]!);
      for (let m = m0; m < m1; m++) {
        if ((ix.memberRoles[m]! & ROLE_MASK[ROLES[ri]!]) !== 0)
          mergeStats(roleAcc[ri]!, memberAcc[m - m0]!);
      }
    }
    for (let m = m0; m < m1; m++) {
      if ((ix.memberRoles[m]! & CHILD_BITS) === 0) continue;
      emit(row, 0, memberAcc[m - m0]!, callDay);
      for (let ri = 1; ri < ROLES.length; ri++) emit(row, ri, roleAcc[ri]!, callDay);
      emitContext(row, records, extract, ix, r, m, builders, nameToCol);
      row++;
    }
  }
  const columns = builders.map((b) => b.finish(records.n));
  return {
    catalog,
    matrix: makeMatrix(
      records.n,
      catalog.map((f) => f.name),
      columns,
    ),
    records,
    labels: buildLabels(extract, ix, records),
  };
}

function emitContext(
  row: number,
  records: RecordTable,
  extract: Extract,
  ix: ExtractIndex,
  r: number,
  m: number,
  builders: ColumnBuilder[],
  nameToCol: ReadonlyMap<string, number>,
): void {
  const put = (kind: string, v: number): void => {
    const j = nameToCol.get(`demographics.${kind}`);
    if (j !== undefined && v !== 0) builders[j]!.push(row, v);
  };
  const callDay = records.callDay[row]!;
  let nChildren = 0;
  let nAdults = 0;
  let youngestParent = Infinity;
  for (let k = ix.memberStart[r]!; k < ix.memberStart[r + 1]!; k++) {
    const roles = ix.memberRoles[k]!;
    if ((roles & CHILD_BITS) !== 0) nChildren++;
    else nAdults++;
    if ((roles & ROLE_BIT.parent) !== 0) {
      const age = ageInYears(extract.persons.birth_date[ix.memberPerson[k]!]!, callDay);
      if (age < youngestParent) youngestParent = age;
    }
  }
  const age = records.age[row]!;
  put('age', age);
  put('age_under_3', age < 3 ? 1 : 0);
  put('sex_male', extract.persons.sex[ix.memberPerson[m]!] === MALE ? 1 : 0);
  put('n_children', nChildren);
  put('n_adults', nAdults);
  put('youngest_parent_age', Number.isFinite(youngestParent) ? youngestParent : 0);
  put('no_parent_named', Number.isFinite(youngestParent) ? 0 : 1);
  put('allegation_other', extract.referrals.allegation[r] === OTHER_ALLEGATION ? 1 : 0);
  put('channel_state', extract.referrals.channel[r] === STATE ? 1 : 0);
}
