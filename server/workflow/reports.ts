/**
 * The analyst's aggregate reports on the service's own decisions: screen-in and override rates by
 * protocol, by household score, by household race (a "Black household" has anyone on the referral
 * recorded as black), by supervisor, and the screeners' own ratings against the score; and the
 * outcomes of disputes of records by household race, by who raised them and by grounds. Only counts
 * leave the store; a count under 5 is shown as "<5" and a rate over fewer than 5 calls as "–", so
 * no row points at a family. (Public releases need complementary suppression too; not these.)
 */
import {
  callTallies,
  disputeTallies,
  listUsers,
  statusCounts,
  type CallTally,
  type DisputeTally,
} from '../../src/store/index.js';
import type { Deps } from '../context.js';

/** Counts under this are suppressed. */
export const MIN_CELL = 5;

/** One table of the report: a title, column names, rows of shown cells, and how to read it. */
export interface ReportTable {
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly note: string;
}

/** The analyst's report. */
export interface ServiceReport {
  readonly generatedAt: string;
  readonly decided: string;
  readonly open: readonly { readonly status: string; readonly calls: string }[];
  readonly tables: readonly ReportTable[];
  readonly suppression: string;
}

/** A count as shown: "<5" under MIN_CELL (but 0 is 0). */
export function shownCount(n: number): string {
  return n > 0 && n < MIN_CELL ? `<${MIN_CELL}` : String(n);
}

/** A rate as shown: a percentage with one decimal, or "–" over fewer than MIN_CELL calls. */
export function shownRate(k: number, n: number): string {
  return n < MIN_CELL ? '–' : `${((100 * k) / n).toFixed(1)}%`;
}

interface Tally {
  calls: number;
  screenedIn: number;
  overrides: number;
  high: number;
}

function group(rows: readonly CallTally[], keyOf: (r: CallTally) => string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const r of rows) {
    const k = keyOf(r);
    const t = out.get(k) ?? { calls: 0, screenedIn: 0, overrides: 0, high: 0 };
    t.calls += r.n;
    if (r.decision === 'in') t.screenedIn += r.n;
    if (r.override === 1) t.overrides += r.n;
    if (r.protocol === 'high') t.high += r.n;
    out.set(k, t);
  }
  return out;
}

function rateRows(groups: Map<string, Tally>, order: readonly string[]): string[][] {
  return order
    .filter((k) => groups.has(k))
    .map((k) => {
      const t = groups.get(k)!;
      return [
        k,
        shownCount(t.calls),
        shownRate(t.screenedIn, t.calls),
        shownRate(t.overrides, t.calls),
      ];
    });
}

const RATE_COLUMNS = ['calls decided', 'screened in', 'overridden'];

function band(score: number | null): string {
  if (score === null) return 'not scored';
  const lo = Math.floor((score - 1) / 4) * 4 + 1;
  return `${lo}–${lo + 3}`;
}
const BANDS = ['1–4', '5–8', '9–12', '13–16', '17–20', 'not scored'];

const GROUNDS_WORDS: Readonly<Record<string, string>> = {
  wrong: 'wrong',
  not_theirs: 'not theirs',
  out_of_date: 'out of date',
};

/** Dispute outcomes grouped by `keyOf`, rows in `order`: counts and the accepted share. */
function disputeRows(
  rows: readonly DisputeTally[],
  keyOf: (r: DisputeTally) => string,
  order: readonly string[],
): string[][] {
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const t = out.get(keyOf(r)) ?? { open: 0, accepted: 0, rejected: 0 };
    t[r.status] = (t[r.status] ?? 0) + r.n;
    out.set(keyOf(r), t);
  }
  return order
    .filter((k) => out.has(k))
    .map((k) => {
      const t = out.get(k)!;
      const decided = t.accepted! + t.rejected!;
      return [
        k,
        shownCount(decided + t.open!),
        shownCount(t.open!),
        shownCount(t.accepted!),
        shownCount(t.rejected!),
        shownRate(t.accepted!, decided),
      ];
    });
}

const DISPUTE_COLUMNS = ['disputes', 'open', 'accepted', 'rejected', 'accepted of decided'];

/** The three tables of dispute outcomes. */
function disputeTables(rows: readonly DisputeTally[]): ReportTable[] {
  return [
    {
      id: 'disputes-race',
      title: 'Disputes of records by household race',
      columns: ['household', ...DISPUTE_COLUMNS],
      rows: disputeRows(
        rows,
        (r) => (r.household_race === 'black' ? 'Black household' : 'non-Black household'),
        ['Black household', 'non-Black household'],
      ),
      note: 'The household is the referral the dispute was raised on, defined as in the decisions table.',
    },
    {
      id: 'disputes-raised-by',
      title: 'Disputes of records by who raised them',
      columns: ['raised by', ...DISPUTE_COLUMNS],
      rows: disputeRows(rows, (r) => (r.raised_by_kind === 'family' ? 'family' : 'staff'), [
        'family',
        'staff',
      ]),
      note: 'Families dispute through their access to a referral; screeners from a call’s records.',
    },
    {
      id: 'disputes-grounds',
      title: 'Disputes of records by grounds',
      columns: ['grounds', ...DISPUTE_COLUMNS],
      rows: disputeRows(rows, (r) => GROUNDS_WORDS[r.grounds] ?? r.grounds, [
        'wrong',
        'not theirs',
        'out of date',
      ]),
      note: 'An accepted dispute supersedes the record (never erasing it) and re-scores the calls that read it.',
    },
  ];
}

/** Builds the report from the store's counts. */
export async function serviceReport(deps: Deps): Promise<ServiceReport> {
  const [rows, disputes] = await Promise.all([callTallies(deps.db), disputeTallies(deps.db)]);
  const names = new Map((await listUsers(deps.db)).map((u) => [u.user_id, u.display_name]));
  const total = rows.reduce((a, r) => a + r.n, 0);
  const protocols = group(rows, (r) =>
    r.law_required === 1 ? 'law requires investigation' : (r.protocol ?? 'not scored'),
  );
  const scores = group(rows, (r) =>
    r.household_score === null ? 'not scored' : String(r.household_score),
  );
  const race = group(rows, (r) =>
    r.household_race === 'black' ? 'Black household' : 'non-Black household',
  );
  const sup = group(rows, (r) => names.get(r.supervisor_id) ?? 'former staff');
  const cross = new Map<string, number>();
  for (const r of rows) {
    if (r.risk === null || r.safety === null) continue;
    const k = `${r.risk * r.safety}|${band(r.household_score)}`;
    cross.set(k, (cross.get(k) ?? 0) + r.n);
  }
  const own = [1, 2, 3, 4, 6, 9];
  const tables: ReportTable[] = [
    {
      id: 'protocol',
      title: 'Decisions by protocol shown',
      columns: ['protocol', ...RATE_COLUMNS],
      rows: rateRows(protocols, [
        'high',
        'none',
        'low',
        'law requires investigation',
        'not scored',
      ]),
      note: 'An override screens out a mandatory screen-in (high, or required by law) or screens in a low-risk household.',
    },
    {
      id: 'score',
      title: 'Screen-in rate by household score',
      columns: ['household score', ...RATE_COLUMNS],
      rows: rateRows(scores, [
        ...Array.from({ length: 20 }, (_, i) => String(i + 1)),
        'not scored',
      ]),
      note: 'A score is decision support about future placement, not evidence about the allegation.',
    },
    {
      id: 'race',
      title: 'Decisions by household race',
      columns: ['household', ...RATE_COLUMNS, 'high-risk protocol'],
      rows: rateRows(race, ['Black household', 'non-Black household']).map((r) => {
        const t = race.get(r[0]!)!;
        return [...r, shownRate(t.high, t.calls)];
      }),
      note: 'A "Black household" has at least one person on the referral recorded as black (Gerchick et al. 2023).',
    },
    {
      id: 'supervisor',
      title: 'Overrides by supervisor',
      columns: ['supervisor', ...RATE_COLUMNS],
      rows: rateRows(sup, [...sup.keys()].sort()),
      note: 'Allegheny saw about 1 in 4 mandatory screen-ins overridden, at rates that varied by supervisor.',
    },
    {
      id: 'ratings',
      title: "Screeners' own risk × safety against the household score",
      columns: ['risk × safety', ...BANDS],
      rows: own.map((o) => [
        String(o),
        ...BANDS.map((b) => shownCount(cross.get(`${o}|${b}`) ?? 0)),
      ]),
      note: 'Ratings are entered before the score is shown.',
    },
    ...disputeTables(disputes),
  ];
  return {
    generatedAt: new Date(deps.clock()).toISOString(),
    decided: shownCount(total),
    open: (await statusCounts(deps.db))
      .filter((s) => s.status !== 'decided')
      .map((s) => ({ status: s.status.replace(/_/g, ' '), calls: shownCount(s.n) })),
    tables,
    suppression: `Counts from 1 to ${MIN_CELL - 1} are shown as <${MIN_CELL}; rates over fewer than ${MIN_CELL} calls are not shown.`,
  };
}
