/**
 * Reads a table of scores recomputed now (CSV with a `referral_id` column and a score column; one
 * row per referral, or one per child, in which case the referral's score is the maximum, as
 * screeners saw the household maximum) and aligns it with the extract's referral rows. The
 * synthetic county's truth file (`tool_score`) is such a table.
 */
import { SightlineError, issue, type Issue } from '../../core/index.js';
import { parseCsvText } from '../../contract/index.js';

/** Scores aligned with referral rows (NaN where the table has none), and the accounting. */
export interface RecomputedScores {
  readonly scores: Float64Array;
  readonly rows: number;
  /** Rows with an empty score cell (left out). */
  readonly empty: number;
  /** Referrals of the extract that got a score. */
  readonly matched: number;
  readonly issues: readonly Issue[];
}

/**
 * Parses `text` and aligns it with `referralIds`.
 * @throws SightlineError E_RECOMPUTED when a column is missing or a score is not a number, naming
 *   the line, the value and the fix.
 * @example recomputedScores(csv, 'tool_score', extract.referrals.referral_id, 'county.truth.csv')
 */
export function recomputedScores(
  text: string,
  column: string,
  referralIds: readonly (string | null)[],
  source: string,
): RecomputedScores {
  const lines = parseCsvText(text).filter((l) => !(l.fields.length === 1 && l.fields[0] === ''));
  const header = lines[0]?.fields ?? [];
  const idCol = header.indexOf('referral_id');
  const scoreCol = header.indexOf(column);
  if (idCol < 0 || scoreCol < 0) {
    throw new SightlineError(
      'E_RECOMPUTED',
      `${source} needs the columns referral_id and ${column}; its header has ${header.slice(0, 8).join(', ') || 'nothing'}. Fix: name the score column with --recomputed-column.`,
    );
  }
  const byId = new Map<string, number>();
  let empty = 0;
  for (const l of lines.slice(1)) {
    const cell = l.fields[scoreCol] ?? '';
    if (l.malformed !== null) {
      throw new SightlineError(
        'E_RECOMPUTED',
        `${source} line ${l.line}: ${l.malformed}. Fix: write the table as RFC 4180 CSV.`,
      );
    }
    if (cell.trim() === '') {
      empty++;
      continue;
    }
    const v = Number(cell);
    if (!Number.isFinite(v)) {
      throw new SightlineError(
        'E_RECOMPUTED',
        `${source} line ${l.line}, column ${column}: ${JSON.stringify(cell)} is not a number. Fix: give numeric scores (or leave the cell empty).`,
      );
    }
    const id = l.fields[idCol] ?? '';
    byId.set(id, Math.max(byId.get(id) ?? -Infinity, v));
  }
  const scores = new Float64Array(referralIds.length).fill(NaN);
  let matched = 0;
  referralIds.forEach((id, r) => {
    const v = id === null ? undefined : byId.get(id);
    if (v !== undefined) {
      scores[r] = v;
      matched++;
    }
  });
  const issues: Issue[] = [];
  if (matched < byId.size) {
    issues.push(
      issue(
        'W_RECOMPUTED_UNMATCHED',
        'warning',
        `${byId.size - matched} referral ids of ${source} are not in the extract and were ignored.`,
      ),
    );
  }
  return { scores, rows: lines.length - 1, empty, matched, issues };
}
