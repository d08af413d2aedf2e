/**
 * The analysts' HTML reports that other commands write into the reports folder (`serve
 * --reports DIR`): the fairness and validity audit, the policy replay and the monitoring report.
 * Only these known files are served, to analysts, never an arbitrary path.
 *
 * Analysts see aggregates only. The audit and monitoring reports hold nothing else (groups,
 * periods and measures), but a policy replay built with `--examples N` lists referral and person
 * ids of example pairs. So a replay is served only when the report.json written beside its HTML
 * says it has no examples — and a replay whose JSON is missing or not a replay's is refused too,
 * since then nothing says what its HTML holds.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { REPLAY_REPORT_VERSION } from '../../src/audit/index.js';
import { EXAMPLE_PAIRS_CAPTION } from '../../src/report/index.js';
import { fail } from '../errors.js';

/** A report the service can link to. */
export interface ReportFile {
  readonly id: 'audit' | 'replay' | 'monitoring';
  readonly title: string;
  /** Path inside the reports folder. */
  readonly file: string;
  /** How to produce it when it is missing. */
  readonly howTo: string;
}

/** The known reports, in the order the analyst's page lists them. */
export const REPORT_FILES: readonly ReportFile[] = [
  {
    id: 'audit',
    title: 'Fairness and validity audit',
    file: 'audit/report.html',
    howTo: 'sightline audit COUNTY --model MODEL --out REPORTS/audit',
  },
  {
    id: 'replay',
    title: 'Policy replay: design decisions as policies',
    file: 'replay/report.html',
    howTo: 'sightline replay COUNTY --model MODEL --out REPORTS/replay',
  },
  {
    id: 'monitoring',
    title: 'Monitoring: scores, predictors, performance and drift',
    file: 'monitoring/report.html',
    howTo: 'sightline monitor COUNTY --model MODEL --out REPORTS/monitoring',
  },
];

/**
 * Why the service will not serve report `r` of `dir` to an analyst, or null when it may: a replay
 * whose report.json is missing, is not a replay's, or says it lists example ids. The HTML is
 * checked for the examples table as well, in case it was copied in from another build (`html`
 * reads it, and only a replay's is read).
 */
async function withheldWhy(
  dir: string,
  r: ReportFile,
  html: () => Promise<string | null>,
): Promise<string | null> {
  if (r.id !== 'replay') return null;
  const rebuild = `Fix: ask the administrator to rebuild it without --examples (${r.howTo}).`;
  const report = await readJson(join(dir, 'replay', 'report.json'));
  if (report?.report !== REPLAY_REPORT_VERSION) {
    return `the policy replay report is not served: replay/report.json is missing or is not the JSON of a policy replay, so nothing says whether the page lists referral and person ids. ${rebuild}`;
  }
  const counterfactual = report.counterfactual;
  const listed =
    (report.options as { examples?: unknown } | undefined)?.examples !== 0 ||
    !Array.isArray(counterfactual) ||
    counterfactual.some((c: { pairs?: { examples?: unknown } } | null) => {
      const examples = c?.pairs?.examples;
      return !Array.isArray(examples) || examples.length > 0;
    }) ||
    ((await html())?.includes(EXAMPLE_PAIRS_CAPTION) ?? false);
  return listed
    ? `the policy replay report is not served: it was built with --examples and lists referral and person ids, which analysts may not see. ${rebuild}`
    : null;
}

/** The JSON object in `path`, or null when it is missing or not a JSON object. */
async function readJson(path: string): Promise<Record<string, unknown> | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  try {
    const value: unknown = text === null ? null : JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The HTML of report `r` in `dir`, or null when it is not there (or not a file). */
async function readReport(dir: string, r: ReportFile): Promise<string | null> {
  return readFile(join(dir, r.file), 'utf8').catch(() => null);
}

/**
 * Each known report, whether it exists in `dir` (null: no reports folder configured), and why it
 * is withheld from analysts when it is (null: it is served).
 */
export async function availableReports(
  dir: string | null,
): Promise<(ReportFile & { readonly available: boolean; readonly withheld: string | null })[]> {
  return Promise.all(
    REPORT_FILES.map(async (r) => {
      // Only a replay's page is read (for its examples table); the others need only be there.
      const available =
        dir !== null &&
        (await stat(join(dir, r.file)).then(
          (f) => f.isFile(),
          () => false,
        ));
      const withheld = available ? await withheldWhy(dir, r, () => readReport(dir, r)) : null;
      return { ...r, available, withheld };
    }),
  );
}

/**
 * The HTML of a known report, or null when it is not there.
 * @throws SightlineError E_REPORT_WITHHELD when it may hold individual records (withheldWhy).
 */
export async function reportHtml(dir: string | null, id: string): Promise<string | null> {
  const r = REPORT_FILES.find((x) => x.id === id);
  if (dir === null || r === undefined) return null;
  const html = await readReport(dir, r);
  if (html === null) return null;
  const why = await withheldWhy(dir, r, async () => html);
  if (why !== null) fail('E_REPORT_WITHHELD', why);
  return html;
}
