/**
 * `fitGbtParallel`: fitGbt with a worker thread sharing each tree's histograms and split
 * searches (gbt-chunks.ts), for the identical model bit for bit. The calling thread runs the fit
 * as fitGbt does (gradients, random draws, partitions, the choice of the next leaf) and, at each
 * engine step, publishes a job in shared memory and claims chunks of it alongside the worker.
 * A step takes 0.1–1 ms, so the threads meet through Atomics on shared words (a short spin, then
 * Atomics.wait), never through messages; only new histograms (their byte addresses in the
 * kernels' shared WebAssembly memory, gbt-share.ts) go to the worker as messages, which it reads
 * synchronously (receiveMessageOnPort) before a job that uses them.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { check } from '../core/index.js';
import type { Matrix } from '../core/index.js';
import { fitBinRows } from './binning-rows.js';
import {
  chunkDone,
  chunkViews,
  claimChunk,
  clearSearch,
  combineSearch,
  publishJob,
  runChunk,
  setSearch,
  stopJobs,
  type ChunkViews,
} from './gbt-chunks.js';
import {
  DONE,
  FAILED,
  J_BEGIN,
  J_BUILD,
  J_END,
  J_KIND,
  J_LEAVES,
  ADD_LEAVES,
  GRADIENTS,
  TREE_STEP,
  spinWhile,
  type GbtPortMessage,
} from './gbt-protocol.js';
import type { GrowEngine, RowSteps } from './gbt-engine.js';
import { binOnBoth } from './gbt-bin-parallel.js';
import { startWorker, workerFailure } from './gbt-worker-link.js';
import { boost, gbtCriterion, sequentialSpace, setupGbt, type TreeFitOptions } from './gbt-fit.js';
import type { GbtModel } from './gbt-model.js';
import type { GbtParams, GbtParamsInput } from './gbt-params.js';
import { emptySplit } from './tree-split.js';
import { histAlloc } from './hist-wasm.js';

/**
 * Estimated work (rounds × columns × (leaves + rows / 100)) below which fitGbtParallel stays on
 * the calling thread by default: starting the worker costs about 0.4 s, partly hidden by the
 * binning, and a fit of less work than this (about a second on one thread) gains less. Measured
 * (bench/README.md): 200 rounds of 31 leaves over the county's 1,052 columns pay from 1,643 rows
 * (9.9 M), while a 6-column fit of 40,000 rows (2.1 M) is slower on two threads.
 */
export const PARALLEL_GBT_MIN_WORK = 5e6;

/**
 * Chunks per engine step. Each chunk walks the node's rows once, so the fewer the better: 2 (one
 * per thread) was fastest at full scale (4.7 s, against 5.4 s with 4 chunks and 5.5 s with 8);
 * claiming still lets the calling thread take both when the worker is late.
 */
const CHUNKS = 2;

/** How long the calling thread waits on the worker without progress before giving up. */
const WORKER_TIMEOUT_MS = 120_000;

/** Options of fitGbtParallel: fitGbt's, and the number of threads. */
export interface GbtFitOptions extends TreeFitOptions {
  /**
   * 1 (the calling thread only) or more (2 are used: the calling thread and one worker). Default:
   * 2 when the machine has two cores or more and the fit is large enough to pay
   * (PARALLEL_GBT_MIN_WORK), else 1.
   */
  readonly threads?: number;
}

/** The estimated work of a fit (see PARALLEL_GBT_MIN_WORK). */
export function gbtWork(p: GbtParams, rows: number, columns: number): number {
  const leaves = p.maxLeaves > 0 ? p.maxLeaves : 2 ** Math.min(p.maxDepth, 16);
  return p.rounds * columns * (leaves + rows / 100);
}

/** Waits until every chunk of the current job is done (the worker may still be on one). */
function awaitChunks(v: ChunkViews): void {
  let since = Date.now();
  for (;;) {
    const done = Atomics.load(v.ctrl, DONE);
    if (done >= v.K) break;
    if (spinWhile(v.ctrl, DONE, done)) continue;
    if (Atomics.wait(v.ctrl, DONE, done, 1000) !== 'timed-out') since = Date.now();
    else if (Date.now() - since > WORKER_TIMEOUT_MS) throw workerFailure('stopped answering');
  }
  if (Atomics.load(v.ctrl, FAILED) === 1) throw workerFailure('failed');
}

/** The calling thread's side of the parallel engine, and of the per-row steps. */
function parallelEngine(v: ChunkViews, port: MessagePort): { engine: GrowEngine; rows: RowSteps } {
  const bins = v.s.layout.offset[v.s.layout.p]!;
  const alloc = histAlloc(v.s.memory, v.s.region.free);
  const hists: Float64Array[] = [];
  const ids = new Map<Float64Array, number>();
  const id = (h: Float64Array | null) => (h === null ? -1 : ids.get(h)!);
  const out = emptySplit();
  const pace = pacer();
  let seq = 0;
  /** Runs the job written in v.job with the worker (or alone: the same results). */
  const runJob = (kind: number) => {
    v.job[J_KIND] = kind;
    if (pace.solo > 0) {
      // The worker is off for now: this thread runs every chunk.
      pace.solo--;
      for (let c = 0; c < v.K; c++) runChunk(v, c, hists, out);
      return;
    }
    const t0 = performance.now();
    publishJob(v, ++seq);
    for (let c = claimChunk(v); c >= 0; c = claimChunk(v)) {
      runChunk(v, c, hists, out);
      chunkDone(v);
    }
    const t1 = performance.now();
    awaitChunks(v);
    pace.step(t1 - t0, performance.now() - t1);
  };
  const engine: GrowEngine = {
    newHist() {
      const at = alloc(16 * bins);
      const h = new Float64Array(v.s.memory.buffer, at, 2 * bins);
      ids.set(h, hists.length);
      port.postMessage({ kind: 'hist', id: hists.length, at } satisfies GbtPortMessage);
      hists.push(h);
      return h;
    },
    run(build, begin, end, searches) {
      v.job[J_BUILD] = id(build);
      v.job[J_BEGIN] = begin;
      v.job[J_END] = end;
      for (let s = 0; s < 2; s++) {
        const q = searches[s];
        if (q === undefined) clearSearch(v, s);
        else setSearch(v, s, id(q.hist), id(q.minus), q.G, q.H, q.mask === null ? -1 : s);
      }
      runJob(TREE_STEP);
      searches.forEach((q, s) => combineSearch(v, s, q.out));
    },
  };
  const rows: RowSteps = {
    margin: v.margin,
    gradients: () => runJob(GRADIENTS),
    addLeaves(segments, value) {
      for (let s = 0, l = 0; s < segments.length; s += 3, l += 3) {
        v.leaves[l] = segments[s + 1]!;
        v.leaves[l + 1] = segments[s + 2]!;
        v.leaves[l + 2] = value[segments[s]!]!;
      }
      v.job[J_LEAVES] = segments.length / 3;
      runJob(ADD_LEAVES);
    },
  };
  return { engine, rows };
}

/**
 * When to leave the worker out. On a machine whose other core is busy with other work, the worker
 * can be descheduled in the middle of its chunk while the calling thread waits for it. So the
 * calling thread counts its own waiting over windows of WINDOW jobs; when it waited more than SLOW
 * of the jobs' time, it runs the next SOLO_JOBS jobs alone (the worker sleeps; the results are the
 * same), then tries the worker again.
 */
const WINDOW = 64;
const SLOW = 0.3;
const SOLO_JOBS = 512;

function pacer(): { solo: number; step(work: number, wait: number): void } {
  let jobs = 0;
  let work = 0;
  let wait = 0;
  const p = {
    solo: 0,
    step(w: number, t: number) {
      work += w;
      wait += t;
      if (++jobs < WINDOW) return;
      if (wait > SLOW * (work + wait)) p.solo = SOLO_JOBS;
      jobs = work = wait = 0;
    },
  };
  return p;
}

/**
 * fitGbt on the calling thread and a worker thread (see GbtFitOptions.threads for when), with
 * the identical model. The worker is always terminated, also when the fit fails.
 * @throws (as a rejection) fitGbt's errors; SightlineError E_MODEL_WORKER when the worker fails
 *   or stops answering; RangeError for threads not an integer ≥ 1.
 * @example const model = await fitGbtParallel({ rounds: 200 }, X, y, { rows, seed: 1 });
 */
export async function fitGbtParallel(
  params: GbtParamsInput,
  X: Matrix,
  y: Uint8Array,
  opts: GbtFitOptions,
): Promise<GbtModel> {
  const wanted = opts.threads;
  check(
    wanted === undefined || (Number.isInteger(wanted) && wanted >= 1),
    `threads is ${wanted}; give an integer ≥ 1`,
  );
  const s = setupGbt(params, X, y, opts);
  const large = gbtWork(s.p, s.fit.rows.length, X.columns.length) >= PARALLEL_GBT_MIN_WORK;
  const threads = wanted ?? (large ? Math.min(2, availableParallelism()) : 1);
  if (threads === 1) {
    const binned = fitBinRows(X, s.fit.rows, s.p.maxBins);
    return boost(s, X, y, opts, binned, sequentialSpace(binned, s.p));
  }
  const { port1, port2 } = new MessageChannel();
  // The worker loads (tsx, modules) while this thread starts binning; it joins when loaded.
  const w = startWorker(port2);
  try {
    const criterion = gbtCriterion(s.p);
    const bins = await binOnBoth(X, s.fit.rows, s.p.maxBins, criterion, CHUNKS, port1, w);
    const { binned, shared, splittable } = bins;
    const v = chunkViews(shared);
    v.y.set(s.fit.y);
    v.w.set(s.fit.w);
    const { grad, hess, order, masks } = v;
    const { engine, rows } = parallelEngine(v, port1);
    const space = { splittable, criterion, grad, hess, order, masks, engine, rows };
    try {
      return boost(s, X, y, opts, binned, space);
    } catch (e) {
      // A worker's own error arrives as a message: let it in, and report it rather than ours.
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw w.failure() ?? e;
    } finally {
      stopJobs(v);
    }
  } finally {
    port1.close();
    await w.worker.terminate();
  }
}
