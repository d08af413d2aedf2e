/**
 * How fitGbtParallel's threads meet (gbt-chunks.ts does the work): the control words and job
 * fields of the shared arrays, the job kinds, the spin before sleeping on a shared word, and the
 * messages between the calling thread and its worker.
 */
import type { BinShare, BinnedPart, FillPlan } from './binning-shared.js';
import type { WireError } from './cv-tasks.js';
import type { SharedBoost } from './gbt-share.js';
import type { SharedMatrix } from './shared-matrix.js';

/** Control words of the shared Int32Array `ctrl`. */
export const CLAIM = 0; // (job number << 8) | next chunk to claim
export const DONE = 1; // chunks of the current job finished
export const STOP = 2; // 1: the worker returns
export const FAILED = 3; // 1: a worker chunk threw (its error is posted)
export const CTRL_WORDS = 4;

/** Job fields (Float64Array `job`): the histogram to build and two searches. */
export const J_BUILD = 0; // histogram id to build, -1 for none
export const J_BEGIN = 1;
export const J_END = 2;
export const J_SEARCH = 3; // per search s at J_SEARCH + 6s: active, hist, minus, G, H, mask (-1 none)
export const J_KIND = J_SEARCH + 12; // TREE_STEP, ADD_LEAVES or GRADIENTS
export const J_LEAVES = J_KIND + 1; // leaves of an ADD_LEAVES job
export const JOB_FIELDS = J_LEAVES + 1;

/**
 * Job kinds. A tree step (a node's histogram and searches) is cut by features into the chunks;
 * the per-row steps (gbt-rows.ts) are cut by rows into as many parts: ADD_LEAVES adds the leaf
 * values of the tree just grown to the margins (by order positions), GRADIENTS sets every row's
 * gradient and hessian from its margin (by rows).
 */
export const TREE_STEP = 0;
export const ADD_LEAVES = 1;
export const GRADIENTS = 2;
/** Result fields per chunk and search: gain, feature, bin, defaultLeft, GL, HL, GR, HR. */
export const R_FIELDS = 8;

/**
 * How long a thread spins on a shared word before sleeping on it (a sleeping thread takes tens of
 * microseconds to wake, about a small node's work). Short, because a spinning thread takes a core
 * that other work may need: with another process busy on one of the two cores, spinning 2 ms made
 * the fit 15.7 s against 12.3 s on one thread, spinning 0.1 ms 11.6 s against 11.4 s; on a quiet
 * machine the two did not differ beyond the noise (bench/README.md).
 */
export const SPIN_MS = 0.1;

/** Spins while ctrl[i] === value, for at most SPIN_MS; true when it changed. */
export function spinWhile(ctrl: Int32Array, i: number, value: number): boolean {
  const t0 = performance.now();
  for (let k = 1; ; k++) {
    if (Atomics.load(ctrl, i) !== value) return true;
    if ((k & 1023) === 0 && performance.now() - t0 > SPIN_MS) return false;
  }
}

/**
 * Messages from a boosting worker: the columns it binned, then ready (its chunks filled), or an
 * error.
 */
export type GbtWorkerMessage =
  | { readonly kind: 'binned'; readonly part: BinnedPart }
  | { readonly kind: 'ready' }
  | { readonly kind: 'error'; readonly error: WireError };

/**
 * Messages to a boosting worker (on its port): what to bin (binning-shared.ts), the shared fit
 * with the plan of its chunks' filling, then each new histogram (its byte address in the
 * histogram memory).
 */
export type GbtPortMessage =
  | { readonly kind: 'bin'; readonly matrix: SharedMatrix; readonly share: BinShare }
  | { readonly kind: 'setup'; readonly shared: SharedBoost; readonly plan: FillPlan }
  | { readonly kind: 'hist'; readonly id: number; readonly at: number };

/** Most chunks (claims are counted in the low byte of CLAIM). */
export const MAX_CHUNKS = 255;
