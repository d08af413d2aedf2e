/**
 * Fold assignments for cross-validation, from the caller (the split layer makes grouped folds;
 * models never draws them). Either a fold number per row or a list of train/test index pairs;
 * both become one `foldOf` aligned with the CV rows, checked so that every row is tested exactly
 * once and each fold trains on all the other rows (cv.glmnet's foldid).
 */
import { foldsError } from './messages.js';

/** One fold as index arrays of matrix rows (the split layer's `Split`). */
export interface Fold {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/** The CV rows and the fold (0..K−1) of each, aligned by position. */
export interface FoldAssignment {
  readonly rows: Uint32Array;
  readonly foldOf: Int32Array;
  readonly k: number;
}

function checkCounts(foldOf: Int32Array): number {
  let k = 0;
  for (let i = 0; i < foldOf.length; i++) {
    const f = foldOf[i]!;
    if (f < 0) throw foldsError(`fold number ${f} at position ${i}; folds are numbered from 0`);
    if (f + 1 > k) k = f + 1;
  }
  if (k < 3) throw foldsError(`${k} fold(s); cross-validation needs at least 3`);
  const size = new Int32Array(k);
  for (let i = 0; i < foldOf.length; i++) size[foldOf[i]!]!++;
  const empty = size.indexOf(0);
  if (empty >= 0) throw foldsError(`fold ${empty} is empty; number folds 0..K−1 without gaps`);
  return k;
}

function testedRows(foldAt: Int32Array): Uint32Array {
  const out: number[] = [];
  for (let r = 0; r < foldAt.length; r++) if (foldAt[r]! >= 0) out.push(r);
  return Uint32Array.from(out);
}

function fromPairs(nRows: number, folds: readonly Fold[], given?: Uint32Array): FoldAssignment {
  const foldAt = new Int32Array(nRows).fill(-1);
  folds.forEach((fold, f) => {
    for (const r of fold.test) {
      if (r >= nRows) throw foldsError(`fold ${f} tests row ${r}, beyond the ${nRows} rows`);
      if (foldAt[r] !== -1) throw foldsError(`row ${r} is tested in folds ${foldAt[r]} and ${f}`);
      foldAt[r] = f;
    }
  });
  const rows = given ?? testedRows(foldAt);
  const foldOf = Int32Array.from(rows, (r) => foldAt[r]!);
  const untested = foldOf.indexOf(-1);
  if (untested >= 0) throw foldsError(`row ${rows[untested]} is in no fold's test rows`);
  const tested = foldAt.reduce((n, f) => n + (f >= 0 ? 1 : 0), 0);
  if (tested !== rows.length) throw foldsError('some test rows are not among the CV rows');
  folds.forEach((fold, f) => {
    const expected = rows.length - fold.test.length;
    const ok =
      fold.train.length === expected &&
      fold.train.every((r) => foldAt[r] !== f && foldAt[r] !== -1);
    if (!ok) throw foldsError(`fold ${f} does not train on exactly the rows outside its test rows`);
  });
  return { rows, foldOf, k: checkCounts(foldOf) };
}

/**
 * Normalises a fold assignment. `folds` is either an Int32Array of fold numbers 0..K−1 aligned
 * with `rows` (default every matrix row), as `groupKFold` returns, or K train/test pairs whose
 * test rows partition `rows` (default their union, ascending).
 * @throws SightlineError E_MODEL_FOLDS when the lengths differ, a row is tested twice or never,
 * a train set is not the complement of its test set, a fold is empty, or K < 3.
 */
export function foldAssignment(
  nRows: number,
  folds: Int32Array | readonly Fold[],
  rows?: Uint32Array,
): FoldAssignment {
  if (!(folds instanceof Int32Array)) return fromPairs(nRows, folds, rows);
  const all = rows ?? Uint32Array.from({ length: nRows }, (_, i) => i);
  if (folds.length !== all.length) {
    throw foldsError(`${folds.length} fold numbers for ${all.length} rows; give one per row`);
  }
  return { rows: all, foldOf: folds, k: checkCounts(folds) };
}

/** Train and test rows of fold f, in the order of the CV rows. */
export function foldRowsOf(a: FoldAssignment, f: number): Fold {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < a.rows.length; i++) (a.foldOf[i] === f ? test : train).push(a.rows[i]!);
  return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
}
