/**
 * Large scoring batches on several threads, behind the synchronous ensembleSums: the calling
 * thread and a small pool of persistent worker threads claim chunks of CHUNK_ROWS requested rows
 * from a shared counter and write each row's sum into a shared output, which is copied out at
 * the end. Every row's sum is the one the sequential kernel gives (scoreRange over any range
 * gives each row the same bits), whichever thread scores it.
 *
 * The calling thread never waits for a worker to start: the first large batch starts the pool
 * and is scored on the calling thread alone, and a worker still starting or busy elsewhere just
 * claims nothing. Once out of chunks the calling thread waits for
 * the chunks workers claimed, and scores any that is not done after a while itself (a worker
 * descheduled on a busy machine, or dead), so a call always ends; a worker that reports an error
 * makes the call throw it (E_MODEL_WORKER). Workers are unref'd (they never keep the process
 * alive) and replaced when they exit, except after one crashed (then batches stay on the calling
 * thread); closeScoringWorkers ends them.
 *
 * Columns must be in shared memory to be read by a worker without a copy: columns built by the
 * features layer are (ColumnSink), others are copied into shared memory for the call.
 */
import {
  MessageChannel,
  Worker,
  receiveMessageOnPort,
  type MessagePort,
} from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { SightlineError, type Column, type Matrix } from '../core/index.js';
import { errorFromWire, errorToWire, type WireError } from './cv-tasks.js';
import { MODEL_ERRORS } from './messages.js';
import { compiled, type Compiled } from './tree-compile.js';
import type { TreeArrays } from './tree-model.js';
import type { RowOrder } from './tree-rows.js';
import { scoreRangeWith, type KernelKind } from './tree-wasm-score.js';

/** Requested rows per chunk a thread claims. */
export const CHUNK_ROWS = 8192;

/** Most worker threads the pool starts (besides the calling thread). */
const MAX_WORKERS = 3;

/** ctrl words: next chunk to claim, chunks done, a worker failed; then one done flag a chunk. */
const NEXT = 0;
const DONE = 1;
const FAILED = 2;
const FLAGS = 3;

/** One batch, as a worker gets it (typed arrays over shared memory; trees when new to it). */
export interface ScoreJob {
  readonly modelId: number;
  readonly trees: readonly TreeArrays[] | null;
  /** The model's features' columns (empty dense columns for unused ones). */
  readonly columns: readonly Column[];
  readonly nRows: number;
  readonly order: RowOrder;
  readonly init: number;
  readonly kernel: KernelKind;
  readonly out: Float64Array;
  readonly ctrl: Int32Array;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly errors: MessagePort;
  lastModel: number;
}

const WORKER_ENTRY = new URL('./tree-score-worker.mjs', import.meta.url);
let pool: PoolWorker[] = [];
/** Set when a worker thread crashed: later batches stay on the calling thread. */
let crashed = false;
const modelIds = new WeakMap<object, number>();
let nextModelId = 1;

function startWorker(): PoolWorker {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_ENTRY, {
    workerData: { errors: port2 },
    transferList: [port2],
    execArgv: [],
  });
  const w: PoolWorker = { worker, errors: port1, lastModel: 0 };
  const drop = (): void => {
    pool = pool.filter((p) => p !== w);
    port1.close();
  };
  worker.on('error', () => {
    crashed = true;
    drop();
  });
  worker.on('exit', drop);
  worker.unref();
  port1.unref();
  return w;
}

/** Ends the scoring worker threads (a later large batch starts new ones). */
export async function closeScoringWorkers(): Promise<void> {
  const ending = pool;
  pool = [];
  await Promise.all(ending.map((w) => w.worker.terminate()));
}

/** A typed array's contents in shared memory: itself when it already is, else a copy. */
function shared<T extends Float64Array | Uint32Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const copy = new ctor(new SharedArrayBuffer(Math.max(8, a.byteLength)));
  copy.set(a);
  return copy.subarray(0, a.length) as T;
}

function sharedColumn(col: Column): Column {
  if (col.kind === 'dense') return { kind: 'dense', values: shared(col.values) };
  return { kind: 'sparse', rows: shared(col.rows), values: shared(col.values) };
}

/** Scores chunks claimed from ctrl until none is left (on any thread). */
export function claimChunks(c: Compiled, job: ScoreJob, X: Matrix, cols: Int32Array): number {
  const { ctrl, order } = job;
  const chunks = Math.ceil(order.n / CHUNK_ROWS);
  for (let claimed = 0; ; claimed++) {
    const j = Atomics.add(ctrl, NEXT, 1);
    if (j >= chunks) return claimed;
    const from = j * CHUNK_ROWS;
    const to = Math.min(order.n, from + CHUNK_ROWS);
    scoreRangeWith(job.kernel, c, X, cols, order, from, to, job.init, job.out);
    Atomics.store(ctrl, FLAGS + j, 1);
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
}

/**
 * ensembleSums' batch on the calling thread and the pool's workers; null (score on the calling
 * thread) when the machine has one core, `threads` is 1, a worker crashed, or the pool was not
 * started yet (it is then started for the next batches).
 * @throws SightlineError E_MODEL_WORKER with a worker's error.
 */
export function parallelSums(
  model: { features: readonly string[]; trees: readonly TreeArrays[] },
  c: Compiled,
  X: Matrix,
  cols: Int32Array,
  o: RowOrder,
  init: number,
  kernel: KernelKind,
  threads = availableParallelism(),
): Float64Array | null {
  const wanted = Math.min(MAX_WORKERS, threads - 1);
  if (wanted < 1 || crashed) return null;
  if (pool.length < wanted) {
    // This batch stays on the calling thread: a starting worker (loading its modules, then
    // compiling the kernels cold) only takes CPU time from it; the next batches share.
    while (pool.length < wanted) pool.push(startWorker());
    return null;
  }
  let modelId = modelIds.get(model.trees);
  if (modelId === undefined) modelIds.set(model.trees, (modelId = nextModelId++));
  const chunks = Math.ceil(o.n / CHUNK_ROWS);
  const job: Omit<ScoreJob, 'trees'> = {
    modelId,
    columns: model.features.map((_, f) =>
      cols[f]! < 0 ? EMPTY : sharedColumn(X.columns[cols[f]!]!),
    ),
    nRows: X.nRows,
    order: {
      n: o.n,
      sorted: o.sorted && shared(o.sorted),
      outAt: o.outAt && shared(o.outAt),
      pos: o.pos && shared(o.pos),
    },
    init,
    kernel,
    out: new Float64Array(new SharedArrayBuffer(8 * o.n)),
    ctrl: new Int32Array(new SharedArrayBuffer(4 * (FLAGS + chunks))),
  };
  const workers = pool.slice(0, wanted);
  for (const w of workers) {
    w.worker.postMessage({ ...job, trees: w.lastModel === modelId ? null : model.trees });
    w.lastModel = modelId;
  }
  const start = performance.now();
  const mine = claimChunks(c, job as ScoreJob, X, cols);
  const chunkMs = (performance.now() - start) / Math.max(1, mine);
  finishChunks(c, job as ScoreJob, X, cols, workers, chunkMs);
  return Float64Array.from(job.out);
}

const EMPTY: Column = { kind: 'dense', values: new Float64Array(0) };

/**
 * Waits for the chunks workers claimed; scores itself any not done in time (twice the calling
 * thread's time per chunk, at least 20 ms); throws a worker's reported error.
 */
function finishChunks(
  c: Compiled,
  job: ScoreJob,
  X: Matrix,
  cols: Int32Array,
  workers: readonly PoolWorker[],
  chunkMs: number,
): void {
  const { ctrl } = job;
  const chunks = Math.ceil(job.order.n / CHUNK_ROWS);
  const until = performance.now() + Math.max(20, 2 * chunkMs);
  for (;;) {
    if (Atomics.load(ctrl, FAILED) !== 0) throw workerError(workers);
    const done = Atomics.load(ctrl, DONE);
    if (done >= chunks) return;
    const left = until - performance.now();
    if (left <= 0) break;
    Atomics.wait(ctrl, DONE, done, left);
  }
  for (let j = 0; j < chunks; j++) {
    if (Atomics.load(ctrl, FLAGS + j) !== 0) continue;
    const from = j * CHUNK_ROWS;
    const to = Math.min(job.order.n, from + CHUNK_ROWS);
    scoreRangeWith(job.kernel, c, X, cols, job.order, from, to, job.init, job.out);
  }
}

function workerError(workers: readonly PoolWorker[]): SightlineError {
  for (const w of workers) {
    const m = receiveMessageOnPort(w.errors) as { message: WireError } | undefined;
    if (m === undefined) continue;
    void w.worker.terminate();
    const e = errorFromWire(m.message);
    return new SightlineError(
      MODEL_ERRORS.worker,
      `a scoring worker thread failed: ${e.message} — score with threads: 1 to stay on the calling thread`,
      { cause: e.message },
    );
  }
  return new SightlineError(MODEL_ERRORS.worker, 'a scoring worker thread failed', {});
}

/** A worker's side: the last model it was sent, compiled. */
let workerModel: { id: number; c: Compiled } | null = null;

/** Runs one job on a worker thread; reports a failure through ctrl and `errors`. */
export function runScoreJob(job: ScoreJob, errors: MessagePort): void {
  try {
    if (job.trees !== null) {
      const features = job.columns.map(() => '');
      workerModel = { id: job.modelId, c: compiled({ features, trees: job.trees }) };
    }
    if (workerModel?.id !== job.modelId) {
      throw new SightlineError(MODEL_ERRORS.worker, `scoring worker lacks model ${job.modelId}`, {
        model: job.modelId,
      });
    }
    const X: Matrix = { nRows: job.nRows, names: [], columns: job.columns };
    const cols = Int32Array.from(job.columns, (_, f) => f);
    claimChunks(workerModel.c, job, X, cols);
  } catch (e) {
    errors.postMessage(errorToWire(e));
    Atomics.store(job.ctrl, FAILED, 1);
    Atomics.notify(job.ctrl, DONE);
  }
}
