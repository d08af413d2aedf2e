/**
 * The ground truth of a synthetic run, kept out of the extract: per child-referral record, the
 * true placement risk the agency acted on, the stand-in tool's exact log-odds and score; per
 * referral, the screener's recommendation, whether the call came from the widened mandate, and
 * whether a wrong score was displayed. Audits are checked against it.
 */
import { csvField, DECISION } from '../contract/index.js';
import type { Layout } from './assemble.js';
import type { SimState } from './sim-state.js';

/** Header of the truth file, in column order. */
export const TRUTH_COLUMNS = [
  'referral_id',
  'person_id',
  'true_placement_risk',
  'tool_logit',
  'tool_score',
  'recommendation',
  'law_extra_call',
  'wrong_score_displayed',
] as const;

/** The truth file as CSV text, one row per child-referral record, referrals in time order. */
export function truthCsv(s: SimState, layout: Layout): string {
  const r = s.refs;
  const rows = s.rows;
  const nr = layout.order.length;
  const out: string[] = [TRUTH_COLUMNS.join(',')];
  for (let i = 0; i < nr; i++) {
    const j = layout.order[i]!;
    const end = j + 1 < nr ? r.rowStart.get(j + 1) : rows.person.length;
    const rec = DECISION[r.recommendation.get(j)] ?? '';
    const shown = r.shownScore.get(j) > 0;
    for (let x = r.rowStart.get(j); x < end; x++) {
      const risk = rows.trueRisk.get(x);
      if (Number.isNaN(risk)) continue;
      const score = rows.correctScore.get(x);
      const cells = [
        layout.referralId[i]!,
        layout.personId[rows.person.get(x)]!,
        risk.toPrecision(8),
        rows.toolLogit.get(x).toPrecision(8),
        score > 0 ? score : '',
        rec,
        r.lawExtra.get(j),
        shown ? r.wrongDisplay.get(j) : '',
      ];
      out.push(cells.map((c) => csvField(String(c))).join(','));
    }
  }
  out.push('');
  return out.join('\n');
}
