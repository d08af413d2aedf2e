/**
 * The leakage check any command can run on any split: which children and which referrals appear
 * on both sides, and whether the sides overlap in rows at all.
 */
import type { SplitKeys } from './components.js';
import type { Split } from './split.js';

export interface LeakageReport {
  readonly ok: boolean;
  readonly sharedRows: number;
  readonly sharedChildren: number;
  readonly sharedReferrals: number;
  /** Rows of the test side whose child or referral is also on the training side. */
  readonly leakingTestRows: number;
  readonly message: string;
}

/** Checks a split for shared rows, children and referrals. */
export function checkLeakage(keys: SplitKeys, split: Split): LeakageReport {
  const trainRows = new Set(split.train);
  const trainChildren = new Set<number>();
  const trainHouseholds = new Set<number>();
  for (const r of split.train) {
    trainChildren.add(keys.child[r]!);
    trainHouseholds.add(keys.household[r]!);
  }
  const children = new Set<number>();
  const households = new Set<number>();
  let sharedRows = 0;
  let leaking = 0;
  for (const r of split.test) {
    if (trainRows.has(r)) sharedRows++;
    const c = trainChildren.has(keys.child[r]!);
    const h = trainHouseholds.has(keys.household[r]!);
    if (c) children.add(keys.child[r]!);
    if (h) households.add(keys.household[r]!);
    if (c || h) leaking++;
  }
  const ok = sharedRows === 0 && children.size === 0 && households.size === 0;
  return {
    ok,
    sharedRows,
    sharedChildren: children.size,
    sharedReferrals: households.size,
    leakingTestRows: leaking,
    message: ok
      ? `no leakage: ${split.train.length} train and ${split.test.length} test rows share no child and no referral`
      : `leakage: ${sharedRows} rows, ${children.size} children and ${households.size} referrals are on both sides (${leaking} of ${split.test.length} test rows affected)`,
  };
}
