/**
 * The QuickScorer kernel of a compiled ensemble (tree-compile.ts) generated as JavaScript with the
 * model's thresholds, mask words and masks written in as constants, one function per feature
 * slot, for large batches. The generic kernel (tree-predict.ts) loads three arrays per mask
 * operation (threshold, word, mask); here a slot's nodes become nested tests
 * `if (v >= t0) { m[b + w0] &= k0; if (v >= t1) { … } }` in ascending threshold order, so an
 * operation is one compare and one and-in-place at a constant offset. The same operations as the
 * generic kernel are applied (and-ing commutes), so every tree exits at the same leaf; the leaf
 * values are summed in tree order from the same start, so results are bit-identical.
 *
 * The source holds only numbers made here from the compiled arrays (thresholds through
 * String(), which round-trips a double exactly; integers), never text from the model file.
 */
import type { Compiled } from './tree-compile.js';

/** Applies slot s's false nodes to rows first..first+count-1 of a dense column. */
export type DenseSlotKernel = (
  values: Float64Array,
  sorted: Uint32Array | null,
  first: number,
  count: number,
  m: Int32Array,
  W: number,
) => void;

/**
 * Applies slot s's false nodes to the stored rows of a sparse column from index k while they are
 * ≤ rowEnd (block rows start at `first`; pos maps matrix rows to requested order); returns
 * where it stopped.
 */
export type SparseSlotKernel = (
  rows: Uint32Array,
  values: Float64Array,
  k: number,
  rowEnd: number,
  pos: Int32Array | null,
  first: number,
  m: Int32Array,
  W: number,
) => number;

/** Sums the exit leaves of `count` rows of masks onto init, written to out (through at). */
export type SumKernel = (
  m: Int32Array,
  count: number,
  init: number,
  out: Float64Array,
  at: Int32Array | null,
  first: number,
  leafValue: Float64Array,
) => void;

/** The generated kernels of one compiled ensemble, each slot's made on first use. */
export interface GeneratedKernel {
  dense(s: number): DenseSlotKernel;
  sparse(s: number): SparseSlotKernel;
  readonly sum: SumKernel;
}
/** Source of the nested tests of slot s for a value `v` at mask word base `b`. */
function slotTests(c: Compiled, s: number): string {
  const t0 = c.thrPtr[s]!;
  const t1 = c.thrPtr[s + 1]!;
  let open = '';
  let close = '';
  for (let k = t0; k < t1; k++) {
    open += `if (v >= ${String(c.thr[k]!)}) {`;
    for (let o = c.opPtr[k]!; o < c.opPtr[k + 1]!; o++) {
      open += `m[b + ${c.opWord[o]!}] &= ${c.opMask[o]!};`;
    }
    close += '}';
  }
  let nan = '';
  for (let o = c.nanOpPtr[s]!; o < c.nanOpPtr[s + 1]!; o++) {
    nan += `m[b + ${c.nanWord[o]!}] &= ${c.nanMask[o]!};`;
  }
  // Thresholds ascend, so failing the first test means failing all: only NaN is left to apply.
  if (t1 === t0) return nan === '' ? '' : `if (v !== v) {${nan}}`;
  return `${open}${close}${nan === '' ? '' : ` else if (v !== v) {${nan}}`}`;
}

function denseSource(tests: string): string {
  return `for (let i = 0; i < count; i++) {
  const v = values[sorted === null ? first + i : sorted[first + i]];
  const b = i * W;
  ${tests}
}`;
}

function sparseSource(tests: string): string {
  return `const n = rows.length;
for (; k < n; k++) {
  const r = rows[k];
  if (r > rowEnd) break;
  const i = (pos === null ? r : pos[r]) - first;
  if (i < 0) continue;
  const v = values[k];
  const b = i * W;
  ${tests}
}
return k;`;
}

/** Leaf sums for trees of one mask word each (the lowest set bit is the exit leaf). */
function sumSource(c: Compiled): string {
  let body = '';
  for (let t = 0; t < c.nTrees; t++) {
    body += `w = m[b + ${c.treeWord[t]!}]; s += leafValue[${c.leafBase[t]! + 31} - Math.clz32(w & -w)];\n`;
  }
  return `const W = ${c.treeWord[c.nTrees]!};
for (let i = 0; i < count; i++) {
  const b = i * W;
  let s = init;
  let w = 0;
  ${body}
  out[at === null ? first + i : at[first + i]] = s;
}`;
}

/** A function of `params` with body `source` (source built from numbers only, see above). */
function make<T>(params: string[], source: string): T {
  return new Function(...params, source) as T;
}

const DENSE_PARAMS = ['values', 'sorted', 'first', 'count', 'm', 'W'];
const SPARSE_PARAMS = ['rows', 'values', 'k', 'rowEnd', 'pos', 'first', 'm', 'W'];
const SUM_PARAMS = ['m', 'count', 'init', 'out', 'at', 'first', 'leafValue'];

const cache = new WeakMap<Compiled, GeneratedKernel | null>();

/**
 * The generated kernels of c, or null unless every tree fits one mask word (≤ 32 leaves) with
 * one operation per node (cached per compiled ensemble). A slot's dense or sparse kernel is
 * generated when first asked for, so a model costs only the kernels its matrix's columns need.
 */
export function generatedKernel(c: Compiled): GeneratedKernel | null {
  let g = cache.get(c);
  if (g !== undefined) return g;
  g = null;
  if (c.single && c.maxTreeWords === 1) {
    const dense: (DenseSlotKernel | undefined)[] = [];
    const sparse: (SparseSlotKernel | undefined)[] = [];
    const W = c.treeWord[c.nTrees]!;
    // A first call with +Infinity (past every threshold) and NaN runs every statement once, so
    // V8's optimising compiler has type feedback for all of them: otherwise each test first
    // reached after optimisation deoptimises the kernel, and large batches pay for that.
    const scratch = new Int32Array(2 * W);
    const probe = Float64Array.of(Infinity, NaN);
    const probeRows = Uint32Array.of(0, 1);
    const sum = make<SumKernel>(SUM_PARAMS, sumSource(c));
    sum(scratch.fill(-1), 1, 0, new Float64Array(1), null, 0, c.leafValue);
    g = {
      dense: (s) => {
        let k = dense[s];
        if (k === undefined) {
          dense[s] = k = make<DenseSlotKernel>(DENSE_PARAMS, denseSource(slotTests(c, s)));
          k(probe, null, 0, 2, scratch, W);
        }
        return k;
      },
      sparse: (s) => {
        let k = sparse[s];
        if (k === undefined) {
          sparse[s] = k = make<SparseSlotKernel>(SPARSE_PARAMS, sparseSource(slotTests(c, s)));
          k(probeRows, probe, 0, 1, null, 0, scratch, W);
        }
        return k;
      },
      sum,
    };
  }
  cache.set(c, g);
  return g;
}
