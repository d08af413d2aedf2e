/**
 * The analysts' HTML reports that other commands write into the reports folder (`serve
 * --reports DIR`): the fairness and validity audit, the policy replay and the monitoring report.
 * Only these known files are served, to analysts, never an arbitrary path.
 */
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';

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

/** Each known report and whether it exists in `dir` (null: no reports folder configured). */
export async function availableReports(
  dir: string | null,
): Promise<(ReportFile & { readonly available: boolean })[]> {
  return Promise.all(
    REPORT_FILES.map(async (r) => ({
      ...r,
      available:
        dir !== null &&
        (await stat(join(dir, r.file)).then(
          (s) => s.isFile(),
          () => false,
        )),
    })),
  );
}

/** The HTML of a known report, or null when it is not there. */
export async function reportHtml(dir: string | null, id: string): Promise<string | null> {
  const r = REPORT_FILES.find((x) => x.id === id);
  if (dir === null || r === undefined) return null;
  return readFile(join(dir, r.file), 'utf8').catch(() => null);
}
