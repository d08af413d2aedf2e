/**
 * The decision table: one row per referral (a call about a household), holding what the county
 * recorded about how it was decided — the screener's risk and safety ratings (entered before any
 * score), the score and protocol that were shown, the decision, the supervisor and any override —
 * plus the household's race group and, when the caller has one, the score recomputed now.
 *
 * Household race follows the features layer (Gerchick et al. 2023): a referral is a Black
 * household when anyone named on it is recorded as black. The screener's own recommendation is
 * not in the data contract, so it is not here: where a protocol decided, only the decision is known.
 */
import { dayOf } from '../../core/index.js';
import { ALLEGATION, DECISION, RACE, ROLE, type Extract } from '../../contract/index.js';
import { HOUSEHOLD_RACE } from '../../features/index.js';

/** The per-referral process record (columns of length n, in the extract's referral order). */
export interface DecisionTable {
  readonly n: number;
  readonly referralId: readonly string[];
  /** Day number of the call (days since 1970-01-01, UTC). */
  readonly day: Float64Array;
  /** Index into HOUSEHOLD_RACE (0 black household, 1 not); −1 when nobody is named. */
  readonly group: Int8Array;
  readonly groups: readonly string[];
  /** 1 when the law requires an investigation (abuse, severe neglect): no screening decision. */
  readonly mandatory: Uint8Array;
  /** Code into the contract's ALLEGATION. */
  readonly allegation: Int8Array;
  /** 1 screened in, 0 screened out, −1 not recorded. */
  readonly screenedIn: Int8Array;
  /** Code into `screeners` / `supervisors` (ids sorted); −1 missing. */
  readonly screener: Int32Array;
  readonly screeners: readonly string[];
  readonly supervisor: Int32Array;
  readonly supervisors: readonly string[];
  /** Screener ratings 1–3; 0 missing. */
  readonly risk: Int8Array;
  readonly safety: Int8Array;
  /** Score shown at the time (NaN: none shown) and protocol code (contract PROTOCOL; −1 none). */
  readonly shownScore: Float64Array;
  readonly shownProtocol: Int8Array;
  /** 1 overridden, 0 not, −1 not recorded. */
  readonly override: Int8Array;
  /** The household score recomputed now (NaN: not available). */
  readonly recomputed: Float64Array;
  /** Children named on the referral (alleged victims and other children). */
  readonly children: Uint16Array;
  /** Most earlier referrals naming any one person on this referral (received strictly before). */
  readonly priorReferrals: Uint32Array;
}

const IN = DECISION.indexOf('in');
const OUT = DECISION.indexOf('out');
const MANDATORY = new Set([ALLEGATION.indexOf('abuse'), ALLEGATION.indexOf('severe_neglect')]);

/** Dense codes of string ids (sorted dictionary), −1 for missing. */
function codes(ids: readonly (string | null)[]): { code: Int32Array; labels: string[] } {
  const labels = [...new Set(ids.filter((v): v is string => v !== null))].sort();
  const at = new Map(labels.map((l, k) => [l, k]));
  return { code: Int32Array.from(ids, (v) => (v === null ? -1 : at.get(v)!)), labels };
}

/**
 * Per referral row: the children named on it, and the most earlier referrals (received strictly
 * before) that name any one of its people — what a screener sees of the family's history.
 */
export function namedCounts(extract: Extract): {
  children: Uint16Array;
  priorReferrals: Uint32Array;
} {
  const { referrals, referral_persons: rp } = extract;
  const rowOf = new Map<string, number>();
  for (let r = 0; r < referrals.n; r++) rowOf.set(referrals.referral_id[r]!, r);
  const personOf = new Map<string, number>();
  const person = new Int32Array(rp.n).fill(-1);
  const row = new Int32Array(rp.n);
  const children = new Uint16Array(referrals.n);
  const childRole = new Set([ROLE.indexOf('alleged_victim'), ROLE.indexOf('child')]);
  for (let k = 0; k < rp.n; k++) {
    const r = rowOf.get(rp.referral_id[k]!);
    if (r === undefined) continue;
    const id = rp.person_id[k]!;
    let p = personOf.get(id);
    if (p === undefined) personOf.set(id, (p = personOf.size));
    person[k] = p;
    row[k] = r;
    if (childRole.has(rp.role[k]!)) children[r]!++;
  }
  // Rows grouped by person (counting sort), each person's rows in call-time order.
  const P = personOf.size;
  const start = new Uint32Array(P + 1);
  for (let k = 0; k < rp.n; k++) if (person[k]! >= 0) start[person[k]! + 1]!++;
  for (let p = 0; p < P; p++) start[p + 1]! += start[p]!;
  const fill = start.slice();
  const order = new Uint32Array(start[P]!);
  for (let k = 0; k < rp.n; k++) if (person[k]! >= 0) order[fill[person[k]!]!++] = k;
  const at = referrals.received_at;
  const priorReferrals = new Uint32Array(referrals.n);
  for (let p = 0; p < P; p++) {
    const part = order.subarray(start[p]!, start[p + 1]!);
    if (part.length > 1) part.sort((a, b) => at[row[a]!]! - at[row[b]!]! || row[a]! - row[b]!);
    let distinct = 0; // distinct referrals of this person before the current time
    let sameTime = 0;
    for (let j = 0; j < part.length; j++) {
      const r = row[part[j]!]!;
      if (j > 0 && row[part[j - 1]!] === r) continue; // the same referral, another role
      if (j > 0 && at[row[part[j - 1]!]!] !== at[r]) {
        distinct += sameTime;
        sameTime = 0;
      }
      sameTime++;
      if (distinct > priorReferrals[r]!) priorReferrals[r] = distinct;
    }
  }
  return { children, priorReferrals };
}

/** Household race of every referral row: 0 when anyone named is black, 1 otherwise, −1 none named. */
export function householdRaceOfReferrals(extract: Extract): Int8Array {
  const { referrals, persons, referral_persons: rp } = extract;
  const black = RACE.indexOf('black');
  const raceOf = new Map<string, number>();
  for (let p = 0; p < persons.n; p++) raceOf.set(persons.person_id[p]!, persons.race[p]!);
  const rowOf = new Map<string, number>();
  for (let r = 0; r < referrals.n; r++) rowOf.set(referrals.referral_id[r]!, r);
  const out = new Int8Array(referrals.n).fill(-1);
  for (let k = 0; k < rp.n; k++) {
    const r = rowOf.get(rp.referral_id[k]!);
    if (r === undefined) continue;
    if (raceOf.get(rp.person_id[k]!) === black) out[r] = 0;
    else if (out[r] === -1) out[r] = 1;
  }
  return out;
}

/**
 * Builds the decision table of an extract. `recomputed` (aligned with the referral rows, NaN
 * where unknown) is the household score recomputed now, e.g. by the deployed model.
 * @example const t = decisionTable(extract); t.override[0]
 */
export function decisionTable(extract: Extract, recomputed?: Float64Array): DecisionTable {
  const r = extract.referrals;
  if (recomputed !== undefined && recomputed.length !== r.n) {
    throw new RangeError(`recomputed has ${recomputed.length} rows, referrals has ${r.n}`);
  }
  const screener = codes(r.screener_id);
  const supervisor = codes(r.supervisor_id);
  const rating = (v: Float64Array) => Int8Array.from(v, (x) => (x >= 1 && x <= 3 ? x : 0));
  return {
    n: r.n,
    referralId: r.referral_id as string[],
    day: Float64Array.from(r.received_at, (ms) => dayOf(ms)),
    group: householdRaceOfReferrals(extract),
    groups: HOUSEHOLD_RACE,
    mandatory: Uint8Array.from(r.allegation, (a) => (MANDATORY.has(a) ? 1 : 0)),
    allegation: Int8Array.from(r.allegation),
    screenedIn: Int8Array.from(r.screening_decision, (d) => (d === IN ? 1 : d === OUT ? 0 : -1)),
    screener: screener.code,
    screeners: screener.labels,
    supervisor: supervisor.code,
    supervisors: supervisor.labels,
    risk: rating(r.screener_risk),
    safety: rating(r.screener_safety),
    shownScore: Float64Array.from(r.shown_score),
    shownProtocol: Int8Array.from(r.shown_protocol),
    override: Int8Array.from(r.override),
    recomputed: recomputed ?? new Float64Array(r.n).fill(NaN),
    ...namedCounts(extract),
  };
}

/** Rows of the table whose call day lies in [from, to) (day numbers; NaN bounds are open). */
export function rowsInWindow(t: DecisionTable, from: number, to: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < t.n; i++) {
    const d = t.day[i]!;
    if ((Number.isNaN(from) || d >= from) && (Number.isNaN(to) || d < to)) out.push(i);
  }
  return Uint32Array.from(out);
}
