/**
 * `ensembleSums`: init + Σ_trees leaf value for rows of a matrix, the one door to the tree
 * kernels. It picks, by the size of the batch, the way that is fastest while giving the same
 * bits every time:
 * - a few rows of a large matrix (one referral's children) are gathered first (smallSubset);
 * - trees with over 128 leaves are walked row by row (walkSums);
 * - other batches run the QuickScorer kernel (tree-predict.ts), with the model's generated
 *   kernels from GENERATED_MIN_ROWS rows, as they cost a compile first: a WebAssembly module
 *   (tree-wasm.ts) for trees of ≤ 32 leaves, else JavaScript (tree-codegen.ts);
 * - from PARALLEL_MIN_ROWS rows, ranges of rows are shared with worker threads
 *   (tree-score-parallel.ts). Every row's sum depends only on that row, so all of these give the
 *   same result, bit for bit.
 */
import type { Matrix } from '../core/index.js';
import { MAX_WORDS, compiled } from './tree-compile.js';
import { matrixColumns, type TreeArrays } from './tree-model.js';
import { walkSums } from './tree-predict.js';
import { rowOrder, smallSubset } from './tree-rows.js';
import { parallelSums } from './tree-score-parallel.js';
import { scoreRangeWith, type KernelKind } from './tree-wasm-score.js';

/** Rows from which a batch uses the model's generated kernels (compiled on first use). */
export const GENERATED_MIN_ROWS = 100_000;

/** Rows from which a batch is shared with worker threads (when the machine has several cores). */
export const PARALLEL_MIN_ROWS = 50_000;

/**
 * How a batch may run: `threads` (default: the machine's), the row thresholds above, and `wasm`
 * (default true): whether generated kernels are the WebAssembly ones (tree-wasm.ts) or the
 * JavaScript ones (tree-codegen.ts).
 */
export interface SumOptions {
  readonly threads?: number;
  readonly generatedMinRows?: number;
  readonly parallelMinRows?: number;
  readonly wasm?: boolean;
}

/**
 * init + Σ_trees leaf value for `rows` of X (default all rows), in the order of `rows`.
 * @throws SightlineError E_MODEL_FEATURE for a used feature X lacks; E_MODEL_ROWS for bad rows;
 *   E_MODEL_WORKER when a worker thread fails.
 */
export function ensembleSums(
  model: { features: readonly string[]; trees: readonly TreeArrays[] },
  X: Matrix,
  rows: Uint32Array | undefined,
  init: number,
  opts: SumOptions = {},
): Float64Array {
  const c = compiled(model);
  const cols = matrixColumns(model.features, c.used, X);
  const usedCols = Int32Array.from(c.used, (f) => cols[f]!);
  const names = Array.from(c.used, (f) => model.features[f]!);
  const small = smallSubset(X, names, usedCols, rows);
  if (small !== null) return ensembleSums(model, small, undefined, init, opts);
  const o = rowOrder(X, rows);
  const out = new Float64Array(o.n);
  if (o.n === 0) return out;
  if (c.maxTreeWords > MAX_WORDS) return walkSums(c, model.trees, X, usedCols, o, init, out);
  const generated = o.n >= (opts.generatedMinRows ?? GENERATED_MIN_ROWS);
  const kernel: KernelKind = !generated ? 'generic' : opts.wasm === false ? 'generated' : 'wasm';
  if (o.n >= (opts.parallelMinRows ?? PARALLEL_MIN_ROWS)) {
    const shared = parallelSums(model, c, X, cols, o, init, kernel, opts.threads);
    if (shared !== null) return shared;
  }
  scoreRangeWith(kernel, c, X, cols, o, 0, o.n, init, out);
  return out;
}
