/**
 * The body of one cvLassoParallel worker thread (started through cv-worker.mjs): it rebuilds the
 * Matrix over the shared buffers, waits for the fold λs, then claims tasks (cv-tasks.ts) and
 * posts each path or error back until none is left. The same functions as cvLasso compute each
 * path, on the same rows, so the paths are bit-identical to the sequential run's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { claimTasks, errorToWire, toWire } from './cv-tasks.js';
import type { CvWorkerData, StartMessage, WorkerMessage } from './cv-tasks.js';
import { fitFold, fitFullPath } from './lasso-cv.js';
import type { CvSetup } from './lasso-cv.js';
import { matrixFromShared } from './shared-matrix.js';

const data = workerData as CvWorkerData;
const port = parentPort!;
const X = matrixFromShared(data.matrix);
const setup: CvSetup = { p: data.p, a: data.a, weights: data.weights };
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.once('message', (start: StartMessage) => {
  claimTasks(
    new Int32Array(data.ctrl),
    data.order,
    (task) => {
      const path =
        task === 0
          ? fitFullPath(X, data.y, setup)
          : fitFold(X, data.y, setup, task - 1, start.foldLambdas);
      const wire = toWire(path);
      post({ kind: 'path', task, path: wire.path }, wire.transfer);
    },
    (task, e) => {
      const error = errorToWire(e);
      try {
        post({ kind: 'error', task, error });
      } catch {
        post({ kind: 'error', task, error: { ...error, details: {} } });
      }
    },
  );
  post({ kind: 'done' });
});
