/**
 * The task protocol of `cvLassoParallel`, shared by the calling thread and its worker threads.
 * Task 0 is the full-data path and task f + 1 the path of fold f (the order cvLasso fits them
 * in). Threads claim tasks from one shared counter (`claimTasks`), so a thread busy with a long
 * path never holds the others up; a task that fails records its number, and tasks after it in
 * that order are skipped, since the sequential run would never have reached them. Paths and
 * errors cross threads as plain data (`WirePath`, `WireError`) with their typed arrays moved,
 * not copied.
 */
import { SightlineError } from '../core/index.js';
import type { FoldAssignment } from './cv-folds.js';
import type { CvLassoParams } from './lasso-params.js';
import type { LassoPath } from './lasso-path.js';
import type { SharedMatrix } from './shared-matrix.js';

/** Control words: [NEXT] next position of `order` to claim, [FAILED] lowest failed task. */
export const NEXT = 0;
export const FAILED = 1;

/** What a worker starts from (`workerData`). */
export interface CvWorkerData {
  readonly matrix: SharedMatrix;
  readonly y: Uint8Array;
  readonly p: CvLassoParams;
  readonly a: FoldAssignment;
  readonly weights: Float64Array | undefined;
  /** Int32Array over it: the control words. */
  readonly ctrl: SharedArrayBuffer;
  /** Task numbers in the order they are claimed. */
  readonly order: Int32Array;
}

/** A path without its feature names (the receiver has them). */
export type WirePath = Omit<LassoPath, 'features'>;

/** An error as plain data: a SightlineError keeps its code and details. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Messages to a worker: the fold λs (null: each fold its own sequence), then claim tasks. */
export interface StartMessage {
  readonly kind: 'start';
  readonly foldLambdas: Float64Array | null;
}

/** Messages from a worker. */
export type WorkerMessage =
  | { readonly kind: 'path'; readonly task: number; readonly path: WirePath }
  | { readonly kind: 'error'; readonly task: number; readonly error: WireError }
  | { readonly kind: 'done' };

/**
 * Claims tasks from `order` until none is left and runs each with `run`; a task that throws is
 * recorded as failed (lowest number wins) and passed to `fail`. Tasks numbered above the lowest
 * failure are skipped.
 */
export function claimTasks(
  ctrl: Int32Array,
  order: Int32Array,
  run: (task: number) => void,
  fail: (task: number, error: unknown) => void,
): void {
  for (;;) {
    const at = Atomics.add(ctrl, NEXT, 1);
    if (at >= order.length) return;
    const task = order[at]!;
    if (task > Atomics.load(ctrl, FAILED)) continue;
    try {
      run(task);
    } catch (e) {
      let seen = Atomics.load(ctrl, FAILED);
      while (task < seen) {
        const was = Atomics.compareExchange(ctrl, FAILED, seen, task);
        if (was === seen) break;
        seen = was;
      }
      fail(task, e);
    }
  }
}

/** The path as plain data and the buffers to move with it. */
export function toWire(path: LassoPath): { path: WirePath; transfer: ArrayBuffer[] } {
  const wire: WirePath = {
    lambdas: path.lambdas,
    intercepts: path.intercepts,
    coefficients: path.coefficients,
    devRatio: path.devRatio,
    deviance: path.deviance,
    nullDeviance: path.nullDeviance,
    df: path.df,
    stop: path.stop,
    passes: path.passes,
    nRows: path.nRows,
    weightSum: path.weightSum,
    issues: path.issues,
  };
  const arrays = [wire.lambdas, wire.intercepts, wire.devRatio, wire.deviance, wire.df];
  const buffers = new Set<ArrayBuffer>();
  for (const a of [...arrays, ...wire.coefficients]) {
    if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  }
  return { path: wire, transfer: [...buffers] };
}

/** The path back with its feature names, its fields in fitPath's order. */
export function fromWire(w: WirePath, features: readonly string[]): LassoPath {
  return {
    features,
    lambdas: w.lambdas,
    intercepts: w.intercepts,
    coefficients: w.coefficients,
    devRatio: w.devRatio,
    deviance: w.deviance,
    nullDeviance: w.nullDeviance,
    df: w.df,
    stop: w.stop,
    passes: w.passes,
    nRows: w.nRows,
    weightSum: w.weightSum,
    issues: w.issues,
  };
}

/** An error as plain data. */
export function errorToWire(e: unknown): WireError {
  if (e instanceof SightlineError) {
    return { name: e.name, message: e.message, code: e.code, details: { ...e.details } };
  }
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

const ERROR_TYPES: Readonly<Record<string, new (message: string) => Error>> = {
  RangeError,
  TypeError,
  SyntaxError,
  ReferenceError,
};

/** The error back: the same class (SightlineError with code and details), message and name. */
export function errorFromWire(w: WireError): Error {
  if (w.code !== undefined) return new SightlineError(w.code, w.message, { ...w.details });
  const e = new (ERROR_TYPES[w.name] ?? Error)(w.message);
  if (e.name !== w.name) e.name = w.name;
  return e;
}
