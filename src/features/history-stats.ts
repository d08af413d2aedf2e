/**
 * Per-slot history statistics of one person, or of the people in one role on a referral, as of a
 * call: blocks of `nSlots × STATS` numbers in a Float64Array — ever count, 3-year count, 365-day
 * count, last day — and what the builder's two passes do with them: tally the rows each
 * (slot, role, window) reaches (counting pass), then put their cells (writing pass).
 *
 * Point-in-time rule (see build.ts): an event counts when its start day is before the call's day;
 * a prior referral when it was received strictly before the call, and as screened in only when
 * its decision was known before the call.
 */
import { MS_PER_DAY, dayOf } from '../core/index.js';
import { DECISION, type Extract } from '../contract/index.js';
import { ROLES, WINDOWS, WINDOW_DAYS } from './catalog.js';
import type { ExtractIndex } from './extract-index.js';
import type { ColumnSink } from './column-sink.js';

/** Numbers per slot: ever count, 3-year count, 365-day count, last day. */
const STATS = 4;
const IN = DECISION.indexOf('in');

/**
 * Blocks of per-slot statistics, each with the list of its slots that have any history (so that
 * clearing, merging and emitting skip the empty ones). A slot is listed iff its ever count is
 * non-zero; an unlisted slot's other numbers are stale and never read.
 */
export interface StatBlocks {
  readonly nSlots: number;
  acc: Float64Array;
  /** Listed slots of block b at b × nSlots .. b × nSlots + nListed[b] − 1. */
  listed: Int32Array;
  nListed: Int32Array;
}

/** `nBlocks` empty blocks of `nSlots` slots. */
export function statBlocks(nSlots: number, nBlocks: number): StatBlocks {
  return {
    nSlots,
    acc: new Float64Array(nBlocks * nSlots * STATS),
    listed: new Int32Array(nBlocks * nSlots),
    nListed: new Int32Array(nBlocks),
  };
}

/** Makes room for `nBlocks` blocks, all empty when they had to be reallocated. */
export function ensureBlocks(b: StatBlocks, nBlocks: number): void {
  if (b.nListed.length >= nBlocks) return;
  const grown = statBlocks(b.nSlots, nBlocks * 2);
  b.acc = grown.acc;
  b.listed = grown.listed;
  b.nListed = grown.nListed;
}

/** Offset of `slot` in block `block`, listing the slot (with empty numbers) on first use. */
function touch(b: StatBlocks, block: number, slot: number): number {
  const o = (block * b.nSlots + slot) * STATS;
  if (b.acc[o] === 0) {
    b.acc[o + 1] = 0;
    b.acc[o + 2] = 0;
    b.acc[o + 3] = -Infinity;
    b.listed[block * b.nSlots + b.nListed[block]!++] = slot;
  }
  return o;
}

function add(b: StatBlocks, block: number, slot: number, day: number, callDay: number): void {
  if (slot < 0) return;
  const o = touch(b, block, slot);
  const acc = b.acc;
  const ago = callDay - day;
  acc[o]!++;
  if (ago <= WINDOW_DAYS['3y']) acc[o + 1]!++;
  if (ago <= WINDOW_DAYS['365d']) acc[o + 2]!++;
  if (day > acc[o + 3]!) acc[o + 3] = day;
}

/** Empties block `block`. */
export function clearBlock(b: StatBlocks, block: number): void {
  const first = block * b.nSlots;
  for (let i = first; i < first + b.nListed[block]!; i++) {
    b.acc[(block * b.nSlots + b.listed[i]!) * STATS] = 0;
  }
  b.nListed[block] = 0;
}

/** Adds person `p`'s history before the call into the (empty) block `block`. */
export function accumulatePerson(
  ix: ExtractIndex,
  extract: Extract,
  p: number,
  callMs: number,
  callDay: number,
  b: StatBlocks,
  block: number,
): void {
  for (let k = ix.evStart[p]!; k < ix.evStart[p + 1]!; k++) {
    const day = ix.evDay[k]!;
    if (day >= callDay) break;
    add(b, block, ix.evSlot[k]!, day, callDay);
    add(b, block, ix.evAny[k]!, day, callDay);
  }
  const refs = extract.referrals;
  const { referralSlot, screenedInSlot } = ix.slots;
  for (let k = ix.personRefStart[p]!; k < ix.personRefStart[p + 1]!; k++) {
    const q = ix.personRef[k]!;
    const receivedMs = refs.received_at[q]!;
    if (receivedMs >= callMs) break;
    const day = dayOf(receivedMs);
    add(b, block, referralSlot, day, callDay);
    const decidedMs = Number.isNaN(refs.decided_at[q]!)
      ? receivedMs + MS_PER_DAY
      : refs.decided_at[q]!;
    if (refs.screening_decision[q] === IN && decidedMs < callMs)
      add(b, block, screenedInSlot, day, callDay);
  }
}

/** Merges block `src` into block `dst` (sum counts, latest day). */
export function mergeBlock(b: StatBlocks, dst: number, src: number): void {
  const { acc, listed, nSlots } = b;
  const first = src * nSlots;
  for (let i = first; i < first + b.nListed[src]!; i++) {
    const slot = listed[i]!;
    const from = (src * nSlots + slot) * STATS;
    const to = touch(b, dst, slot);
    acc[to]! += acc[from]!;
    acc[to + 1]! += acc[from + 1]!;
    acc[to + 2]! += acc[from + 2]!;
    if (acc[from + 3]! > acc[to + 3]!) acc[to + 3] = acc[from + 3]!;
  }
}

/**
 * Column of each (slot, role, window, form) for form indicator, count, days_since_last, at
 * `((slot × ROLES + role) × WINDOWS + window) × 3 + form`; −1 where the catalog lacks it.
 */
export function historyColumns(
  slotNames: readonly { source: string; kind: string }[],
  nameToCol: ReadonlyMap<string, number>,
): Int32Array {
  const colOf = new Int32Array(slotNames.length * ROLES.length * WINDOWS.length * 3).fill(-1);
  slotNames.forEach(({ source, kind }, s) =>
    ROLES.forEach((role, r) =>
      WINDOWS.forEach((w, wi) =>
        (['indicator', 'count', 'days_since_last'] as const).forEach((form, fi) => {
          const j = nameToCol.get(`${source}.${kind}.${role}.${w}.${form}`);
          if (j !== undefined) colOf[((s * ROLES.length + r) * WINDOWS.length + wi) * 3 + fi] = j;
        }),
      ),
    ),
  );
  return colOf;
}

/**
 * exp(−days/365) by whole days, filled on first use (NaN = not yet computed): the same
 * expression on the same number, so the memo never changes a value.
 */
const RECENCY = new Float64Array(1 << 16).fill(NaN);

/** The days_since_last encoding exp(−(callDay − last)/365), memoized for whole days. */
function recency(callDay: number, last: number): number {
  const days = callDay - last;
  if (!(days >= 0 && days < RECENCY.length && Number.isInteger(days))) {
    return Math.exp(-days / 365);
  }
  const v = RECENCY[days]!;
  return v === v ? v : (RECENCY[days] = Math.exp(-days / 365));
}

/**
 * Puts the cells of role `role` from block `block` into the sink: indicator and count per window
 * with history, days_since_last (exp(−days/365)) for `ever`.
 */
export function emitBlock(
  sink: ColumnSink,
  colOf: Int32Array,
  b: StatBlocks,
  block: number,
  role: number,
  callDay: number,
): void {
  const { acc, listed, nSlots } = b;
  const first = block * nSlots;
  for (let i = first; i < first + b.nListed[block]!; i++) {
    const s = listed[i]!;
    const o = (block * nSlots + s) * STATS;
    const ever = acc[o]!;
    const k = (s * ROLES.length + role) * WINDOWS.length * 3; // window ever; then 365d, 3y
    if (colOf[k]! >= 0) sink.put(colOf[k]!, 1);
    if (colOf[k + 1]! >= 0) sink.put(colOf[k + 1]!, ever);
    if (colOf[k + 2]! >= 0) sink.put(colOf[k + 2]!, recency(callDay, acc[o + 3]!));
    const c365 = acc[o + 2]!;
    if (c365 !== 0) {
      if (colOf[k + 3]! >= 0) sink.put(colOf[k + 3]!, 1);
      if (colOf[k + 4]! >= 0) sink.put(colOf[k + 4]!, c365);
    }
    const c3y = acc[o + 1]!;
    if (c3y !== 0) {
      if (colOf[k + 6]! >= 0) sink.put(colOf[k + 6]!, 1);
      if (colOf[k + 7]! >= 0) sink.put(colOf[k + 7]!, c3y);
    }
  }
}

/**
 * Counting pass: adds `rows` to the tally of each (slot, role, window) of block `block` that has
 * history, at `(slot × ROLES + role) × WINDOWS + window` (the layout of historyColumns ÷ 3).
 */
export function tallyBlock(
  tally: Float64Array,
  b: StatBlocks,
  block: number,
  role: number,
  rows: number,
): void {
  const { acc, listed, nSlots } = b;
  const first = block * nSlots;
  for (let i = first; i < first + b.nListed[block]!; i++) {
    const s = listed[i]!;
    const o = (block * nSlots + s) * STATS;
    const t = (s * ROLES.length + role) * WINDOWS.length; // window ever; then 365d, 3y
    tally[t]! += rows;
    if (acc[o + 2]! !== 0) tally[t + 1]! += rows;
    if (acc[o + 1]! !== 0) tally[t + 2]! += rows;
  }
}

/**
 * The cells of every history column from the tally, as emitBlock puts them: indicator and count
 * for each window, days_since_last for `ever` only.
 */
export function tallyCells(
  tally: Float64Array,
  colOf: Int32Array,
  addCells: (col: number, n: number) => void,
): void {
  for (let t = 0; t < tally.length; t++) {
    if (tally[t] === 0) continue;
    const k = t * 3;
    if (colOf[k]! >= 0) addCells(colOf[k]!, tally[t]!);
    if (colOf[k + 1]! >= 0) addCells(colOf[k + 1]!, tally[t]!);
    if (t % WINDOWS.length === 0 && colOf[k + 2]! >= 0) addCells(colOf[k + 2]!, tally[t]!);
  }
}
