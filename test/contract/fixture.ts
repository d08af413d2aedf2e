/**
 * Small county extracts written by hand as CSV text, for the contract and `sightline validate`
 * tests: a valid base extract (3 referrals' worth of people and events) and helpers to replace,
 * extend or remove any of its files.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readExtract,
  type ReadExtractOptions,
  type Reject,
  type TableName,
  type ValidationReport,
} from '../../src/contract/index.js';

export const MANIFEST = `${JSON.stringify({
  contract: 'sightline/1',
  name: 'hand-made',
  as_of: '2016-12-31',
  created_at: '2026-01-01T00:00:00Z',
})}\n`;

export const REFERRALS_HEADER =
  'referral_id,received_at,allegation,channel,screening_decision,decided_at,screener_id,supervisor_id,screener_risk,screener_safety,shown_score,shown_protocol,override,override_reason';

export const REFERRALS = [
  REFERRALS_HEADER,
  'r1,2015-03-01T10:00:00Z,neglect,county,in,2015-03-01T12:00:00Z,s1,v1,2,1,12,high,false,',
  'r2,2015-06-01T09:30:00-05:00,abuse,state,,,,,,,,,,',
  '',
].join('\n');

export const PERSONS = [
  'person_id,birth_date,sex,race,hispanic',
  'p1,1985-02-03,f,black,no',
  'p2,2010-05-06,m,white,unknown',
  'p3,2012-07-08,x,asian,yes',
  '',
].join('\n');

export const REFERRAL_PERSONS = [
  'referral_id,person_id,role',
  'r1,p1,parent',
  'r1,p2,alleged_victim',
  'r2,p3,child',
  '',
].join('\n');

export const EVENTS = [
  'person_id,source,kind,start_date,end_date',
  'p1,jail,booking,2012-01-01,',
  'p2,child_welfare,placement,2015-04-01,2015-09-01',
  '',
].join('\n');

/** File contents by file name; `null` leaves the file out. */
export type ExtractFiles = Record<string, string | Uint8Array | null>;

/** The valid base extract as files. */
export function baseFiles(): ExtractFiles {
  return {
    'manifest.json': MANIFEST,
    'referrals.csv': REFERRALS,
    'persons.csv': PERSONS,
    'referral_persons.csv': REFERRAL_PERSONS,
    'events.csv': EVENTS,
  };
}

const made: string[] = [];

/** A fresh temporary folder (removed by cleanup()). */
export async function tempDir(prefix = 'sl-contract-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder made by tempDir(). */
export async function cleanup(): Promise<void> {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
}

/**
 * Writes the base extract with `changes` applied (a file's new content, or null to remove it)
 * into `extract/` under a fresh temporary folder; returns the extract folder.
 */
export async function writeFiles(changes: ExtractFiles = {}): Promise<string> {
  const dir = join(await tempDir(), 'extract');
  await mkdir(dir);
  const files = { ...baseFiles(), ...changes };
  for (const [name, content] of Object.entries(files)) {
    if (content !== null) await writeFile(join(dir, name), content);
  }
  return dir;
}

/** The base file of a table with extra data lines appended. */
export function withRows(table: TableName, ...lines: string[]): ExtractFiles {
  const base = baseFiles()[`${table}.csv`] as string;
  return { [`${table}.csv`]: base + lines.map((l) => `${l}\n`).join('') };
}

/** Reads the extract with allowRejects (plus `opts`) and returns its report. */
export async function reportOf(
  dir: string,
  opts: ReadExtractOptions = {},
): Promise<ValidationReport> {
  return (await readExtract(dir, { allowRejects: true, ...opts })).report;
}

/** The rejects of an extract built from the base with `changes`. */
export async function rejectsOf(changes: ExtractFiles): Promise<readonly Reject[]> {
  return (await reportOf(await writeFiles(changes))).rejects;
}

/** Row accounting of a report as [table, read, loaded, rejected] tuples. */
export function counts(report: ValidationReport): [string, number, number, number][] {
  return report.tables.map((t) => [t.table, t.rowsRead, t.rowsLoaded, t.rowsRejected]);
}

const REJECT_KEYS = ['code', 'column', 'line', 'reason', 'row', 'table', 'value'];

/**
 * Each Reject as one exact line, `table row line column "value" code: reason` (`-` for no line
 * or column, the value JSON-quoted); throws when a Reject has keys besides the contract's.
 */
export function flat(rejects: readonly Reject[]): string[] {
  return rejects.map((r) => {
    const extra = Object.keys(r).filter((k) => !REJECT_KEYS.includes(k));
    if (extra.length > 0) throw new Error(`unexpected Reject keys ${extra.join(', ')}`);
    const line = r.line === undefined ? '-' : String(r.line);
    return `${r.table} ${r.row} ${line} ${r.column || '-'} ${JSON.stringify(r.value)} ${r.code}: ${r.reason}`;
  });
}
