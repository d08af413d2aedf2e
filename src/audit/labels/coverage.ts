/**
 * Label coverage: whose outcome the data can show. The county sees a child's placement only when
 * someone investigates, so each matured child-referral record is one of
 * - `screened_in`: investigated on this call; its outcome is observed;
 * - `out_then_screened_in`: screened out, then named on another referral received within two
 *   years that was screened in; its outcome is partly observed, through the later investigation;
 * - `out_unobserved`: screened out and not screened in again within two years; the extract's 0
 *   means "not seen", not "did not happen" — its outcome under investigation is unknown;
 * - `undecided`: no screening decision recorded.
 */
import { MS_PER_DAY } from '../../core/index.js';
import { DECISION } from '../../contract/index.js';
import type { RecordTable } from '../../features/index.js';
import { rateCell, withAll, type RateCell } from '../process/index.js';

/** The statuses, in code order. */
export const LABEL_STATUS = [
  'screened_in',
  'out_then_screened_in',
  'out_unobserved',
  'undecided',
] as const;
export type LabelStatus = (typeof LABEL_STATUS)[number];

const IN = DECISION.indexOf('in');
const OUT = DECISION.indexOf('out');
const WINDOW_MS = 730 * MS_PER_DAY;

/**
 * Status code (index into LABEL_STATUS) of every record. A later referral counts when it is
 * received in (received_at, received_at + 730 days] and was screened in.
 * @example LABEL_STATUS[labelStatus(fs.records)[0]]
 */
export function labelStatus(r: RecordTable): Int8Array {
  const out = new Int8Array(r.n);
  const byChild = recordsByChild(r);
  for (let i = 0; i < r.n; i++) {
    const d = r.decision[i]!;
    out[i] = d === IN ? 0 : d === OUT ? 2 : 3;
  }
  for (let c = 0; c + 1 < byChild.start.length; c++) {
    for (let a = byChild.start[c]!; a < byChild.start[c + 1]!; a++) {
      const i = byChild.order[a]!;
      if (out[i] !== 2) continue;
      const t0 = r.receivedAt[i]!;
      for (let b = a + 1; b < byChild.start[c + 1]!; b++) {
        const j = byChild.order[b]!;
        const t = r.receivedAt[j]!;
        if (t > t0 + WINDOW_MS) break;
        if (t > t0 && r.decision[j] === IN) {
          out[i] = 1;
          break;
        }
      }
    }
  }
  return out;
}

/** Record indices grouped by child (counting sort), each child's records in time order. */
function recordsByChild(r: RecordTable): { order: Uint32Array; start: Uint32Array } {
  let max = 0;
  for (let i = 0; i < r.n; i++) if (r.child[i]! > max) max = r.child[i]!;
  const start = new Uint32Array(max + 2);
  for (let i = 0; i < r.n; i++) start[r.child[i]! + 1]!++;
  for (let c = 0; c <= max; c++) start[c + 1]! += start[c]!;
  const fill = start.slice();
  const order = new Uint32Array(r.n);
  for (let i = 0; i < r.n; i++) order[fill[r.child[i]!]!++] = i;
  for (let c = 0; c <= max; c++) {
    const part = order.subarray(start[c]!, start[c + 1]!);
    if (part.length > 1) part.sort((a, b) => r.receivedAt[a]! - r.receivedAt[b]! || a - b);
  }
  return { order, start };
}

/** One cell of the coverage table. */
export interface CoverageRow {
  readonly status: LabelStatus | 'all';
  readonly group: string;
  readonly records: number;
  /** Share of the group's records in this status. */
  readonly share: number;
  /** Records with the outcome recorded (label 1), as a rate of the cell's records. */
  readonly positive: RateCell;
}

/**
 * Coverage by status and group over `rows` (matured records): counts, shares and the recorded
 * outcome rate. `group` codes index `groups`; `label` is 1/0.
 */
export function labelCoverage(
  status: Int8Array,
  label: Int8Array,
  group: Int8Array,
  groups: readonly string[],
  rows: Uint32Array,
): CoverageRow[] {
  const G = groups.length;
  const S = LABEL_STATUS.length;
  const n = new Float64Array((S + 1) * (G + 1));
  const k = new Float64Array((S + 1) * (G + 1));
  for (const i of rows) {
    const g = group[i]!;
    const pos = label[i] === 1 ? 1 : 0;
    for (const s of [status[i]!, S]) {
      for (const gg of g >= 0 && g < G ? [g, G] : [G]) {
        n[s * (G + 1) + gg]!++;
        k[s * (G + 1) + gg]! += pos;
      }
    }
  }
  const labels = withAll(groups);
  const out: CoverageRow[] = [];
  for (let s = 0; s <= S; s++) {
    for (let g = 0; g <= G; g++) {
      const c = s * (G + 1) + g;
      out.push({
        status: s < S ? LABEL_STATUS[s]! : 'all',
        group: labels[g]!,
        records: n[c]!,
        share: n[c]! / n[S * (G + 1) + g]!,
        positive: rateCell(k[c]!, n[c]!),
      });
    }
  }
  return out;
}
