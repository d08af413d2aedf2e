/**
 * County statistics computed from an Extract alone, with the contract's derived definitions:
 * a child-referral record is a (referral, person) with role alleged_victim or child; the
 * household is everyone on the referral; history is what started strictly before the call day;
 * placement_2y is a child_welfare/placement start in (call day, call day + 730]; re_referral_2y
 * is being named on another referral received in (received_at, received_at + 730 days].
 */
import { MS_PER_DAY, parseDate } from '../core/index.js';
import { DECISION, type Extract, PROTOCOL, RACE, ROLE, SOURCE } from '../contract/index.js';
import { buildIndex, type CountyIndex } from './county-index.js';

/** Options of summarizeCounty; dates are YYYY-MM-DD. */
export interface SummaryOptions {
  readonly windowFrom?: string;
  /** Exclusive end of the window. */
  readonly windowTo?: string;
  readonly lawDate?: string;
  readonly deployDate?: string;
}

/** What summarizeCounty measures (rates are shares in [0, 1]). */
export interface CountySummary {
  readonly referrals: number;
  readonly child_records: number;
  readonly distinct_children: number;
  readonly screened_in_referrals: number;
  readonly screened_in_share: number;
  readonly screened_in_records: number;
  readonly placement_2y_screened_in: number;
  readonly re_referral_2y_screened_out: number;
  readonly jpo_black: number;
  readonly jpo_non_black: number;
  readonly jail_black: number;
  readonly jail_non_black: number;
  readonly benefits_black: number;
  readonly benefits_non_black: number;
  readonly child_black_share: number;
  readonly child_white_share: number;
  readonly mandatory_allegation_share: number;
  readonly law_volume_ratio: number;
  readonly high_protocol_override_rate: number;
  readonly override_rate_by_supervisor: Readonly<Record<string, number>>;
  readonly monthly_referrals: Readonly<Record<string, number>>;
  readonly persons: number;
  readonly events: number;
  readonly events_by_source: Readonly<Record<string, number>>;
}

const day = (text: string): number => parseDate(text);

/** Measures the county targets and process figures from an extract. */
export function summarizeCounty(x: Extract, opt: SummaryOptions = {}): CountySummary {
  const ix = buildIndex(x);
  const w0 = day(opt.windowFrom ?? '2010-04-01') * MS_PER_DAY;
  const w1 = day(opt.windowTo ?? '2014-08-01') * MS_PER_DAY;
  const r = x.referrals;
  const IN = DECISION.indexOf('in');
  const c = { refs: 0, recs: 0, inRefs: 0, inRecs: 0, placed: 0, outRecs: 0, reRef: 0, mand: 0 };
  const c2 = { black: 0, white: 0 };
  const hh = { b: [0, 0, 0, 0], n: [0, 0, 0, 0] };
  const children = new Set<number>();
  for (let i = 0; i < r.n; i++) {
    const t = r.received_at[i]!;
    if (t < w0 || t >= w1) continue;
    c.refs++;
    const isIn = r.screening_decision[i] === IN;
    if (isIn) c.inRefs++;
    if (r.allegation[i] === 1 || r.allegation[i] === 2) c.mand++;
    const callDay = Math.floor(t / MS_PER_DAY);
    const kids = recordsOf(ix, i);
    for (const p of kids) {
      c.recs++;
      children.add(p);
      if (x.persons.race[p] === RACE.indexOf('black')) c2.black++;
      if (x.persons.race[p] === RACE.indexOf('white')) c2.white++;
      if (isIn) {
        c.inRecs++;
        if (anyIn(ix.placements, p, callDay + 0.5, callDay + 730)) c.placed++;
      } else {
        c.outRecs++;
        if (anyIn(ix.referralTimes, p, t + 0.5, t + 730 * MS_PER_DAY)) c.reRef++;
      }
    }
    householdFlags(x, ix, i, callDay, hh);
  }
  const proc = processFigures(x, opt);
  return {
    referrals: c.refs,
    child_records: c.recs,
    distinct_children: children.size,
    screened_in_referrals: c.inRefs,
    screened_in_share: c.inRefs / c.refs,
    screened_in_records: c.inRecs,
    placement_2y_screened_in: c.placed / c.inRecs,
    re_referral_2y_screened_out: c.reRef / c.outRecs,
    jpo_black: hh.b[1]! / hh.b[0]!,
    jpo_non_black: hh.n[1]! / hh.n[0]!,
    jail_black: hh.b[2]! / hh.b[0]!,
    jail_non_black: hh.n[2]! / hh.n[0]!,
    benefits_black: hh.b[3]! / hh.b[0]!,
    benefits_non_black: hh.n[3]! / hh.n[0]!,
    child_black_share: c2.black / c.recs,
    child_white_share: c2.white / c.recs,
    mandatory_allegation_share: c.mand / c.refs,
    ...proc,
    persons: x.persons.n,
    events: x.events.n,
    events_by_source: Object.fromEntries(SOURCE.map((s, k) => [s, ix.sourceCounts[k]!])),
  };
}

/** Distinct persons with role alleged_victim or child on referral i. */
export function recordsOf(ix: CountyIndex, i: number): number[] {
  const out: number[] = [];
  for (let j = ix.rpStart[i]!; j < ix.rpStart[i + 1]!; j++) {
    const role = ix.rpRole[j]!;
    if (role !== ROLE.indexOf('alleged_victim') && role !== ROLE.indexOf('child')) continue;
    const p = ix.rpPerson[j]!;
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** True when the sorted CSR list of person p has a value in (lo, hi]. */
function anyIn(
  list: { start: Int32Array; values: Float64Array },
  p: number,
  lo: number,
  hi: number,
): boolean {
  for (let j = list.start[p]!; j < list.start[p + 1]!; j++) {
    const v = list.values[j]!;
    if (v > lo && v <= hi) return true;
  }
  return false;
}

function householdFlags(
  x: Extract,
  ix: CountyIndex,
  i: number,
  callDay: number,
  hh: { b: number[]; n: number[] },
): void {
  let black = false;
  const flags = [1, 0, 0, 0];
  const jpo = SOURCE.indexOf('juvenile_probation');
  const jail = SOURCE.indexOf('jail');
  const ben = SOURCE.indexOf('public_benefits');
  for (let j = ix.rpStart[i]!; j < ix.rpStart[i + 1]!; j++) {
    const p = ix.rpPerson[j]!;
    if (x.persons.race[p] === RACE.indexOf('black')) black = true;
    if (ix.firstStart[jpo]![p]! < callDay) flags[1] = 1;
    if (ix.firstStart[jail]![p]! < callDay) flags[2] = 1;
    if (ix.firstStart[ben]![p]! < callDay) flags[3] = 1;
  }
  const acc = black ? hh.b : hh.n;
  for (let q = 0; q < 4; q++) acc[q] = acc[q]! + flags[q]!;
}

function processFigures(x: Extract, opt: SummaryOptions) {
  const r = x.referrals;
  const law = day(opt.lawDate ?? '2015-01-01') * MS_PER_DAY;
  const monthly: Record<string, number> = {};
  for (let i = 0; i < r.n; i++) {
    const key = new Date(r.received_at[i]!).toISOString().slice(0, 7);
    monthly[key] = (monthly[key] ?? 0) + 1;
  }
  const lawKey = new Date(law).toISOString().slice(0, 7);
  const keys = Object.keys(monthly).sort();
  const at = keys.indexOf(lawKey);
  const mean = (ks: string[]) => ks.reduce((a, k) => a + monthly[k]!, 0) / Math.max(1, ks.length);
  const law_volume_ratio =
    at < 0 ? NaN : mean(keys.slice(at, at + 24)) / mean(keys.slice(Math.max(0, at - 24), at));
  const bySup: Record<string, [number, number]> = {};
  let high = 0;
  let over = 0;
  for (let i = 0; i < r.n; i++) {
    if (r.shown_protocol[i] !== PROTOCOL.indexOf('high')) continue;
    high++;
    const o = r.override[i] === 1 ? 1 : 0;
    over += o;
    const sup = r.supervisor_id[i] ?? '';
    const acc = (bySup[sup] ??= [0, 0]);
    acc[0]++;
    acc[1] += o;
  }
  const override_rate_by_supervisor = Object.fromEntries(
    Object.entries(bySup)
      .filter(([, [n]]) => n >= 30)
      .map(([id, [n, o]]) => [id, o / n]),
  );
  return {
    law_volume_ratio,
    high_protocol_override_rate: over / high,
    override_rate_by_supervisor,
    monthly_referrals: monthly,
  };
}
