/**
 * features — the feature catalog (source, role, window, form, mutability, sensitivity) and the
 * point-in-time builder: county extract → child-referral records × features, labels, groups and
 * households. Comes after contract (and synth) in the pipeline; nothing on or after a call may
 * reach that call's features (see build.ts for the exact rule, and its test).
 */
export {
  ROLES,
  WINDOWS,
  WINDOW_DAYS,
  HISTORY_SOURCES,
  CONTEXT_FEATURES,
  defaultCatalog,
  kindsOf,
  sensitivityOf,
} from './catalog.js';
export type {
  FeatureSpec,
  FeatureRole,
  FeatureWindow,
  FeatureForm,
  Sensitivity,
} from './catalog.js';
export { buildFeatures } from './build.js';
export type { BuildOptions } from './build.js';
export type { FeatureSet } from './build.js';
export { AGE_BANDS, HOUSEHOLD_RACE, ageBandOf } from './records.js';
export type { RecordTable } from './records.js';
export { LABEL_NAMES } from './labels.js';
export type { LabelName, Labels } from './labels.js';
export { writeFeatureSet } from './write.js';
