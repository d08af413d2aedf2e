/**
 * split — grouped splits in which no child and no referral is on both sides (connected components
 * of the referral–child graph), a temporal holdout, grouped K-fold CV, and a leakage check. Splits
 * are index arrays; every selection and tuning step downstream runs on a split's training rows.
 */
export { components } from './components.js';
export type { SplitKeys } from './components.js';
export { groupSplit, groupKFold, temporalHoldout, foldRows } from './split.js';
export type { Split } from './split.js';
export { checkLeakage } from './leakage.js';
export type { LeakageReport } from './leakage.js';
