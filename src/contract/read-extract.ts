/**
 * Reads a county extract folder into the columnar Extract, with full row accounting: every input
 * row is loaded or rejected with its table, row, line (CSV), column, value and reason.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SightlineError, type Issue } from '../core/index.js';
import { TABLE_NAMES, type Extract, type TableName } from './schema.js';
import { readManifest } from './manifest.js';
import { readCsvTable } from './csv-read.js';
import { openDuckDb, readParquetTable } from './parquet-read.js';
import { DEFAULT_MAX_FIELD_BYTES, type TableStage } from './stage.js';
import { emptyReferralsIssue, loadedTable, validateStages } from './validate.js';
import {
  REASON_CODES,
  rejectedTablesText,
  totalRejected,
  type Reject,
  type TableReport,
  type ValidationReport,
} from './report.js';

/** Options of readExtract. */
export interface ReadExtractOptions {
  /** Load the valid rows even when some are rejected (default false: throw). */
  readonly allowRejects?: boolean;
  /** Longest accepted field in bytes (default 65536); longer ones reject their row. */
  readonly maxFieldBytes?: number;
}

/** The file names in an extract folder; E_CONTRACT_NOT_FOUND when it is not a folder. */
async function listFolder(dir: string): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    return await readdir(dir);
  } catch {
    throw new SightlineError(
      'E_CONTRACT_NOT_FOUND',
      `extract folder ${dir} not found (or not a folder). Fix: give the folder that holds manifest.json and the table files.`,
      { dir },
    );
  }
}

/** The table files of an extract folder: NAME.csv or NAME.parquet for each table. */
export async function locateTables(
  dir: string,
): Promise<Record<TableName, { file: string; format: 'csv' | 'parquet' }>> {
  const entries = await listFolder(dir);
  const have = new Set(entries);
  const out: Partial<Record<TableName, { file: string; format: 'csv' | 'parquet' }>> = {};
  const missing: string[] = [];
  for (const name of TABLE_NAMES) {
    const csv = have.has(`${name}.csv`);
    const parquet = have.has(`${name}.parquet`);
    if (csv && parquet) {
      throw new SightlineError(
        'E_CONTRACT_AMBIGUOUS_TABLE',
        `${dir} holds both ${name}.csv and ${name}.parquet; which one is the ${name} table is unclear. Fix: remove one of them.`,
        { dir, table: name },
      );
    }
    if (csv || parquet) {
      const format = csv ? 'csv' : 'parquet';
      out[name] = { file: join(dir, `${name}.${format}`), format };
    } else missing.push(name);
  }
  if (missing.length > 0) {
    const files = entries.filter((e) => !e.startsWith('.')).sort();
    throw new SightlineError(
      'E_CONTRACT_MISSING_TABLE',
      `${dir} has no ${missing.map((m) => `${m}.csv or ${m}.parquet`).join(', no ')}; found ${files.length > 0 ? files.join(', ') : 'no files'}. Fix: an extract needs ${TABLE_NAMES.map((t) => `${t}.csv`).join(', ')} (or .parquet) beside manifest.json.`,
      { dir, missing },
    );
  }
  return out as Record<TableName, { file: string; format: 'csv' | 'parquet' }>;
}

function tableReport(s: TableStage): TableReport {
  const counts = new Map<string, number>();
  for (const r of s.rejects) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  const byReason: Record<string, number> = {};
  for (const code of REASON_CODES) if (counts.has(code)) byReason[code] = counts.get(code)!;
  return {
    table: s.name,
    file: s.file,
    format: s.format,
    rowsRead: s.n,
    rowsLoaded: s.n - s.firstCode.size,
    rowsRejected: s.firstCode.size,
    byReason,
  };
}

/** The message of E_CONTRACT_REJECTED: counts per table and reason, and what to do. */
export function rejectedMessage(report: ValidationReport): string {
  const total = totalRejected(report);
  return `${total} row${total === 1 ? '' : 's'} rejected in ${report.dir}: ${rejectedTablesText(report)}. Fix: run 'sightline validate ${report.dir}' to write every rejected row with its reason to a rejects file (--rejects FILE), correct them, or load the other rows with allowRejects (nothing is dropped silently).`;
}

async function readStages(
  dir: string,
  maxFieldBytes: number,
): Promise<Record<TableName, TableStage>> {
  const files = await locateTables(dir);
  const stages: Partial<Record<TableName, TableStage>> = {};
  let duck: Awaited<ReturnType<typeof openDuckDb>> | null = null;
  try {
    for (const name of TABLE_NAMES) {
      const { file, format } = files[name];
      if (format === 'csv') stages[name] = await readCsvTable(name, file, maxFieldBytes);
      else {
        duck ??= await openDuckDb();
        stages[name] = await readParquetTable(name, file, maxFieldBytes, duck.conn);
      }
    }
  } finally {
    duck?.close();
  }
  return stages as Record<TableName, TableStage>;
}

/**
 * Reads and validates the extract in folder `dir`. Returns the loaded rows as an Extract and the
 * ValidationReport (rowsRead = rowsLoaded + rowsRejected for every table).
 *
 * Throws SightlineError E_CONTRACT_REJECTED (summary per table and reason, the report in
 * `details.report`) when rows were rejected and `allowRejects` is not set; structural problems
 * throw their own codes: E_CONTRACT_NOT_FOUND, E_CONTRACT_MANIFEST, E_CONTRACT_VERSION,
 * E_CONTRACT_MISSING_TABLE, E_CONTRACT_AMBIGUOUS_TABLE, E_CONTRACT_MISSING_COLUMN,
 * E_CONTRACT_DUPLICATE_COLUMN, E_CONTRACT_HEADER, E_CONTRACT_EMPTY_FILE, E_CONTRACT_ENCODING,
 * E_CONTRACT_PARQUET.
 * @example const { extract, report } = await readExtract('data/county', { allowRejects: true })
 */
export async function readExtract(
  dir: string,
  opts: ReadExtractOptions = {},
): Promise<{ extract: Extract; report: ValidationReport }> {
  const maxFieldBytes = opts.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  if (!Number.isInteger(maxFieldBytes) || maxFieldBytes < 1) {
    throw new RangeError(`maxFieldBytes must be a positive integer, got ${maxFieldBytes}`);
  }
  await listFolder(dir);
  const { manifest, asOfDay, issues: manifestIssues } = await readManifest(dir);
  const stages = await readStages(dir, maxFieldBytes);
  validateStages(stages);
  const issues: Issue[] = [...manifestIssues];
  const rejects: Reject[] = [];
  for (const name of TABLE_NAMES) {
    const s = stages[name];
    for (const i of s.issues) issues.push(i);
    // Array.prototype.sort is stable: a row's problems keep the order they were found in.
    const sorted = s.rejects.slice().sort((a, b) => a.row - b.row);
    for (const r of sorted) rejects.push(r);
  }
  issues.push(...emptyReferralsIssue(stages.referrals));
  const report: ValidationReport = {
    dir,
    tables: TABLE_NAMES.map((name) => tableReport(stages[name])),
    rejects,
    issues,
  };
  if (rejects.length > 0 && opts.allowRejects !== true) {
    throw new SightlineError('E_CONTRACT_REJECTED', rejectedMessage(report), { report });
  }
  const extract: Extract = {
    manifest,
    asOfDay,
    referrals: loadedTable(stages.referrals as TableStage & { name: 'referrals' }),
    persons: loadedTable(stages.persons as TableStage & { name: 'persons' }),
    referral_persons: loadedTable(
      stages.referral_persons as TableStage & { name: 'referral_persons' },
    ),
    events: loadedTable(stages.events as TableStage & { name: 'events' }),
  };
  return { extract, report };
}
