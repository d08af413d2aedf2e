/**
 * The body of one fitForestParallel worker thread (started through forest-worker.mjs): rebuilds
 * the Matrix over the shared buffers and grows the trees it claims (forest-parallel.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { forestWorkerBody, type ForestWorkerData } from './forest-parallel.js';
import { matrixFromShared } from './shared-matrix.js';

const data = workerData as ForestWorkerData;
forestWorkerBody(data, matrixFromShared(data.matrix), (m) => parentPort!.postMessage(m));
