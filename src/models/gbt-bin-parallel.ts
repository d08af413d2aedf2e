/**
 * The calling thread's side of binning on two threads (binning-shared.ts): shares the matrix
 * (in place when it already is in shared memory) and the fitting rows with the worker, bins its
 * share of the columns, puts the layout together from both threads' columns, sizes the fit's
 * shared buffers (gbt-share.ts), and fills its share of their chunks while the worker fills the
 * rest. The result is fitBinRows's binning bit for bit, by feature (BinnedColumns) and by row in
 * chunks of features (SharedBoost).
 */
import type { Matrix } from '../core/index.js';
import {
  BIN_CTRL_WORDS,
  binClaimed,
  denseColumns,
  fillClaimed,
  NEXT_BLOCK,
  NEXT_CHUNK,
  type BinShare,
  type BinnedPart,
  type FillPlan,
} from './binning-shared.js';
import type { BinnedColumns } from './binning-rows.js';
import { isAscending, layoutOf, rowPositions } from './binning.js';
import type { GbtPortMessage } from './gbt-protocol.js';
import { shareBoost, type SharedBoost } from './gbt-share.js';
import type { WorkerLink } from './gbt-worker-link.js';
import { splittableFeatures } from './tree-hist.js';
import type { Criterion } from './tree-split.js';
import { shareMatrix } from './shared-matrix.js';
import type { MessagePort } from 'node:worker_threads';

/** A typed array's contents in a new SharedArrayBuffer. */
function sharedCopy(a: Int32Array | Uint32Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(Math.max(4, a.byteLength));
  new Uint8Array(buffer).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return buffer;
}

/** Binned rows of a fit, shared with the worker. */
export interface SharedBinning {
  readonly binned: BinnedColumns;
  readonly shared: SharedBoost;
  readonly splittable: Int32Array;
}

/**
 * Bins X at `rows` on this thread and the worker (which must be listening on `port`) and returns
 * once both have filled their chunks.
 * @throws (as a rejection) SightlineError E_MODEL_WORKER when the worker fails.
 */
export async function binOnBoth(
  X: Matrix,
  rows: Uint32Array,
  maxBins: number,
  crit: Criterion,
  chunks: number,
  port: MessagePort,
  w: WorkerLink,
): Promise<SharedBinning> {
  const share: BinShare = {
    pos: sharedCopy(rowPositions(X.nRows, rows)),
    rows: sharedCopy(rows),
    ascending: isAscending(rows),
    maxBins,
    ctrl: new SharedArrayBuffer(4 * BIN_CTRL_WORDS),
  };
  port.postMessage({ kind: 'bin', matrix: shareMatrix(X), share } satisfies GbtPortMessage);
  const mine = binClaimed(share, X);
  const theirs = await w.binned;
  // The worker's last claim (an atomic add, before it posted its columns) orders its writes
  // before this thread reads them; the same for its chunks below.
  Atomics.load(new Int32Array(share.ctrl), NEXT_BLOCK);
  const n = rows.length;
  const p = X.columns.length;
  const cuts: Float64Array[] = new Array<Float64Array>(p);
  const defaultBin = new Int32Array(p);
  const hasMissing = new Uint8Array(p);
  const seg = new Int32Array(p);
  const off = new Int32Array(p);
  const colPtr = new Int32Array(p + 1);
  const take = (part: BinnedPart, segBase: number) =>
    part.columns.forEach((j, i) => {
      cuts[j] = part.cuts[i]!;
      defaultBin[j] = part.defaultBin[i]!;
      hasMissing[j] = part.nan[i]! > 0 ? 1 : 0;
      seg[j] = Math.max(0, part.seg[i]!) + segBase;
      off[j] = part.off[i]!;
      colPtr[j + 1] = part.count[i]!;
    });
  take(mine, 0);
  take(theirs, mine.at.length);
  for (let j = 0; j < p; j++) colPtr[j + 1]! += colPtr[j]!;
  const layout = layoutOf(p, cuts, defaultBin, hasMissing);
  const splittable = splittableFeatures(layout);
  const shared = shareBoost({ n, layout, colPtr }, splittable, crit, chunks);
  const total = colPtr[p]!;
  const { denseAt, k } = denseColumns(colPtr, n);
  const plan: FillPlan = {
    at: [...mine.at, ...theirs.at],
    bin: [...mine.bin, ...theirs.bin],
    seg,
    off,
    colPtr,
    colPos: new SharedArrayBuffer(Math.max(4, 4 * total)),
    colBin: new SharedArrayBuffer(Math.max(1, total)),
    denseAt,
    dense: new SharedArrayBuffer(Math.max(1, k * n)),
  };
  port.postMessage({ kind: 'setup', shared, plan } satisfies GbtPortMessage);
  fillClaimed(share, plan, shared);
  await w.ready;
  Atomics.load(new Int32Array(share.ctrl), NEXT_CHUNK);
  const denseBin = Array.from(denseAt, (d) =>
    d < 0 ? null : new Uint8Array(plan.dense, d * n, n),
  );
  const colPos = new Uint32Array(plan.colPos, 0, total);
  const colBin = new Uint8Array(plan.colBin, 0, total);
  return { binned: { layout, n, colPtr, colPos, colBin, denseBin }, shared, splittable };
}
