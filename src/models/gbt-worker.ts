/**
 * The body of the fitGbtParallel worker thread (started through gbt-worker.mjs): bins its share
 * of the columns and fills its share of the chunks (binning-shared.ts) alongside the calling
 * thread, takes the shared fit from its port (gbt-parallel.ts), then claims and runs chunks of
 * each job until told to stop. It imports only these kernels, so that it is ready soon.
 */
import {
  receiveMessageOnPort,
  parentPort,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import {
  chunkDone,
  chunkViews,
  claimChunk,
  jobHistIds,
  runChunk,
  type ChunkViews,
} from './gbt-chunks.js';
import {
  CLAIM,
  FAILED,
  spinWhile,
  STOP,
  type GbtPortMessage,
  type GbtWorkerMessage,
} from './gbt-protocol.js';
import { binClaimed, fillClaimed } from './binning-shared.js';
import { matrixFromShared } from './shared-matrix.js';
import { emptySplit } from './tree-split.js';

const { port } = workerData as { port: MessagePort };
const post = (m: GbtWorkerMessage) => parentPort!.postMessage(m);

/** Takes the next histogram off the port (posted before any job that reads it). */
function takeHist(v: ChunkViews, hists: Float64Array[]): void {
  let got = receiveMessageOnPort(port);
  // Posted before the job was published, so normally there already; wait up to 10 s for it.
  for (let i = 0; got === undefined && i < 10_000; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    got = receiveMessageOnPort(port);
  }
  if (got === undefined) throw new Error(`histogram ${hists.length} was never sent`);
  const m = got.message as GbtPortMessage;
  if (m.kind !== 'hist' || m.id !== hists.length) throw new Error('histograms out of order');
  // The memory may have grown since this thread last looked: a fresh view of all of it.
  const bins = v.s.layout.offset[v.s.layout.p]!;
  hists.push(new Float64Array(v.s.memory.buffer, m.at, 2 * bins));
}

/** Waits for the next job (or stop): spins a little, then sleeps on the claim word. */
function idle(v: ChunkViews): void {
  const word = Atomics.load(v.ctrl, CLAIM);
  if ((word & 255) < v.K) return;
  if (!spinWhile(v.ctrl, CLAIM, word)) Atomics.wait(v.ctrl, CLAIM, word);
}

/** An error as plain data (cv-tasks.ts's errorToWire, without loading the core module). */
function wire(e: unknown): { name: string; message: string; code?: string } {
  const x = e as { name?: unknown; message?: unknown; code?: unknown };
  const code = typeof x.code === 'string' ? { code: x.code } : {};
  return { name: String(x.name ?? 'Error'), message: String(x.message ?? e), ...code };
}

/** Runs `step`; on failure posts its error and returns false. */
function guarded(step: () => void): boolean {
  try {
    step();
    return true;
  } catch (e) {
    post({ kind: 'error', error: wire(e) });
    return false;
  }
}

/** Claims and runs chunks of each job until told to stop. */
function runJobs(v: ChunkViews): void {
  const hists: Float64Array[] = [];
  const out = emptySplit();
  for (;;) {
    const c = claimChunk(v);
    if (c >= 0) {
      const ok = guarded(() => {
        while (hists.length <= jobHistIds(v)) takeHist(v, hists);
        runChunk(v, c, hists, out);
      });
      if (!ok) Atomics.store(v.ctrl, FAILED, 1);
      chunkDone(v);
      continue;
    }
    if (Atomics.load(v.ctrl, STOP) === 1) break;
    idle(v);
  }
  port.close();
}

// First the binning (binning-shared.ts): this thread's columns, then its chunks; then the jobs.
port.once('message', (m: GbtPortMessage) => {
  if (m.kind !== 'bin') return;
  const { share } = m;
  const ok = guarded(() => {
    const part = binClaimed(share, matrixFromShared(m.matrix));
    post({ kind: 'binned', part });
  });
  if (!ok) return;
  port.once('message', (setup: GbtPortMessage) => {
    if (setup.kind !== 'setup') return;
    if (!guarded(() => fillClaimed(share, setup.plan, setup.shared))) return;
    post({ kind: 'ready' });
    runJobs(chunkViews(setup.shared));
  });
});
