/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2; the path-dependent variant of the
 * `shap` package): per-row feature contributions of a tree model, in polynomial time.
 *
 * The game of a tree is v(S) = the expected leaf value when the features in S take the row's
 * values and every other split is averaged over its children in proportion to their covers
 * (hessian sums for boosted trees, weighted row counts for forests). Contributions are that
 * game's Shapley values, so for each row Σ_f φ_f = f(x) − v(∅) exactly (up to rounding):
 * - gbt: f(x) is the margin (log-odds) and `expected` = baseMargin + Σ_trees v_t(∅);
 * - forest: f(x) is the probability (mean over trees) and `expected` = mean_trees v_t(∅).
 * A NaN value follows its split's default side, as in prediction. A node whose cover is 0 (only
 * possible in an imported model) splits its weight evenly between its children.
 */
import type { Matrix } from '../core/index.js';
import type { ForestModel } from './forest-model.js';
import type { GbtModel } from './gbt-model.js';
import { matrixColumns, usedFeatures, type TreeArrays } from './tree-model.js';
import { fillBlock, rowOrder, smallSubset } from './tree-rows.js';

/** Contributions of each row and feature. */
export interface TreeShapResult {
  /** The model's features; column f of `values` belongs to features[f]. */
  readonly features: readonly string[];
  readonly nRows: number;
  /** Row-major contributions: row i, feature f at values[i·features.length + f]. */
  readonly values: Float64Array;
  /** v(∅) on the output scale: Σ contributions + expected = the row's output. */
  readonly expected: number;
  /** 'margin' (log-odds, gbt) or 'probability' (forest). */
  readonly output: 'margin' | 'probability';
}

/** Path storage of one tree walk (the `shap` package's PathElement arrays). */
interface Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  w: Float64Array;
}

function extend(p: Path, at: number, d: number, zero: number, one: number, feature: number): void {
  p.feature[at + d] = feature;
  p.zero[at + d] = zero;
  p.one[at + d] = one;
  p.w[at + d] = d === 0 ? 1 : 0;
  for (let i = d - 1; i >= 0; i--) {
    p.w[at + i + 1]! += (one * p.w[at + i]! * (i + 1)) / (d + 1);
    p.w[at + i] = (zero * p.w[at + i]! * (d - i)) / (d + 1);
  }
}

function unwind(p: Path, at: number, d: number, k: number): void {
  const one = p.one[at + k]!;
  const zero = p.zero[at + k]!;
  let next = p.w[at + d]!;
  for (let i = d - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.w[at + i]!;
      p.w[at + i] = (next * (d + 1)) / ((i + 1) * one);
      next = tmp - (p.w[at + i]! * zero * (d - i)) / (d + 1);
    } else {
      p.w[at + i] = (p.w[at + i]! * (d + 1)) / (zero * (d - i));
    }
  }
  for (let i = k; i < d; i++) {
    p.feature[at + i] = p.feature[at + i + 1]!;
    p.zero[at + i] = p.zero[at + i + 1]!;
    p.one[at + i] = p.one[at + i + 1]!;
  }
}

function unwoundSum(p: Path, at: number, d: number, k: number): number {
  const one = p.one[at + k]!;
  const zero = p.zero[at + k]!;
  let next = p.w[at + d]!;
  let total = 0;
  if (one !== 0) {
    for (let i = d - 1; i >= 0; i--) {
      const tmp = next / ((i + 1) * one);
      total += tmp;
      next = p.w[at + i]! - tmp * zero * (d - i);
    }
  } else {
    for (let i = d - 1; i >= 0; i--) total += p.w[at + i]! / (zero * (d - i));
  }
  return total * (d + 1);
}

/** Share of a node's cover that goes to child c. */
function ratio(t: TreeArrays, node: number, c: number): number {
  const w = t.cover[node]!;
  return w > 0 ? t.cover[c]! / w : 0.5;
}

/** The child a row with value x of the node's feature goes to. */
function hotChild(t: TreeArrays, i: number, x: number): number {
  if (x < t.threshold[i]!) return t.left[i]!;
  if (x >= t.threshold[i]!) return t.right[i]!;
  return t.defaultLeft[i] ? t.left[i]! : t.right[i]!;
}

interface Walk {
  readonly t: TreeArrays;
  readonly x: (f: number) => number;
  readonly phi: Float64Array;
  readonly phiAt: number;
  readonly scale: number;
  readonly path: Path;
}

function recurse(
  s: Walk,
  node: number,
  d: number,
  parentAt: number,
  zero: number,
  one: number,
  feature: number,
): void {
  const { t, path } = s;
  const at = parentAt + d + 1;
  path.feature.copyWithin(at, parentAt, parentAt + d + 1);
  path.zero.copyWithin(at, parentAt, parentAt + d + 1);
  path.one.copyWithin(at, parentAt, parentAt + d + 1);
  path.w.copyWithin(at, parentAt, parentAt + d + 1);
  extend(path, at, d, zero, one, feature);
  const f = t.feature[node]!;
  if (f < 0) {
    for (let i = 1; i <= d; i++) {
      const w = unwoundSum(path, at, d, i);
      const g = path.feature[at + i]!;
      s.phi[s.phiAt + g]! +=
        w * (path.one[at + i]! - path.zero[at + i]!) * t.value[node]! * s.scale;
    }
    return;
  }
  const hot = hotChild(t, node, s.x(f));
  const cold = hot === t.left[node] ? t.right[node]! : t.left[node]!;
  let inZero = 1;
  let inOne = 1;
  let k = 1;
  while (k <= d && path.feature[at + k] !== f) k++;
  if (k <= d) {
    inZero = path.zero[at + k]!;
    inOne = path.one[at + k]!;
    unwind(path, at, d, k);
    d -= 1;
  }
  recurse(s, hot, d + 1, at, ratio(t, node, hot) * inZero, inOne, f);
  recurse(s, cold, d + 1, at, ratio(t, node, cold) * inZero, 0, f);
}

/** v(∅) of a tree: leaf values weighted by the products of cover shares along their paths. */
export function treeExpectation(t: TreeArrays, node = 0): number {
  if (t.feature[node]! < 0) return t.value[node]!;
  const l = t.left[node]!;
  const r = t.right[node]!;
  return ratio(t, node, l) * treeExpectation(t, l) + ratio(t, node, r) * treeExpectation(t, r);
}

function treeDepth(t: TreeArrays, node = 0): number {
  if (t.feature[node]! < 0) return 0;
  return 1 + Math.max(treeDepth(t, t.left[node]!), treeDepth(t, t.right[node]!));
}

/**
 * Exact TreeSHAP contributions of a gbt (margin scale) or forest (probability scale) model for
 * `rows` of X (default every row), in the order of `rows`.
 * @throws SightlineError E_MODEL_FEATURE naming a missing feature; E_MODEL_ROWS for bad rows.
 * @example const shap = treeShap(model, X, Uint32Array.of(row)); // shap.values[f], shap.expected
 */
export function treeShap(
  model: GbtModel | ForestModel,
  X: Matrix,
  rows?: Uint32Array,
): TreeShapResult {
  const p = model.features.length;
  const T = model.trees.length;
  const forest = model.kind === 'forest';
  const scale = forest ? 1 / T : 1;
  let expected = forest ? 0 : model.baseMargin;
  for (const t of model.trees) expected += treeExpectation(t) * scale;
  const used = usedFeatures(model.trees);
  const all = matrixColumns(model.features, used, X);
  const small = smallSubset(
    X,
    Array.from(used, (f) => model.features[f]!),
    Int32Array.from(used, (f) => all[f]!),
    rows,
  );
  if (small !== null) return treeShap(model, small);
  const cols = all;
  const slotOf = new Int32Array(p).fill(-1);
  used.forEach((f, s) => (slotOf[f] = s));
  const o = rowOrder(X, rows);
  const values = new Float64Array(o.n * p);
  let maxDepth = 0;
  for (const t of model.trees) maxDepth = Math.max(maxDepth, treeDepth(t));
  const size = ((maxDepth + 3) * (maxDepth + 4)) / 2;
  const path: Path = {
    feature: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    w: new Float64Array(size),
  };
  const S = used.length;
  const B = 64;
  const block = new Float64Array(B * Math.max(1, S));
  const cursor = new Int32Array(S);
  for (let first = 0; first < o.n; first += B) {
    const count = Math.min(B, o.n - first);
    fillBlock(
      X,
      Int32Array.from(used, (f) => cols[f]!),
      o,
      first,
      count,
      cursor,
      block,
    );
    for (let i = 0; i < count; i++) {
      const out = o.outAt === null ? first + i : o.outAt[first + i]!;
      const x = (f: number) => block[i * S + slotOf[f]!]!;
      for (const t of model.trees) {
        recurse({ t, x, phi: values, phiAt: out * p, scale, path }, 0, 0, 0, 1, 1, -1);
      }
    }
  }
  return {
    features: model.features,
    nRows: o.n,
    values,
    expected,
    output: forest ? 'probability' : 'margin',
  };
}
