/**
 * Connected components of the referral–child graph: two records are linked when they share a
 * referral (siblings on one call) or a child (the same child on two calls). A split that keeps
 * each component on one side has no child and no referral on both sides, which is the fix for
 * the Allegheny validation mistake (DOMAIN.md §2).
 */
import { check } from '../core/index.js';

/** The ids a split must keep together: household (referral) and child per record. */
export interface SplitKeys {
  readonly household: Uint32Array;
  readonly child: Uint32Array;
}

function find(parent: Int32Array, x: number): number {
  let root = x;
  while (parent[root] !== root) root = parent[root]!;
  while (parent[x] !== root) {
    const next = parent[x]!;
    parent[x] = root;
    x = next;
  }
  return root;
}

/**
 * Component label per row of `rows` (0..C−1, numbered by first appearance in `rows`), computed on
 * the graph restricted to those rows.
 */
export function components(keys: SplitKeys, rows: Uint32Array): Int32Array {
  check(
    keys.household.length === keys.child.length,
    'household and child must have one value per record',
  );
  // Union-find over rows, linking each row to the first row seen with the same household / child.
  const parent = Int32Array.from({ length: rows.length }, (_, i) => i);
  const firstOfHousehold = new Map<number, number>();
  const firstOfChild = new Map<number, number>();
  const union = (a: number, b: number): void => {
    const ra = find(parent, a);
    const rb = find(parent, b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  rows.forEach((r, i) => {
    const h = keys.household[r]!;
    const c = keys.child[r]!;
    const fh = firstOfHousehold.get(h);
    if (fh === undefined) firstOfHousehold.set(h, i);
    else union(i, fh);
    const fc = firstOfChild.get(c);
    if (fc === undefined) firstOfChild.set(c, i);
    else union(i, fc);
  });
  const label = new Int32Array(rows.length);
  const ids = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    const root = find(parent, i);
    let id = ids.get(root);
    if (id === undefined) {
      id = ids.size;
      ids.set(root, id);
    }
    label[i] = id;
  }
  return label;
}
