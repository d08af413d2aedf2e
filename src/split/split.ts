/**
 * Splitters return index arrays (STYLE.md rule 4): a split is two Uint32Arrays of record rows,
 * folds are one fold number per row. Every random step takes a seed.
 */
import { check, createRng } from '../core/index.js';
import { components, type SplitKeys } from './components.js';

export interface Split {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

function allRows(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/** Component sizes and a seeded random order of components. */
function shuffledComponents(
  label: Int32Array,
  seed: number,
): { order: Uint32Array; size: Uint32Array } {
  let nc = 0;
  for (const l of label) if (l + 1 > nc) nc = l + 1;
  const size = new Uint32Array(nc);
  for (const l of label) size[l]!++;
  const order = allRows(nc);
  const rng = createRng(seed).fork('split');
  for (let i = nc - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return { order, size };
}

/**
 * Grouped random split: whole components go to the test side, in a seeded random order, until it
 * holds `testShare` of the rows (the last component may overshoot by its size).
 * @example groupSplit(records, { testShare: 0.3, seed: 1 })
 */
export function groupSplit(
  keys: SplitKeys,
  opts: { testShare: number; seed: number; rows?: Uint32Array },
): Split {
  check(
    opts.testShare > 0 && opts.testShare < 1,
    `invalid testShare: ${opts.testShare} (between 0 and 1)`,
  );
  const rows = opts.rows ?? allRows(keys.household.length);
  const label = components(keys, rows);
  const { order, size } = shuffledComponents(label, opts.seed);
  const inTest = new Uint8Array(size.length);
  const target = opts.testShare * rows.length;
  let taken = 0;
  for (const c of order) {
    if (taken >= target) break;
    inTest[c] = 1;
    taken += size[c]!;
  }
  const train: number[] = [];
  const test: number[] = [];
  rows.forEach((r, i) => (inTest[label[i]!] === 1 ? test : train).push(r));
  return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
}

/**
 * Grouped K-fold: a fold number (0..K−1) per row of `rows`; components are dealt in a seeded
 * random order, each to the fold with the fewest rows so far, so folds are balanced and no child
 * or referral spans two folds.
 */
export function groupKFold(
  keys: SplitKeys,
  rows: Uint32Array,
  k: number,
  seed: number,
): Int32Array {
  check(Number.isInteger(k) && k >= 2, `invalid k: ${k} (an integer ≥ 2)`);
  const label = components(keys, rows);
  const { order, size } = shuffledComponents(label, seed);
  check(
    size.length >= k,
    `only ${size.length} groups for ${k} folds: use fewer folds or more data`,
  );
  const foldOfComponent = new Int32Array(size.length);
  const load = new Float64Array(k);
  for (const c of order) {
    let best = 0;
    for (let f = 1; f < k; f++) if (load[f]! < load[best]!) best = f;
    foldOfComponent[c] = best;
    load[best]! += size[c]!;
  }
  return Int32Array.from(label, (l) => foldOfComponent[l]!);
}

/**
 * Temporal holdout at `cutDay` (a day number): test = rows whose call is on or after the cut;
 * train = rows whose outcome window (`windowDays` after the call) closed before the cut, so no
 * training label depends on anything that happened after it. Returning children appear on both
 * sides, as they would for a deployed model; `dropReturning` removes them from the test side.
 */
export function temporalHoldout(
  callDay: Float64Array,
  opts: {
    cutDay: number;
    windowDays?: number;
    rows?: Uint32Array;
    dropReturning?: { child: Uint32Array };
  },
): Split {
  const windowDays = opts.windowDays ?? 730;
  const rows = opts.rows ?? allRows(callDay.length);
  const train: number[] = [];
  const test: number[] = [];
  for (const r of rows) {
    if (callDay[r]! >= opts.cutDay) test.push(r);
    else if (callDay[r]! + windowDays < opts.cutDay) train.push(r);
  }
  let testRows = test;
  if (opts.dropReturning) {
    const seen = new Set(train.map((r) => opts.dropReturning!.child[r]!));
    testRows = test.filter((r) => !seen.has(opts.dropReturning!.child[r]!));
  }
  return { train: Uint32Array.from(train), test: Uint32Array.from(testRows) };
}

/** The rows of `rows` in fold `f` (test) and not in it (train). */
export function foldRows(rows: Uint32Array, foldOf: Int32Array, f: number): Split {
  const train: number[] = [];
  const test: number[] = [];
  rows.forEach((r, i) => (foldOf[i] === f ? test : train).push(r));
  return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
}
