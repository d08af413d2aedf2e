/**
 * The body of one scoring worker thread (started through tree-score-worker.mjs): scores the
 * chunks it claims of each batch it is sent (tree-score-parallel.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { runScoreJob, type ScoreJob } from './tree-score-parallel.js';

const { errors } = workerData as { errors: MessagePort };
parentPort!.on('message', (job: ScoreJob) => runScoreJob(job, errors));
