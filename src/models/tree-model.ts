/**
 * The tree of a tree-model file, as flat arrays (one entry per node, node 0 the root), shared by
 * the boosted-trees ('gbt') and random-forest ('forest') kinds:
 * - `feature`: index into the model's `features` of the split feature, -1 for a leaf;
 * - `threshold`: a row goes left when x < threshold (XGBoost's convention), right when
 *   x ≥ threshold, and to the `defaultLeft` side when x is NaN (0 and unused for a leaf);
 * - `left` / `right`: child node ids (-1 for a leaf); a child's id is larger than its parent's;
 * - `value`: the leaf value (for a split node, the value it would have as a leaf);
 * - `cover`: the node's hessian sum (gbt) or weighted row count (forest), used by TreeSHAP;
 * - `gain`: the split's gain (0 for a leaf).
 */
import { z } from 'zod';
import type { Matrix } from '../core/index.js';
import { treeFeatureError } from './tree-messages.js';

/** One tree as flat arrays. */
export const TreeArrays = z.strictObject({
  feature: z.array(z.number().int().min(-1)),
  threshold: z.array(z.number()),
  defaultLeft: z.array(z.boolean()),
  left: z.array(z.number().int().min(-1)),
  right: z.array(z.number().int().min(-1)),
  value: z.array(z.number()),
  cover: z.array(z.number().min(0)),
  gain: z.array(z.number()),
});
/** One tree, as loaded. */
export type TreeArrays = z.infer<typeof TreeArrays>;

/** Problems of a tree's structure (empty when it is a valid binary tree over p features). */
export function treeProblems(t: TreeArrays, p: number): string[] {
  const n = t.feature.length;
  const out: string[] = [];
  const fields = ['threshold', 'defaultLeft', 'left', 'right', 'value', 'cover', 'gain'] as const;
  for (const f of fields)
    if (t[f].length !== n) out.push(`${f} has ${t[f].length} nodes, feature ${n}`);
  if (n === 0) out.push('the tree has no nodes');
  if (out.length > 0) return out;
  const parents = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const f = t.feature[i]!;
    if (f < 0) {
      if (t.left[i] !== -1 || t.right[i] !== -1) out.push(`leaf ${i} has children`);
      continue;
    }
    if (f >= p) out.push(`node ${i} splits on feature ${f}, the model has ${p}`);
    if (!Number.isFinite(t.threshold[i])) out.push(`node ${i} has threshold ${t.threshold[i]}`);
    for (const c of [t.left[i]!, t.right[i]!]) {
      if (c <= i || c >= n) out.push(`node ${i} has child ${c} (children come after parents)`);
      else parents[c]!++;
    }
  }
  for (let i = 1; i < n; i++) if (parents[i] !== 1) out.push(`node ${i} has ${parents[i]} parents`);
  return out.slice(0, 10);
}

/** Checks feature names are unique and every tree is valid; for a zod superRefine. */
export function refineTrees(
  m: { features: string[]; trees: TreeArrays[] },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  for (const f of m.features) {
    if (seen.has(f))
      ctx.addIssue({ code: 'custom', message: `feature ${f} appears twice`, path: ['features'] });
    seen.add(f);
  }
  m.trees.forEach((t, k) => {
    for (const message of treeProblems(t, m.features.length)) {
      ctx.addIssue({ code: 'custom', message, path: ['trees', k] });
    }
  });
}

/** Freezes a parsed model and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Leaf reached by a row whose value of model feature f is get(f). */
export function leafOf(t: TreeArrays, get: (f: number) => number): number {
  let i = 0;
  while (t.feature[i]! >= 0) {
    const x = get(t.feature[i]!);
    if (x < t.threshold[i]!) i = t.left[i]!;
    else if (x >= t.threshold[i]!) i = t.right[i]!;
    else i = t.defaultLeft[i] ? t.left[i]! : t.right[i]!;
  }
  return i;
}

/** Sorted model-feature indices used by any split of the trees. */
export function usedFeatures(trees: readonly TreeArrays[]): Int32Array {
  const used = new Set<number>();
  for (const t of trees) for (const f of t.feature) if (f >= 0) used.add(f);
  return Int32Array.from([...used].sort((a, b) => a - b));
}

/**
 * Matrix column of each model feature that a split uses (-1 for unused ones), matched by name.
 * @throws SightlineError E_MODEL_FEATURE naming the first used feature the matrix lacks.
 */
export function matrixColumns(
  features: readonly string[],
  used: Int32Array,
  X: Matrix,
): Int32Array {
  const at = new Map(X.names.map((name, j) => [name, j]));
  const out = new Int32Array(features.length).fill(-1);
  for (const f of used) {
    const j = at.get(features[f]!);
    if (j === undefined) throw treeFeatureError(features[f]!);
    out[f] = j;
  }
  return out;
}
