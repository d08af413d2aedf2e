/**
 * A straightforward reference for the point-in-time feature builder, written from the definitions
 * (DATA-CONTRACT.md "What is derived", the catalog and the build.ts / labels.ts module comments)
 * without the builder's indexes: per record, it walks the events and prior referrals of everyone
 * on the referral, keeps those strictly before the call, and fills a dense row. It is slow (fine
 * for a small county) and exists only so that the optimized builder can be checked bit for bit.
 */
import { MS_PER_DAY, ageInYears, dayOf, denseColumn, sparseColumn } from '../../src/core/index.js';
import type { Column } from '../../src/core/index.js';
import {
  ALLEGATION,
  CHANNEL,
  DECISION,
  RACE,
  ROLE,
  SEX,
  SOURCE,
  type Extract,
} from '../../src/contract/index.js';
import { ROLES, ageBandOf, kindsOf, type FeatureSpec } from '../../src/features/index.js';

const BLACK = RACE.indexOf('black');
const WINDOW_DAYS: Record<string, number> = { ever: Infinity, '365d': 365, '3y': 1095 };
const ROLE_OF: Record<string, string> = {
  alleged_victims: 'alleged_victim',
  other_children: 'child',
  parents: 'parent',
  alleged_perpetrators: 'alleged_perpetrator',
  other_adults: 'other_adult',
};

/** Kinds an event counts under: its known kind (or `other`), and `any` where the source has it. */
function eventKeys(source: string, kind: string): string[] {
  const kinds = kindsOf(source);
  const own = kind !== 'any' && kinds.includes(kind) ? kind : 'other';
  const keys = [`${source}.${own}`];
  if (kinds.includes('any')) keys.push(`${source}.any`);
  return keys;
}

/** Every dated history item of a person strictly before the call. */
function historyOf(
  extract: Extract,
  person: number,
  callMs: number,
  eventsOf: number[][],
  refsOf: number[][],
): Map<string, number[]> {
  const { events, referrals } = extract;
  const callDay = dayOf(callMs);
  const hits = new Map<string, number[]>();
  const add = (key: string, day: number) => {
    if (!hits.has(key)) hits.set(key, []);
    hits.get(key)!.push(day);
  };
  for (const e of eventsOf[person]!) {
    if (!(events.start_date[e]! < callDay)) continue;
    const source = SOURCE[events.source[e]!]!;
    for (const key of eventKeys(source, events.kind[e]!)) add(key, events.start_date[e]!);
  }
  for (const q of refsOf[person]!) {
    const at = referrals.received_at[q]!;
    if (!(at < callMs)) continue;
    add('referrals.referral', dayOf(at));
    const decided = Number.isNaN(referrals.decided_at[q]!)
      ? at + MS_PER_DAY
      : referrals.decided_at[q]!;
    if (referrals.screening_decision[q] === DECISION.indexOf('in') && decided < callMs)
      add('referrals.screened_in', dayOf(at));
  }
  return hits;
}

/** The value of one history feature from the days of its (source, kind) in its role. */
function historyValue(spec: FeatureSpec, days: readonly number[], callDay: number): number {
  let count = 0;
  let last = -Infinity;
  for (const day of days) {
    if (callDay - day > WINDOW_DAYS[spec.window]!) continue;
    count++;
    last = Math.max(last, day);
  }
  if (count === 0) return 0;
  if (spec.form === 'indicator') return 1;
  if (spec.form === 'count') return count;
  return spec.window === 'ever' ? Math.exp(-(callDay - last) / 365) : 0;
}

function toColumn(cells: { rows: number[]; values: number[] }, nRows: number): Column {
  if (cells.rows.length * 2 > nRows) {
    const values = new Float64Array(nRows);
    cells.rows.forEach((row, k) => (values[row] = cells.values[k]!));
    return denseColumn(values);
  }
  return sparseColumn(Uint32Array.from(cells.rows), Float64Array.from(cells.values));
}

/** Reference features, records and labels, in the shapes buildFeatures returns. */
export function referenceFeatures(extract: Extract, catalog: readonly FeatureSpec[]) {
  const { persons, referrals, referral_persons: rp, events } = extract;
  const personRow = new Map(persons.person_id.map((id, i) => [id!, i]));
  const refRow = new Map(referrals.referral_id.map((id, i) => [id!, i]));
  const membersOf = referrals.referral_id.map(() => new Map<number, Set<string>>());
  const refsOf: number[][] = persons.person_id.map(() => []);
  const eventsOf: number[][] = persons.person_id.map(() => []);
  for (let e = 0; e < events.n; e++) eventsOf[personRow.get(events.person_id[e]!)!]!.push(e);
  for (let i = 0; i < rp.n; i++) {
    const members = membersOf[refRow.get(rp.referral_id[i]!)!]!;
    const p = personRow.get(rp.person_id[i]!)!;
    if (!members.has(p)) members.set(p, new Set());
    members.get(p)!.add(ROLE[rp.role[i]!]!);
  }
  membersOf.forEach((members, r) => members.forEach((_, p) => refsOf[p]!.push(r)));
  const order = referrals.referral_id
    .map((_, r) => r)
    .sort(
      (a, b) =>
        referrals.received_at[a]! - referrals.received_at[b]! ||
        (referrals.referral_id[a]! < referrals.referral_id[b]! ? -1 : 1),
    );
  // A name's column is the last catalog entry with that name; earlier duplicates stay empty.
  const lastOf = new Map(catalog.map((f, j) => [f.name, j]));
  const colsOfKey = new Map<string, number[]>();
  const contextCols: number[] = [];
  catalog.forEach((f, j) => {
    if (lastOf.get(f.name) !== j) return;
    if (f.source === 'demographics') {
      contextCols.push(j);
      return;
    }
    const key = `${f.source}.${f.kind}.${f.role}`;
    colsOfKey.set(key, [...(colsOfKey.get(key) ?? []), j]);
  });
  const cells = catalog.map(() => ({ rows: [] as number[], values: [] as number[] }));
  const isChild = (roles: Set<string>) => roles.has('alleged_victim') || roles.has('child');
  const rows: Record<string, number | string>[] = [];
  order.forEach((r, household) => {
    const callMs = referrals.received_at[r]!;
    const callDay = dayOf(callMs);
    const members = [...membersOf[r]!.entries()].sort((a, b) => a[0] - b[0]);
    const hits = new Map(
      members.map(([p]) => [p, historyOf(extract, p, callMs, eventsOf, refsOf)]),
    );
    const parentAges = members
      .filter(([, roles]) => roles.has('parent'))
      .map(([p]) => ageInYears(persons.birth_date[p]!, callDay));
    const youngest = parentAges.length > 0 ? Math.min(...parentAges) : 0;
    const nChildren = members.filter(([, roles]) => isChild(roles)).length;
    for (const [child, roles] of members) {
      if (!isChild(roles)) continue;
      const age = ageInYears(persons.birth_date[child]!, callDay);
      const context: Record<string, number> = {
        age,
        age_under_3: age < 3 ? 1 : 0,
        sex_male: persons.sex[child] === SEX.indexOf('m') ? 1 : 0,
        n_children: nChildren,
        n_adults: members.length - nChildren,
        youngest_parent_age: youngest,
        no_parent_named: parentAges.length === 0 ? 1 : 0,
        allegation_other: referrals.allegation[r] === ALLEGATION.indexOf('other') ? 1 : 0,
        channel_state: referrals.channel[r] === CHANNEL.indexOf('state') ? 1 : 0,
      };
      // Days of each (source, kind) among the people in each role.
      const days = new Map(ROLES.map((role) => [role, new Map<string, number[]>()]));
      for (const [p, rs] of members) {
        for (const role of ROLES) {
          const inRole =
            role === 'self' ? p === child : role === 'household' || rs.has(ROLE_OF[role]!);
          if (!inRole) continue;
          for (const [key, list] of hits.get(p)!) {
            const to = days.get(role)!;
            if (!to.has(key)) to.set(key, []);
            to.get(key)!.push(...list);
          }
        }
      }
      const row = rows.length;
      const put = (j: number, v: number): void => {
        if (v === 0) return;
        cells[j]!.rows.push(row);
        cells[j]!.values.push(v);
      };
      for (const [role, byKey] of days) {
        for (const [key, list] of byKey) {
          for (const j of colsOfKey.get(`${key}.${role}`) ?? [])
            put(j, historyValue(catalog[j]!, list, callDay));
        }
      }
      for (const j of contextCols) put(j, context[catalog[j]!.kind] ?? 0);
      rows.push({ r, household, child, callMs, callDay, age });
      rows[rows.length - 1]!.anyBlack = members.some(([p]) => persons.race[p] === BLACK) ? 1 : 0;
      rows[rows.length - 1]!.size = members.length;
      rows[rows.length - 1]!.av = roles.has('alleged_victim') ? 1 : 0;
    }
  });
  const columns = cells.map((list) => toColumn(list, rows.length));
  const num = (k: string) => rows.map((row) => row[k] as number);
  const records = {
    n: rows.length,
    referralId: num('r').map((r) => referrals.referral_id[r]!),
    personId: num('child').map((p) => persons.person_id[p]!),
    referralRow: Uint32Array.from(num('r')),
    household: Uint32Array.from(num('household')),
    child: Uint32Array.from(num('child')),
    receivedAt: Float64Array.from(num('callMs')),
    callDay: Float64Array.from(num('callDay')),
    age: Float64Array.from(num('age')),
    ageBand: Int8Array.from(num('age'), ageBandOf),
    sex: Int8Array.from(num('child'), (p) => persons.sex[p]!),
    childRace: Int8Array.from(num('child'), (p) => persons.race[p]!),
    householdRace: Int8Array.from(num('anyBlack'), (b) => (b === 1 ? 0 : 1)),
    isAllegedVictim: Uint8Array.from(num('av')),
    householdSize: Uint16Array.from(num('size')),
    allegation: Int8Array.from(num('r'), (r) => referrals.allegation[r]!),
    decision: Int8Array.from(num('r'), (r) => referrals.screening_decision[r]!),
  };
  return { names: catalog.map((f) => f.name), columns, records, labels: labels() };

  function labels() {
    const placementKind = (e: number) =>
      SOURCE[events.source[e]!] === 'child_welfare' && events.kind[e] === 'placement';
    const matured = Uint8Array.from(rows, (row) =>
      (row.callDay as number) + 730 <= extract.asOfDay ? 1 : 0,
    );
    const outcome = (test: (row: Record<string, number | string>) => boolean) =>
      Int8Array.from(rows, (row, i) => (matured[i] === 0 ? -1 : test(row) ? 1 : 0));
    const placement = outcome((row) => {
      for (const e of eventsOf[row.child as number]!) {
        const d = events.start_date[e]!;
        if (placementKind(e) && d >= (row.callDay as number) && d <= (row.callDay as number) + 730)
          return true;
      }
      return false;
    });
    const reReferral = outcome((row) =>
      refsOf[row.child as number]!.some((q) => {
        const t = referrals.received_at[q]!;
        const ms = row.callMs as number;
        return t > ms && t <= ms + 730 * MS_PER_DAY;
      }),
    );
    const household = (label: Int8Array) => {
      const of = new Map<number | string, number[]>();
      rows.forEach((row, i) =>
        of.set(row.household!, [...(of.get(row.household!) ?? []), label[i]!]),
      );
      return Int8Array.from(rows, (row) => {
        const same = of.get(row.household!)!;
        return same.includes(-1) ? -1 : same.includes(1) ? 1 : 0;
      });
    };
    return {
      placement_2y: placement,
      re_referral_2y: reReferral,
      household_placement_2y: household(placement),
      household_re_referral_2y: household(reReferral),
      matured,
    };
  }
}
