/**
 * `publishReport`: the public version of an audit, process or monitoring report. Every count
 * below the threshold is suppressed, with complementary suppression so that hidden cells cannot
 * be recomputed from totals (publish-suppress.ts); rates, intervals and contrasts derived from
 * hidden counts are hidden too; record-level data (record ids, staff ids, per-record lists) is
 * dropped, and a field that looks like an identifier this code does not know stops publication.
 * An audit's rate tables are linked (every rate of a group at a rule is a sum of the same
 * confusion counts): publish-linked.ts checks them together and withholds what they would give
 * back.
 * The result records the code commit, the input file's sha256 and the report's own data hash.
 */
import { SightlineError } from '../core/index.js';
import {
  newTally,
  suppressBinomials,
  suppressFourWay,
  suppressSeries,
  type Json,
  type Tally,
} from './publish-rows.js';
import { publishAudit } from './publish-audit.js';
import { withholdLinked } from './publish-linked.js';

/** Version tag of a public report. */
export const PUBLIC_REPORT_VERSION = 'sightline-public/1';

/** The report kinds `publishReport` knows. */
export const PUBLISHABLE = ['sightline-audit/1', 'sightline-process/1', 'sightline-monitor/1'];

/** Where a public report comes from: enough to reproduce it. */
export interface PublishProvenance {
  /** `git rev-parse HEAD` of the code, or null when not in a repository. */
  readonly commit: string | null;
  /** True when tracked files differ from that commit (the output may not reproduce from it). */
  readonly dirty: boolean | null;
  /** The input report file's name and sha256. */
  readonly file: string;
  readonly sha256: string;
}

/** A public report: the suppressed report, what was hidden and dropped, and its provenance. */
export interface PublicReport {
  readonly report: typeof PUBLIC_REPORT_VERSION;
  readonly of: string;
  readonly minCell: number;
  readonly provenance: PublishProvenance & { readonly dataHash: string | null };
  readonly suppression: Tally;
  readonly dropped: readonly string[];
  readonly pseudonymised: readonly string[];
  readonly content: Json;
}

/** Record-level fields dropped from each kind of report (paths; `[]` = every array element). */
const DROP: Record<string, readonly string[]> = {
  'sightline-audit/1': [],
  'sightline-process/1': ['glitch.referralIds', 'selectiveLabels.contraction.lenient.screeners'],
  'sightline-monitor/1': ['occupancy.shares'],
};

/** Staff identifiers replaced by "supervisor 1", "supervisor 2"… in order of appearance. */
const PSEUDONYMISE: Record<string, readonly string[]> = {
  'sightline-process/1': ['overrides.bySupervisor[].supervisor'],
};

/** Field names that look like identifiers of people, records or staff. */
const IDENTIFIER =
  /(^id$|^ids$|_ids?$|[a-z]Ids?$|^examples$|^screeners?$|^supervisors?$|^persons?$|^children$)/;

/** Integer counts outside binomial rows, hidden on their own when small. */
const COUNT_KEYS = new Set([
  'n',
  'records',
  'cases',
  'scored',
  'households',
  'referrals',
  'overrides',
  'shownHigh',
  'positives',
  'negatives',
  'rows',
  'high',
  'labelled',
  'unknown',
  'compared',
  'matured',
  'decided',
  'undecided',
  'inWindow',
  'highProtocol',
  'requiredByLaw',
  'screenerDecided',
  'withShownScore',
  'withRecomputedScore',
  'informativeStrata',
  'clusters',
  'screenersUsed',
]);

/** Deletes `path` (dot-separated, `[]` for every element) from `value`; true when found. */
function dropPath(value: unknown, parts: readonly string[]): boolean {
  if (parts.length === 0 || value === null || typeof value !== 'object') return false;
  const [head, ...rest] = parts;
  const arr = head!.endsWith('[]');
  const key = arr ? head!.slice(0, -2) : head!;
  const o = value as Json;
  if (!(key in o)) return false;
  if (rest.length === 0 && !arr) {
    delete o[key];
    return true;
  }
  const next = o[key];
  if (arr && Array.isArray(next)) return next.map((v) => dropPath(v, rest)).some(Boolean);
  return dropPath(next, rest);
}

/** Walks `value`; throws E_PUBLISH_IDENTIFIER on an identifier-like field name. */
function checkIdentifiers(value: unknown, path: string, kind: string): void {
  if (Array.isArray(value)) {
    value.forEach((v) => checkIdentifiers(v, `${path}[]`, kind));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Json)) {
    const p = path === '' ? k : `${path}.${k}`;
    if (IDENTIFIER.test(k) && !(PSEUDONYMISE[kind] ?? []).includes(p)) {
      throw new SightlineError(
        'E_PUBLISH_IDENTIFIER',
        `${kind} field ${p} looks like an identifier (value ${JSON.stringify(v).slice(0, 60)}) and publish does not know it. Fix: drop or pseudonymise it in src/report/publish.ts before publishing.`,
        { path: p },
      );
    }
    checkIdentifiers(v, p, kind);
  }
}

/** Replaces the staff ids at `path` with "supervisor N" in order of first appearance. */
function pseudonymise(report: Json, path: string): boolean {
  const [arrKey, field] = path.split('[].');
  const parts = arrKey!.split('.');
  let node: unknown = report;
  for (const p of parts) node = (node as Json | null)?.[p];
  if (!Array.isArray(node)) return false;
  const names = new Map<string, string>();
  for (const row of node as Json[]) {
    const id = String(row[field!]);
    if (!names.has(id)) names.set(id, `supervisor ${names.size + 1}`);
    row[field!] = names.get(id);
  }
  return true;
}

/** Hides small integer counts under COUNT_KEYS that no table covered. */
function suppressLooseCounts(value: unknown, minCell: number, tally: Tally): void {
  if (Array.isArray(value)) return value.forEach((v) => suppressLooseCounts(v, minCell, tally));
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Json)) {
    if (COUNT_KEYS.has(k) && Number.isInteger(v) && (v as number) < minCell) {
      (value as Json)[k] = null;
      tally.primary++;
    } else suppressLooseCounts(v, minCell, tally);
  }
}

/** The data hash a report carries (the extract's, or the scored table's sha256). */
function dataHashOf(report: Json): string | null {
  const source = report.source as Json | undefined;
  const extract = source?.extract as Json | undefined;
  if (typeof extract?.dataHash === 'string') return extract.dataHash;
  if (typeof source?.sha256 === 'string') return `sha256:${source.sha256}`;
  return null;
}

/**
 * The public version of `value` (a parsed report.json) with counts below `minCell` suppressed.
 * @throws SightlineError E_PUBLISH_REPORT for a report kind it does not know, E_PUBLISH_IDENTIFIER
 *   for an identifier-like field it does not know.
 * @example publishReport(JSON.parse(text), { minCell: 10, provenance: { commit, file, sha256 } })
 */
export function publishReport(
  value: unknown,
  options: { minCell: number; provenance: PublishProvenance },
): PublicReport {
  const kind = (value as Json | null)?.report;
  if (typeof kind !== 'string' || !PUBLISHABLE.includes(kind)) {
    throw new SightlineError(
      'E_PUBLISH_REPORT',
      `${options.provenance.file} is a ${typeof kind === 'string' ? kind : 'file without a "report" tag'}; publish knows ${PUBLISHABLE.join(', ')}. Fix: give the report.json of sightline audit, process or monitor.`,
    );
  }
  const { minCell } = options;
  if (!Number.isInteger(minCell) || minCell < 1) {
    throw new SightlineError('E_USAGE', `invalid --min-cell: ${minCell} (a positive integer)`);
  }
  const report = structuredClone(value) as Json;
  const dropped = (DROP[kind] ?? []).filter((p) => dropPath(report, p.split('.')));
  const pseudonymised = (PSEUDONYMISE[kind] ?? []).filter((p) => pseudonymise(report, p));
  checkIdentifiers(report, '', kind);
  const tally = newTally();
  if (kind === 'sightline-audit/1') publishAudit(report, minCell, tally);
  if (kind === 'sightline-monitor/1') suppressSeries(report.series as Json[], minCell, tally);
  suppressBinomials(report, minCell, tally);
  if (kind === 'sightline-process/1') suppressFourWay(report, minCell, tally);
  const { source: _source, ...rest } = report;
  void _source;
  suppressLooseCounts(rest, minCell, tally);
  if (kind === 'sightline-audit/1') {
    const linked = withholdLinked(value as Json, report, minCell);
    tally.linked = linked.withheld;
    // The linked check sees every table of a grouping at once, so its verdict replaces the
    // per-table one (a range one table leaves narrow may be wide given what the others hide).
    tally.narrow = linked.remaining.length;
  }
  return {
    report: PUBLIC_REPORT_VERSION,
    of: kind,
    minCell,
    provenance: { ...options.provenance, dataHash: dataHashOf(report) },
    suppression: tally,
    dropped,
    pseudonymised,
    content: { ...rest, source: report.source },
  };
}
