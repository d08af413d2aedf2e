/**
 * `sightline validate DIR`: reads a county extract with every check of the data contract and
 * reports, per table, the rows read, loaded and rejected (rowsRead = rowsLoaded + rowsRejected)
 * with counts per reason, plus the issues found; rejected rows go to a rejects file (CSV, one line
 * per problem). Exit 0 when nothing was rejected, 1 when rows were rejected or the extract cannot
 * be read at all, 2 for usage errors.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SightlineError, check, isSightlineError, writeFileAtomic } from '../../src/core/index.js';
import {
  DEFAULT_MAX_FIELD_BYTES,
  REASONS,
  REASON_CODES,
  readExtract,
  reasonsText,
  rejectsCsv,
  totalRejected,
  type Manifest,
  type ReasonCode,
  type ValidationReport,
} from '../../src/contract/index.js';
import { intOpt, stringOpt, type Args, type Command, type Io } from '../command.js';

/** Rejects file written when rows are rejected and --rejects is not given (current folder). */
export const DEFAULT_REJECTS_FILE = 'rejects.csv';
/** Problems listed in the text summary; the rejects file has all of them. */
const SHOWN_REJECTS = 10;
/** Problems listed in the --json report; the rejects file has all of them. */
const JSON_REJECTS = 1000;

/** Where the rejects went: the path written, or why nothing was written. */
interface RejectsOutcome {
  readonly path: string | null;
  readonly note: string | null;
  readonly failed: boolean;
}

/** The absolute path with symlinks resolved as far as the path exists. */
async function canonical(path: string): Promise<string> {
  const abs = resolve(path);
  try {
    return await realpath(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(await canonical(parent), basename(abs));
  }
}

/** True when `path` is the folder `dir` or lies anywhere inside it. */
async function isInside(dir: string, path: string): Promise<boolean> {
  const rel = relative(await canonical(dir), await canonical(path));
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/** Reads and checks the options; throws E_USAGE with the fix. */
async function readOptions(args: Args) {
  const dir = args.positionals[0]!;
  const maxFieldBytes = intOpt(args, 'validate', 'max-field-bytes', DEFAULT_MAX_FIELD_BYTES);
  if (maxFieldBytes < 1) {
    throw new SightlineError(
      'E_USAGE',
      `invalid --max-field-bytes: ${maxFieldBytes} (sightline validate needs a positive integer)`,
    );
  }
  const rejects = stringOpt(args, 'rejects');
  if (rejects !== undefined && (rejects === '' || (await isInside(dir, rejects)))) {
    throw new SightlineError(
      'E_USAGE',
      `invalid --rejects: "${rejects}" ${rejects === '' ? 'is empty' : `is inside the extract folder ${dir}`}. Fix: write the rejects file outside the extract, e.g. --rejects ${basename(resolve(dir))}.rejects.csv.`,
    );
  }
  return {
    dir,
    maxFieldBytes,
    rejects,
    json: args.values['json'] === true,
    allowRejects: args.values['allow-rejects'] === true,
  };
}

/** Writes the rejects file (explicit path always; default path only when rows were rejected). */
async function writeRejects(
  report: ValidationReport,
  dir: string,
  explicit: string | undefined,
): Promise<RejectsOutcome> {
  if (explicit === undefined && report.rejects.length === 0) {
    return { path: null, note: null, failed: false };
  }
  const path = explicit ?? DEFAULT_REJECTS_FILE;
  if (explicit === undefined && (await isInside(dir, path))) {
    return {
      path: null,
      note: `rejects file not written: the current folder is inside the extract folder. Fix: pass --rejects FILE outside ${dir}.`,
      failed: false,
    };
  }
  try {
    await writeFileAtomic(path, rejectsCsv(report.rejects));
    return { path, note: null, failed: false };
  } catch (e) {
    return {
      path: null,
      note: `rejects file not written: cannot write ${path}: ${(e as Error).message}. Fix: give --rejects a writable file path.`,
      failed: true,
    };
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const oneLine = (text: string): string => text.replaceAll('\r', '\\r').replaceAll('\n', '\\n');

/** Row totals over all tables. */
function totals(report: ValidationReport) {
  const sum = (f: (t: ValidationReport['tables'][number]) => number) =>
    report.tables.reduce((s, t) => s + f(t), 0);
  return {
    rowsRead: sum((t) => t.rowsRead),
    rowsLoaded: sum((t) => t.rowsLoaded),
    rowsRejected: totalRejected(report),
    problems: report.rejects.length,
  };
}

/** The per-table table of the text summary, columns padded to fit. */
function tableLines(report: ValidationReport): string[] {
  const t = totals(report);
  const rows = [
    ['table', 'format', 'read', 'loaded', 'rejected', 'reasons'],
    ...report.tables.map((x) => [
      x.table,
      x.format,
      String(x.rowsRead),
      String(x.rowsLoaded),
      String(x.rowsRejected),
      reasonsText(x),
    ]),
    ['total', '', String(t.rowsRead), String(t.rowsLoaded), String(t.rowsRejected), ''],
  ];
  const width = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) =>
    r
      .map((cell, j) => (j >= 2 && j <= 4 ? cell.padStart(width[j]!) : cell.padEnd(width[j]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** Problems per reason code over all tables, in REASON_CODES order (codes found only). */
function reasonTotals(report: ValidationReport): [ReasonCode, number][] {
  return REASON_CODES.map((c): [ReasonCode, number] => [
    c,
    report.tables.reduce((s, t) => s + (t.byReason[c] ?? 0), 0),
  ]).filter(([, n]) => n > 0);
}

/** The reasons legend and the first rejects, for the text summary. */
function rejectLines(report: ValidationReport): string[] {
  const problems = report.rejects.length;
  if (problems === 0) return [];
  const reasons = reasonTotals(report);
  const width = Math.max(...reasons.map(([c]) => c.length));
  const lines = ['', 'Reasons:'];
  for (const [c, n] of reasons) {
    lines.push(
      `  ${c.padEnd(width)}  ${String(n).padStart(String(problems).length)}  ${REASONS[c]}`,
    );
  }
  lines.push('', `Rejects (first ${Math.min(SHOWN_REJECTS, problems)} of ${problems}):`);
  for (const r of report.rejects.slice(0, SHOWN_REJECTS)) {
    const where = `${r.table} row ${r.row}${r.line === undefined ? '' : ` (line ${r.line})`}`;
    const column = r.column === '' ? '' : ` ${r.column}`;
    lines.push(`  ${where}${column}: ${oneLine(r.reason)} [${r.code}]`);
  }
  return lines;
}

/** The last line of the text summary: the verdict that matches the exit code. */
function verdict(report: ValidationReport, out: RejectsOutcome, allowRejects: boolean): string {
  const t = totals(report);
  const problems = plural(t.problems, 'problem');
  if (out.failed) return 'FAILED: the rejects file could not be written.';
  if (t.rowsRejected === 0) return `OK: all ${plural(t.rowsRead, 'row')} loaded, nothing rejected.`;
  if (allowRejects) {
    return `OK with --allow-rejects: ${t.rowsLoaded} of ${t.rowsRead} rows load; ${t.rowsRejected} rejected (${problems}).`;
  }
  return `FAILED: ${t.rowsRejected} of ${t.rowsRead} rows rejected (${problems}). Fix: correct them, or pass --allow-rejects to accept loading the other ${t.rowsLoaded}.`;
}

/** The human-readable summary. */
function summaryText(
  report: ValidationReport,
  manifest: Manifest,
  out: RejectsOutcome,
  allowRejects: boolean,
): string {
  const lines = [
    `Extract ${report.dir} (${manifest.name}, contract ${manifest.contract}, as_of ${manifest.as_of})`,
    '',
    ...tableLines(report),
    ...rejectLines(report),
  ];
  if (report.issues.length > 0) {
    lines.push('', 'Issues:');
    for (const i of report.issues) lines.push(`  ${i.severity} ${i.code}: ${oneLine(i.message)}`);
  }
  lines.push('');
  if (out.path !== null) {
    lines.push(`Rejects file: ${out.path} (${plural(report.rejects.length, 'problem')}).`);
  }
  if (out.note !== null) lines.push(out.note);
  lines.push(verdict(report, out, allowRejects));
  return `${lines.join('\n')}\n`;
}

/** The --json report. */
function jsonReport(
  report: ValidationReport,
  manifest: Manifest,
  out: RejectsOutcome,
  allowRejects: boolean,
  exitCode: number,
) {
  return {
    ok: exitCode === 0,
    exitCode,
    dir: report.dir,
    manifest,
    allowRejects,
    totals: totals(report),
    tables: report.tables,
    issues: report.issues,
    rejects: report.rejects.slice(0, JSON_REJECTS),
    rejectsOmitted: Math.max(0, report.rejects.length - JSON_REJECTS),
    rejectsFile: out.path,
    note: out.note,
  };
}

async function run(args: Args, io: Io): Promise<number> {
  const opts = await readOptions(args);
  let read;
  try {
    read = await readExtract(opts.dir, { allowRejects: true, maxFieldBytes: opts.maxFieldBytes });
  } catch (e) {
    if (!opts.json || !isSightlineError(e)) throw e;
    const error = { code: e.code, message: e.message, details: e.details };
    io.out(`${JSON.stringify({ ok: false, exitCode: 1, dir: opts.dir, error }, null, 2)}\n`);
    return 1;
  }
  const { report } = read;
  for (const t of report.tables) {
    check(t.rowsRead === t.rowsLoaded + t.rowsRejected, `${t.table}: rows do not add up`);
  }
  const out = await writeRejects(report, opts.dir, opts.rejects);
  const rejected = totalRejected(report) > 0;
  const exitCode = out.failed || (rejected && !opts.allowRejects) ? 1 : 0;
  const manifest = read.extract.manifest;
  if (opts.json) {
    const body = jsonReport(report, manifest, out, opts.allowRejects, exitCode);
    io.out(`${JSON.stringify(body, null, 2)}\n`);
  } else io.out(summaryText(report, manifest, out, opts.allowRejects));
  return exitCode;
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a county extract against the data contract and report every rejected row',
  usage: 'DIR [--json] [--rejects FILE] [--allow-rejects] [--max-field-bytes N]',
  description: [
    'Reads the extract folder DIR (manifest.json and the four tables as CSV or Parquet) with the',
    'checks every Sightline command applies, and prints per table the rows read, loaded and',
    'rejected (read = loaded + rejected), the count per reason, and the issues found.',
    '',
    'Rejects file: CSV with the header table,row,line,column,value,code,reason and one line per',
    `problem. Written to --rejects FILE (even when empty), else to ./${DEFAULT_REJECTS_FILE} in the`,
    'current folder only when rows are rejected; an existing file is replaced atomically. It is',
    'never written inside DIR.',
    '',
    'Exit status: 0 nothing rejected (or --allow-rejects and the extract is readable), 1 rows',
    'rejected, the extract unreadable (missing table, bad manifest...) or the rejects file not',
    'writable, 2 usage error.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', help: 'print the report as JSON (at most 1000 rejects listed)' },
    rejects: {
      type: 'string',
      value: 'FILE',
      help: `write the rejects file to FILE, outside DIR (default: ./${DEFAULT_REJECTS_FILE}, only when rows are rejected)`,
    },
    'allow-rejects': {
      type: 'boolean',
      help: 'exit 0 even when rows are rejected, as commands run with --allow-rejects load the rest',
    },
    'max-field-bytes': {
      type: 'string',
      value: 'N',
      default: String(DEFAULT_MAX_FIELD_BYTES),
      help: 'reject rows with a field longer than N bytes (UTF-8)',
    },
  },
  positionals: [1, 1],
  run,
};
