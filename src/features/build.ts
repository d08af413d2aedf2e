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
import { dayOf, ageInYears, makeMatrix } from '../core/index.js';
import type { Matrix } from '../core/index.js';
import { ALLEGATION, CHANNEL, SEX, type Extract } from '../contract/index.js';
import { ROLES, WINDOWS, defaultCatalog, type FeatureSpec } from './catalog.js';
import { ROLE_BIT, indexExtract, type ExtractIndex } from './extract-index.js';
import { buildRecords, type RecordTable } from './records.js';
import { buildLabels, type Labels } from './labels.js';
import { ColumnSink } from './column-sink.js';
import {
  accumulatePerson,
  clearBlock,
  emitBlock,
  ensureBlocks,
  historyColumns,
  mergeBlock,
  statBlocks,
  tallyBlock,
  tallyCells,
} from './history-stats.js';

/** The builder's output: the catalog, the matrix (one row per record) and the record table. */
export interface FeatureSet {
  readonly catalog: readonly FeatureSpec[];
  readonly matrix: Matrix;
  readonly records: RecordTable;
  readonly labels: Labels;
}

const CHILD_BITS = ROLE_BIT.alleged_victim | ROLE_BIT.child;
const OTHER_ALLEGATION = ALLEGATION.indexOf('other');
const STATE = CHANNEL.indexOf('state');
const MALE = SEX.indexOf('m');
/** Role bits of each catalog role (self is the record's own child; household is everyone). */
const ROLE_MASK: Record<(typeof ROLES)[number], number> = {
  self: 0,
  alleged_victims: ROLE_BIT.alleged_victim,
  other_children: ROLE_BIT.child,
  parents: ROLE_BIT.parent,
  alleged_perpetrators: ROLE_BIT.alleged_perpetrator,
  other_adults: ROLE_BIT.other_adult,
  household: 0xff,
};
const MASKS = Int32Array.from(ROLES, (role) => ROLE_MASK[role]);
const CONTEXT_KINDS = [
  'age',
  'age_under_3',
  'sex_male',
  'n_children',
  'n_adults',
  'youngest_parent_age',
  'no_parent_named',
  'allegation_other',
  'channel_state',
] as const;
type ContextColumns = Record<(typeof CONTEXT_KINDS)[number], number>;

/** Options of buildFeatures. */
export interface BuildOptions {
  /**
   * Build the records of these referrals only (e.g. the one call being scored); every other
   * referral is history only. Each record's row is the one the whole build gives it: a record's
   * features read its people's events and referrals, never other records.
   */
  readonly referrals?: ReadonlySet<string>;
}

/** Columns of history features per catalog (slot names are fixed, so the catalog decides). */
const historyColumnsOf = new WeakMap<readonly FeatureSpec[], Int32Array>();

/**
 * Builds features, records and labels for every child-referral record of an extract (or of the
 * referrals `o.referrals` names). `catalog` defaults to the default catalog; a subset (or
 * reordering) of it is allowed.
 *
 * The households are walked twice with the same code: once to count each column's cells (history
 * cells tallied per slot, role and window), once to write them into columns allocated at their
 * final size and kind (see column-sink.ts). The output is the same as a one-pass build's.
 */
export function buildFeatures(
  extract: Extract,
  catalog: readonly FeatureSpec[] = defaultCatalog(),
  o: BuildOptions = {},
): FeatureSet {
  const whole = indexExtract(extract);
  const only = o.referrals;
  const ix: ExtractIndex =
    only === undefined
      ? whole
      : {
          ...whole,
          referralOrder: whole.referralOrder.filter((r) =>
            only.has(extract.referrals.referral_id[r]!),
          ),
        };
  const records = buildRecords(extract, ix);
  const nameToCol = new Map(catalog.map((f, j) => [f.name, j]));
  let history = historyColumnsOf.get(catalog);
  if (history === undefined) {
    history = historyColumns(ix.slots.names, nameToCol);
    historyColumnsOf.set(catalog, history);
  }
  const input: HouseholdInput = {
    extract,
    ix,
    records,
    history,
    context: Object.fromEntries(
      CONTEXT_KINDS.map((k) => [k, nameToCol.get(`demographics.${k}`) ?? -1]),
    ) as ContextColumns,
    youngestParent: youngestParentAges(extract, ix),
  };
  const sink = new ColumnSink(catalog.length, records.n);
  const tally = new Float64Array(ix.slots.names.length * ROLES.length * WINDOWS.length);
  putHouseholds(input, sink, tally);
  tallyCells(tally, input.history, (col, n) => sink.addCells(col, n));
  sink.startWriting();
  putHouseholds(input, sink, tally);
  return {
    catalog,
    matrix: makeMatrix(
      records.n,
      catalog.map((f) => f.name),
      sink.columns(),
    ),
    records,
    labels: buildLabels(extract, ix, records),
  };
}

/** What the household walk reads: the extract, its indexes, records and catalog columns. */
interface HouseholdInput {
  readonly extract: Extract;
  readonly ix: ExtractIndex;
  readonly records: RecordTable;
  /** Columns of history features (see historyColumns) and of context features (−1 = absent). */
  readonly history: Int32Array;
  readonly context: ContextColumns;
  /** Age at the call of the youngest parent on each referral (Infinity = none named). */
  readonly youngestParent: Float64Array;
}

/** The age at the call of the youngest parent on each referral with children. */
function youngestParentAges(extract: Extract, ix: ExtractIndex): Float64Array {
  const out = new Float64Array(extract.referrals.n).fill(Infinity);
  for (let r = 0; r < extract.referrals.n; r++) {
    let hasChild = false;
    for (let k = ix.memberStart[r]!; k < ix.memberStart[r + 1]!; k++)
      if ((ix.memberRoles[k]! & CHILD_BITS) !== 0) hasChild = true;
    if (!hasChild) continue;
    const callDay = dayOf(extract.referrals.received_at[r]!);
    for (let k = ix.memberStart[r]!; k < ix.memberStart[r + 1]!; k++) {
      if ((ix.memberRoles[k]! & ROLE_BIT.parent) === 0) continue;
      const age = ageInYears(extract.persons.birth_date[ix.memberPerson[k]!]!, callDay);
      if (age < out[r]!) out[r] = age;
    }
  }
  return out;
}

/**
 * Puts every record's cells into the sink, referral by referral in time order. Each referral is
 * one household: every member's history before the call is summarized once, the role summaries
 * (everyone but `self`) and the household context are put once for all its children's rows, and
 * the child's own history and context once per record.
 */
function putHouseholds(input: HouseholdInput, sink: ColumnSink, tally: Float64Array): void {
  const { extract, ix, history } = input;
  const counting = sink.isCounting();
  // Blocks: role ri at ri (block 0 unused), then one per member of the referral.
  const blocks = statBlocks(ix.slots.names.length, ROLES.length + 8);
  let row = 0;
  for (const r of ix.referralOrder) {
    const m0 = ix.memberStart[r]!;
    const m1 = ix.memberStart[r + 1]!;
    let nChildren = 0;
    for (let m = m0; m < m1; m++) if ((ix.memberRoles[m]! & CHILD_BITS) !== 0) nChildren++;
    if (nChildren === 0) continue;
    const callMs = extract.referrals.received_at[r]!;
    const callDay = dayOf(callMs);
    const first = ROLES.length - m0; // block of member m
    ensureBlocks(blocks, first + m1);
    for (let m = m0; m < m1; m++) {
      clearBlock(blocks, first + m);
      accumulatePerson(ix, extract, ix.memberPerson[m]!, callMs, callDay, blocks, first + m);
    }
    sink.cover(row, row + nChildren);
    for (let ri = 1; ri < ROLES.length; ri++) {
      clearBlock(blocks, ri);
      for (let m = m0; m < m1; m++) {
        if ((ix.memberRoles[m]! & MASKS[ri]!) !== 0) mergeBlock(blocks, ri, first + m);
      }
      if (counting) tallyBlock(tally, blocks, ri, ri, nChildren);
      else emitBlock(sink, history, blocks, ri, ri, callDay);
    }
    putHouseholdContext(sink, input, r, nChildren);
    for (let m = m0; m < m1; m++) {
      if ((ix.memberRoles[m]! & CHILD_BITS) === 0) continue;
      sink.cover(row, row + 1);
      if (counting) tallyBlock(tally, blocks, first + m, 0, 1);
      else emitBlock(sink, history, blocks, first + m, 0, callDay);
      putChildContext(sink, input, row, ix.memberPerson[m]!);
      row++;
    }
  }
}

/** Puts `v` in column `col` when the catalog has the column and `v` is not 0 (NaN is kept). */
function put(sink: ColumnSink, col: number, v: number): void {
  if (col >= 0 && v !== 0) sink.put(col, v);
}

/** Context every child on referral `r` shares: household make-up, allegation, channel. */
function putHouseholdContext(
  sink: ColumnSink,
  { extract, ix, context, youngestParent }: HouseholdInput,
  r: number,
  nChildren: number,
): void {
  const youngest = youngestParent[r]!;
  const nAdults = ix.memberStart[r + 1]! - ix.memberStart[r]! - nChildren;
  put(sink, context.n_children, nChildren);
  put(sink, context.n_adults, nAdults);
  put(sink, context.youngest_parent_age, Number.isFinite(youngest) ? youngest : 0);
  put(sink, context.no_parent_named, Number.isFinite(youngest) ? 0 : 1);
  put(sink, context.allegation_other, extract.referrals.allegation[r] === OTHER_ALLEGATION ? 1 : 0);
  put(sink, context.channel_state, extract.referrals.channel[r] === STATE ? 1 : 0);
}

/** Context of the record's own child: age and sex. */
function putChildContext(
  sink: ColumnSink,
  { extract, records, context }: HouseholdInput,
  row: number,
  child: number,
): void {
  const age = records.age[row]!;
  put(sink, context.age, age);
  put(sink, context.age_under_3, age < 3 ? 1 : 0);
  put(sink, context.sex_male, extract.persons.sex[child] === MALE ? 1 : 0);
}
