/**
 * Starting fitGbtParallel's worker thread and hearing from it: the columns it binned, then that
 * it is ready, or how it failed (as E_MODEL_WORKER, or the worker's own coded error).
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import { SightlineError } from '../core/index.js';
import type { BinnedPart } from './binning-shared.js';
import { errorFromWire } from './cv-tasks.js';
import type { GbtWorkerMessage } from './gbt-protocol.js';
import { MODEL_ERRORS } from './messages.js';

/** A boosting worker error (code E_MODEL_WORKER). */
export function workerFailure(detail: string): SightlineError {
  return new SightlineError(
    MODEL_ERRORS.worker,
    `a boosting worker thread ${detail} — rerun with threads: 1 to fit on the calling thread`,
    { detail },
  );
}

/** A worker's error as E_MODEL_WORKER (a SightlineError keeps its own code). */
function coded(e: Error): Error {
  return e instanceof SightlineError ? e : workerFailure(`failed: ${e.name}: ${e.message}`);
}

/** A started worker: each promise settles when the worker says so, or rejects when it fails. */
export interface WorkerLink {
  readonly worker: Worker;
  /** The columns the worker binned (binning-shared.ts's binClaimed). */
  readonly binned: Promise<BinnedPart>;
  /** The worker has filled its chunks and waits for jobs. */
  readonly ready: Promise<void>;
  failure(): Error | undefined;
}

const WORKER_ENTRY = new URL('./gbt-worker.mjs', import.meta.url);

/** Starts a boosting worker talking on `port`. */
export function startWorker(port: MessagePort): WorkerLink {
  const worker = new Worker(WORKER_ENTRY, {
    workerData: { port },
    transferList: [port],
    execArgv: [],
  });
  let failure: Error | undefined;
  let onBinned: (part: BinnedPart) => void = () => undefined;
  let onReady: () => void = () => undefined;
  const failed: ((e: Error) => void)[] = [];
  const fail = (e: Error) => {
    failure ??= e;
    for (const reject of failed) reject(failure);
  };
  const binned = new Promise<BinnedPart>((resolve, reject) => {
    onBinned = resolve;
    failed.push(reject);
  });
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    failed.push(reject);
  });
  worker.on('message', (m: GbtWorkerMessage) => {
    // (tsx's loader may post messages of its own: only ours count.)
    if (m.kind === 'binned') onBinned(m.part);
    else if (m.kind === 'ready') onReady();
    else if (m.kind === 'error') fail(coded(errorFromWire(m.error)));
  });
  worker.on('error', (e) => fail(coded(e)));
  worker.on('exit', (code) => fail(failure ?? workerFailure(`exited with code ${code}`)));
  binned.catch(() => undefined);
  ready.catch(() => undefined);
  return { worker, binned, ready, failure: () => failure };
}
