/**
 * `cvLassoParallel`: cvLasso on several threads. The full-data path and the K fold paths are
 * independent (with the default `foldLambdas: 'own'`), so worker threads and the calling thread
 * claim them one at a time, largest first, from a shared counter (cv-tasks.ts); the Matrix is
 * copied once into shared memory and read by every thread. Each path is computed by the same
 * code on the same rows as in cvLasso and the results are combined in fold order on the calling
 * thread, so the curve, the model and the issues are identical to cvLasso's, bit for bit. With
 * `foldLambdas: 'full'` the calling thread fits the full-data path first (the folds need its
 * λs) while the workers start up.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { check } from '../core/index.js';
import type { Matrix } from '../core/index.js';
import type { Fold } from './cv-folds.js';
import { FAILED, claimTasks, errorFromWire, fromWire } from './cv-tasks.js';
import type { CvWorkerData, StartMessage, WorkerMessage } from './cv-tasks.js';
import { combineCv, fitFold, fitFullPath, runCv, setupCv } from './lasso-cv.js';
import type { CvLassoResult, CvSetup } from './lasso-cv.js';
import type { CvLassoParamsInput } from './lasso-params.js';
import type { FitOptions, LassoPath } from './lasso-path.js';
import { workerError } from './messages.js';
import { shareMatrix } from './shared-matrix.js';

/** CV rows below which cvLassoParallel stays on the calling thread (worker start-up costs). */
export const PARALLEL_CV_MIN_ROWS = 5000;

/** How cvLassoParallel uses threads. */
export interface ParallelOptions {
  /** Threads in all, the calling thread included (default: the machine's, at most K + 1). */
  readonly threads?: number;
  /** Fewer CV rows than this run on the calling thread alone (default PARALLEL_CV_MIN_ROWS). */
  readonly minRows?: number;
  /** Whether the calling thread fits paths too (default true; false leaves all to workers). */
  readonly callerWorks?: boolean;
}

const WORKER_ENTRY = new URL('./cv-worker.mjs', import.meta.url);

/** Task numbers (0 full path, f + 1 fold f) in claim order: most training rows first. */
function taskOrder(s: CvSetup, withFull: boolean): Int32Array {
  const cost = new Float64Array(s.a.k + 1);
  cost[0] = s.a.rows.length;
  for (let f = 0; f < s.a.k; f++) cost[f + 1] = s.a.rows.length;
  for (let i = 0; i < s.a.foldOf.length; i++) cost[s.a.foldOf[i]! + 1]!--;
  const tasks = Array.from({ length: s.a.k + 1 }, (_, t) => t).filter((t) => withFull || t > 0);
  return Int32Array.from(tasks.sort((a, b) => cost[b]! - cost[a]! || a - b));
}

/** Where the paths and errors of the tasks collect, and when the outcome is known. */
class Outcome {
  readonly paths: (LassoPath | undefined)[];
  readonly errors = new Map<number, Error>();
  private readonly lost: string[] = [];
  private running: number;
  private settle: () => void = () => undefined;
  readonly decided: Promise<void>;

  constructor(tasks: number, workers: number) {
    this.paths = new Array<LassoPath | undefined>(tasks);
    this.running = workers;
    this.decided = new Promise((resolve) => (this.settle = resolve));
  }

  /** The first task (in cvLasso's order) without a path: its error, or undefined if pending. */
  private first(): { task: number; error: Error | undefined } | null {
    for (let t = 0; t < this.paths.length; t++) {
      if (this.paths[t] === undefined) return { task: t, error: this.errors.get(t) };
    }
    return null;
  }

  /** A worker has ended (`why` when it ended without finishing its tasks). */
  ended(why?: string): void {
    this.running--;
    if (why !== undefined) this.lost.push(why);
    this.check();
  }

  check(): void {
    const f = this.first();
    if (f === null || f.error !== undefined || this.running === 0) this.settle();
  }

  /** The paths, or the error the sequential run would have thrown. */
  result(): LassoPath[] {
    const f = this.first();
    if (f === null) return this.paths as LassoPath[];
    throw f.error ?? workerError(f.task, this.lost.join('; ') || 'it ended without a result');
  }
}

function startWorker(
  entry: URL,
  data: CvWorkerData,
  names: readonly string[],
  out: Outcome,
): Worker {
  const worker = new Worker(entry, { workerData: data, execArgv: [] });
  let finished = false;
  let failure: string | undefined;
  worker.on('message', (m: WorkerMessage) => {
    if (m.kind === 'path') out.paths[m.task] = fromWire(m.path, names);
    else if (m.kind === 'error') out.errors.set(m.task, errorFromWire(m.error));
    else finished = true;
    out.check();
  });
  worker.on('error', (e) => (failure = `${e.name}: ${e.message}`));
  worker.on('exit', (code) => {
    out.ended(finished ? undefined : (failure ?? `it exited with code ${code} before finishing`));
  });
  return worker;
}

/**
 * Runs the CV tasks on `workers` worker threads started from `entry` (and on the calling thread
 * when `callerWorks`), then combines them as cvLasso does. Exported for the tests, which start
 * workers that fail.
 */
export async function runPool(
  X: Matrix,
  y: Uint8Array,
  s: CvSetup,
  workers: number,
  callerWorks: boolean,
  entry: URL = WORKER_ENTRY,
): Promise<CvLassoResult> {
  const full = s.p.foldLambdas === 'full';
  const order = taskOrder(s, !full);
  const ctrl = new Int32Array(new SharedArrayBuffer(8));
  ctrl[FAILED] = s.a.k + 1;
  const data: CvWorkerData = { matrix: shareMatrix(X), y, ...s, ctrl: ctrl.buffer, order };
  const out = new Outcome(s.a.k + 1, workers);
  const pool = Array.from({ length: workers }, () => startWorker(entry, data, X.names, out));
  try {
    if (full) out.paths[0] = fitFullPath(X, y, s);
    const foldLambdas = full ? out.paths[0]!.lambdas : null;
    const start: StartMessage = { kind: 'start', foldLambdas };
    for (const w of pool) w.postMessage(start);
    if (callerWorks) {
      const run = (t: number) => {
        out.paths[t] = t === 0 ? fitFullPath(X, y, s) : fitFold(X, y, s, t - 1, foldLambdas);
      };
      claimTasks(ctrl, order, run, (t, e) => out.errors.set(t, e as Error));
    }
    out.check();
    await out.decided;
    const [path, ...fits] = out.result();
    return combineCv(X, y, s, path!, fits);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * cvLasso on several threads, with the identical result (curve, model, issues and errors). Runs
 * on the calling thread alone when `threads` is 1 or there are fewer CV rows than `minRows`.
 * @param options FitOptions (rows, weights) and ParallelOptions (threads, minRows).
 * @throws (as a rejection) every error of cvLasso, the one cvLasso would throw first;
 *   SightlineError E_MODEL_WORKER when a worker thread ends without its paths; RangeError for
 *   threads not an integer ≥ 1.
 * @example const { model } = await cvLassoParallel(X, y, {}, folds, { rows: train, threads: 2 });
 */
export async function cvLassoParallel(
  X: Matrix,
  y: Uint8Array,
  params: CvLassoParamsInput,
  folds: Int32Array | readonly Fold[],
  options: FitOptions & ParallelOptions = {},
): Promise<CvLassoResult> {
  const s = setupCv(X.nRows, params, folds, options);
  const wanted = options.threads ?? availableParallelism();
  check(Number.isInteger(wanted) && wanted >= 1, `threads is ${wanted}; give an integer ≥ 1`);
  const threads = Math.min(wanted, s.a.k + 1);
  const callerWorks = options.callerWorks ?? true;
  if (threads <= 1 || s.a.rows.length < (options.minRows ?? PARALLEL_CV_MIN_ROWS)) {
    return runCv(X, y, s);
  }
  return runPool(X, y, s, callerWorks ? threads - 1 : threads, callerWorks);
}
