/**
 * The work of fitGbtParallel's threads, shared by the calling thread and its worker. Features are
 * cut into K chunks (ranges of features, so ranges of global bins); each engine step (a node's
 * histogram and the split searches of up to two nodes) is done chunk by chunk, and the threads
 * claim chunks from a shared counter, so whichever thread is free takes the next one and a busy
 * core never holds the other up for long. A chunk fills only its own bins, each summed over the
 * node's rows in their order, and searches only its own features: the histograms are the
 * sequential ones bit for bit, and the best split is the sequential one once the chunks' bests are
 * combined in chunk order with a strict `>` (the first of equal gains wins, as in bestSplit).
 * The shared buffers themselves are made by gbt-share.ts.
 */
import { rowViews, type RowViews, type SharedBoost } from './gbt-share.js';
import { addLeafValues, rowGradients } from './gbt-rows.js';
import { histKernels, type HistKernels } from './hist-wasm.js';
import { scanSplit } from './split-wasm.js';
import { bestSplit, GBT, type SplitChoice } from './tree-split.js';
import {
  ADD_LEAVES,
  CLAIM,
  DONE,
  J_BEGIN,
  J_BUILD,
  J_END,
  J_KIND,
  J_LEAVES,
  J_SEARCH,
  MAX_CHUNKS,
  R_FIELDS,
  STOP,
  TREE_STEP,
} from './gbt-protocol.js';

/** Typed views of a SharedBoost, per thread. */
export interface ChunkViews extends RowViews {
  readonly s: SharedBoost;
  readonly K: number;
  readonly firstBin: Int32Array;
  readonly features: Int32Array[];
  /** The kernels, on this thread; the byte address of each chunk's rowPtr and features. */
  readonly kernels: HistKernels;
  readonly rowPtrAt: number[];
  readonly featuresAt: number[];
  /** Whether searches use the scan kernel (GBT with α = 0), else bestSplit. */
  readonly l2: boolean;
  readonly margin: Float64Array;
  readonly y: Float64Array;
  readonly w: Float64Array;
  /** Begin, end and value of each leaf of an ADD_LEAVES job. */
  readonly leaves: Float64Array;
  readonly job: Float64Array;
  readonly results: Float64Array;
  readonly ctrl: Int32Array;
}

/** Views over a SharedBoost's buffers. */
export function chunkViews(s: SharedBoost): ChunkViews {
  const K = s.chunkFeature.length - 1;
  const { n, layout, splittable } = s;
  const firstBin = Int32Array.from(s.chunkFeature, (j) => layout.offset[j]!);
  const features: Int32Array[] = [];
  const rowPtrAt: number[] = [];
  const featuresAt: number[] = [];
  for (let c = 0; c < K; c++) {
    let a = 0;
    while (a < splittable.length && splittable[a]! < s.chunkFeature[c]!) a++;
    let b = a;
    while (b < splittable.length && splittable[b]! < s.chunkFeature[c + 1]!) b++;
    features.push(splittable.subarray(a, b));
    featuresAt.push(s.region.features + 4 * a);
    rowPtrAt.push(s.region.rowPtr + 4 * c * (n + 1));
  }
  return {
    s,
    K,
    firstBin,
    features,
    kernels: histKernels(s.memory, s.wide),
    rowPtrAt,
    featuresAt,
    l2: s.crit.kind === GBT && s.crit.alpha === 0,
    ...rowViews(s.memory, s.region, n, layout.p),
    margin: new Float64Array(s.margin),
    y: new Float64Array(s.y),
    w: new Float64Array(s.w),
    leaves: new Float64Array(s.leaves),
    job: new Float64Array(s.job),
    results: new Float64Array(s.results),
    ctrl: new Int32Array(s.ctrl),
  };
}

/** Claims the next chunk of the current job: its number, or -1 when every chunk is taken. */
export function claimChunk(v: ChunkViews): number {
  for (;;) {
    const word = Atomics.load(v.ctrl, CLAIM);
    const c = word & MAX_CHUNKS;
    if (c >= v.K) return -1;
    if (Atomics.compareExchange(v.ctrl, CLAIM, word, word + 1) === word) return c;
  }
}

/** Counts chunk c as done, waking the calling thread when it was the last. */
export function chunkDone(v: ChunkViews): void {
  if (Atomics.add(v.ctrl, DONE, 1) + 1 === v.K) Atomics.notify(v.ctrl, DONE);
}

/** Starts job number `seq` (its fields already written): chunk 0 is up for claiming. */
export function publishJob(v: ChunkViews, seq: number): void {
  Atomics.store(v.ctrl, DONE, 0);
  Atomics.store(v.ctrl, CLAIM, (seq & 0x7fffff) << 8);
  Atomics.notify(v.ctrl, CLAIM);
}

/** Tells the worker to return: no chunk left to claim, and STOP set. */
export function stopJobs(v: ChunkViews): void {
  Atomics.store(v.ctrl, STOP, 1);
  Atomics.store(v.ctrl, CLAIM, MAX_CHUNKS);
  Atomics.notify(v.ctrl, CLAIM);
}

/** The largest id of the histograms the current job reads (-1: none; a thread must have it). */
export function jobHistIds(v: ChunkViews): number {
  const j = v.job;
  if (j[J_KIND] !== TREE_STEP) return -1;
  return Math.max(
    j[J_BUILD]!,
    j[J_SEARCH + 1]!,
    j[J_SEARCH + 2]!,
    j[J_SEARCH + 7]!,
    j[J_SEARCH + 8]!,
  );
}

/** Writes search s of the job (null: inactive). */
export function setSearch(
  v: ChunkViews,
  s: number,
  hist: number,
  minus: number,
  G: number,
  H: number,
  mask: number,
): void {
  const at = J_SEARCH + 6 * s;
  v.job.set([1, hist, minus, G, H, mask], at);
}

/** Marks search s of the job inactive. */
export function clearSearch(v: ChunkViews, s: number): void {
  v.job.fill(-1, J_SEARCH + 6 * s, J_SEARCH + 6 * s + 6);
  v.job[J_SEARCH + 6 * s] = 0;
}

/**
 * Does chunk c of the current job: its part of the histogram, then its part of each search (a
 * tree step), or its part of the rows (a per-row step).
 */
export function runChunk(v: ChunkViews, c: number, hists: Float64Array[], out: SplitChoice): void {
  const job = v.job;
  const kind = job[J_KIND]!;
  if (kind !== TREE_STEP) {
    const n = v.s.n;
    const [a, b] = [Math.floor((c * n) / v.K), Math.floor(((c + 1) * n) / v.K)];
    if (kind === ADD_LEAVES) addLeafValues(v.margin, v.order, v.leaves, job[J_LEAVES]!, a, b);
    else rowGradients(v.margin, v.y, v.w, v.grad, v.hess, a, b);
    return;
  }
  const build = job[J_BUILD]!;
  if (build >= 0) {
    const h = hists[build]!;
    h.fill(0, 2 * v.firstBin[c]!, 2 * v.firstBin[c + 1]!);
    const { entries, order, grad, hess } = v.s.region;
    v.kernels.accumulate(
      h.byteOffset,
      v.rowPtrAt[c]!,
      entries,
      order,
      job[J_BEGIN]!,
      job[J_END]!,
      grad,
      hess,
    );
  }
  for (let s = 0; s < 2; s++) {
    const at = J_SEARCH + 6 * s;
    if (job[at] !== 1) continue;
    const minus = job[at + 2]! >= 0 ? hists[job[at + 2]!]! : null;
    const mask = job[at + 5]! >= 0 ? v.masks[job[at + 5]!]! : null;
    const [G, H] = [job[at + 3]!, job[at + 4]!];
    const hist = hists[job[at + 1]!]!;
    if (v.l2) {
      const [f, count] = [v.featuresAt[c]!, v.features[c]!.length];
      const m = mask === null ? -1 : mask.byteOffset;
      scanSplit(v.kernels.scan, v.s.region, hist, minus, f, count, m, G, H, v.s.crit, out);
    } else bestSplit(hist, v.s.layout, v.features[c]!, G, H, v.s.crit, out, mask, minus);
    const r = (2 * c + s) * R_FIELDS;
    v.results.set([out.gain, out.feature, out.bin, out.defaultLeft ? 1 : 0], r);
    v.results.set([out.GL, out.HL, out.GR, out.HR], r + 4);
  }
}

/**
 * The best split of search s over every chunk, into `out`: the chunks' bests in chunk order,
 * a later one kept only with a strictly larger gain (bestSplit's own tie rule).
 */
export function combineSearch(v: ChunkViews, s: number, out: SplitChoice): void {
  const res = v.results;
  let best = -1;
  for (let c = 0; c < v.K; c++) {
    const r = (2 * c + s) * R_FIELDS;
    if (res[r + 1]! < 0) continue;
    if (best < 0 || res[r]! > res[best]!) best = r;
  }
  out.feature = -1;
  out.gain = 0;
  if (best < 0) return;
  out.gain = res[best]!;
  out.feature = res[best + 1]!;
  out.bin = res[best + 2]!;
  out.defaultLeft = res[best + 3] === 1;
  out.GL = res[best + 4]!;
  out.HL = res[best + 5]!;
  out.GR = res[best + 6]!;
  out.HR = res[best + 7]!;
}
