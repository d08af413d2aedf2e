/**
 * core — the first layer: errors with stable codes, issues (warnings as data), the seeded PRNG,
 * calendar arithmetic, hashing and atomic file output. Imports nothing from other layers.
 */
export { SightlineError, isSightlineError, check } from './errors.js';
export { issue } from './issue.js';
export type { Issue, Severity } from './issue.js';
export { createRng, hashString32 } from './random.js';
export type { Rng } from './random.js';
export {
  MS_PER_DAY,
  parseDate,
  parseDateTime,
  civilOfDay,
  formatDate,
  formatDateTime,
  dayOf,
  ageInYears,
} from './dates.js';
export { sha256, stableStringify } from './hash.js';
export { writeFileAtomic, writeFolderAtomic, tempSibling, replaceFolder } from './files.js';
export {
  denseColumn,
  sparseColumn,
  makeMatrix,
  matrixValue,
  columnToDense,
  selectRows,
} from './matrix.js';
export type { Column, Matrix } from './matrix.js';
export { quantileType7 } from './stats.js';
