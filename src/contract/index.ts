/**
 * contract — the second layer, the only door to the data contract (DATA-CONTRACT.md, version
 * sightline/1). It turns a county extract folder (manifest.json + referrals, persons,
 * referral_persons, events as CSV or Parquet) into the columnar in-memory Extract and back.
 *
 * Place in the pipeline: after core; synth writes extracts with writeExtract, features and
 * every later layer read them with readExtract. Nothing past this layer parses county files.
 */
export * from './schema.js';
export { writeExtract } from './write-extract.js';
export type { WriteExtractOptions } from './write-extract.js';
export { formatManifest, readManifest, checkManifest, MANIFEST_FILE } from './manifest.js';
export { csvField, tableToCsv, tableCsvChunks } from './csv-format.js';
export { readExtract, locateTables, rejectedMessage } from './read-extract.js';
export type { ReadExtractOptions } from './read-extract.js';
export {
  REASONS,
  REASON_CODES,
  REJECTS_HEADER,
  rejectsCsv,
  reasonsText,
  rejectedTablesText,
  totalRejected,
} from './report.js';
export type { ReasonCode, Reject, TableReport, ValidationReport } from './report.js';
export { CsvParser, parseCsvText } from './csv-parse.js';
export { parseDay } from './cells.js';
export { DEFAULT_MAX_FIELD_BYTES } from './stage.js';
export { hashExtract } from './hash-extract.js';
