/**
 * `fitForestParallel`: fitForest on several threads. Trees are independent and tree t draws its
 * rows and features from the stream forked for t, so worker threads and the calling thread claim
 * tree numbers one at a time from a shared counter, each on its own binning of the same rows
 * (binning is deterministic), and the trees are put back in tree order: the forest is the one
 * fitForest grows, bit for bit, whatever the number of threads.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { SightlineError, check } from '../core/index.js';
import type { Matrix } from '../core/index.js';
import { errorFromWire, errorToWire, type WireError } from './cv-tasks.js';
import { forestModel, growTreeNumber, setupForest, type ForestSetup } from './forest-fit.js';
import type { ForestModel } from './forest-model.js';
import type { ForestParams, ForestParamsInput } from './forest-params.js';
import type { TreeFitOptions } from './gbt-fit.js';
import { MODEL_ERRORS } from './messages.js';
import { shareMatrix, type SharedMatrix } from './shared-matrix.js';
import type { TreeArrays } from './tree-model.js';

/** Fitting rows below which fitForestParallel stays on the calling thread. */
export const PARALLEL_FOREST_MIN_ROWS = 5000;

/** What a forest worker starts from (`workerData`). */
export interface ForestWorkerData {
  readonly matrix: SharedMatrix;
  readonly y: Uint8Array;
  readonly params: ForestParams;
  readonly rows: Uint32Array | undefined;
  readonly weights: Float64Array | undefined;
  readonly seed: number;
  /** Int32Array over it: [0] the next tree number to claim. */
  readonly ctrl: SharedArrayBuffer;
}

/** Messages from a forest worker. */
export type ForestWorkerMessage =
  | { readonly kind: 'tree'; readonly t: number; readonly tree: TreeArrays }
  | { readonly kind: 'error'; readonly error: WireError }
  | { readonly kind: 'done' };

/** Grows trees claimed from `ctrl` until every tree number is taken. */
export function claimTrees(s: ForestSetup, ctrl: Int32Array, grown: (t: number) => void): void {
  for (;;) {
    const t = Atomics.add(ctrl, 0, 1);
    if (t >= s.p.trees) return;
    grown(t);
  }
}

const WORKER_ENTRY = new URL('./forest-worker.mjs', import.meta.url);

function runWorker(data: ForestWorkerData, trees: (TreeArrays | undefined)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_ENTRY, { workerData: data, execArgv: [] });
    let done = false;
    let failure: Error | undefined;
    worker.on('message', (m: ForestWorkerMessage) => {
      if (m.kind === 'tree') trees[m.t] = m.tree;
      else if (m.kind === 'error') failure = errorFromWire(m.error);
      else done = true;
    });
    worker.on('error', (e) => (failure ??= e));
    worker.on('exit', (code) => {
      if (done && failure === undefined) return resolve();
      reject(
        failure ??
          new SightlineError(
            MODEL_ERRORS.worker,
            `a forest worker thread exited with code ${code} before finishing — rerun with threads: 1 to fit on the calling thread`,
            { code },
          ),
      );
    });
  });
}

/**
 * fitForest on `threads` threads (default: the machine's), with the identical forest. Runs on
 * the calling thread alone for one thread, fewer fitting rows than PARALLEL_FOREST_MIN_ROWS or
 * fewer than four trees.
 * @throws (as a rejection) fitForest's errors; SightlineError E_MODEL_WORKER when a worker ends
 *   without its trees; RangeError for threads not an integer ≥ 1.
 * @example const forest = await fitForestParallel({ trees: 200 }, X, y, { rows, seed: 1 });
 */
export async function fitForestParallel(
  params: ForestParamsInput,
  X: Matrix,
  y: Uint8Array,
  opts: TreeFitOptions & { readonly threads?: number },
): Promise<ForestModel> {
  const s = setupForest(params, X, y, opts);
  const wanted = opts.threads ?? availableParallelism();
  check(Number.isInteger(wanted) && wanted >= 1, `threads is ${wanted}; give an integer ≥ 1`);
  const threads = Math.min(wanted, s.p.trees);
  const trees = new Array<TreeArrays | undefined>(s.p.trees);
  if (threads <= 1 || s.n < PARALLEL_FOREST_MIN_ROWS || s.p.trees < 4) {
    for (let t = 0; t < s.p.trees; t++) trees[t] = growTreeNumber(s, t);
    return forestModel(s, X.names, trees as TreeArrays[], opts.seed);
  }
  const ctrl = new SharedArrayBuffer(4);
  const data: ForestWorkerData = {
    matrix: shareMatrix(X),
    y,
    params: s.p,
    rows: opts.rows,
    weights: opts.weights,
    seed: opts.seed,
    ctrl,
  };
  const workers = Array.from({ length: threads - 1 }, () => runWorker(data, trees));
  // Let the workers start before this thread starts growing (it does not yield until done).
  await new Promise((resolve) => setImmediate(resolve));
  claimTrees(s, new Int32Array(ctrl), (t) => (trees[t] = growTreeNumber(s, t)));
  await Promise.all(workers);
  const missing = trees.findIndex((t) => t === undefined);
  if (missing >= 0) {
    throw new SightlineError(MODEL_ERRORS.worker, `forest tree ${missing} was never grown`, {
      tree: missing,
    });
  }
  return forestModel(s, X.names, trees as TreeArrays[], opts.seed);
}

/** The body of a forest worker thread (run by forest-worker.ts). */
export function forestWorkerBody(
  data: ForestWorkerData,
  X: Matrix,
  post: (m: ForestWorkerMessage) => void,
): void {
  try {
    const s = setupForest(data.params, X, data.y, {
      seed: data.seed,
      ...(data.rows === undefined ? {} : { rows: data.rows }),
      ...(data.weights === undefined ? {} : { weights: data.weights }),
    });
    claimTrees(s, new Int32Array(data.ctrl), (t) =>
      post({ kind: 'tree', t, tree: growTreeNumber(s, t) }),
    );
    post({ kind: 'done' });
  } catch (e) {
    post({ kind: 'error', error: errorToWire(e) });
  }
}
