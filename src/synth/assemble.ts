/**
 * Turns a finished run into the contract's in-memory Extract: people named on some referral,
 * referrals in time order, their referral_persons rows, and those people's events. Nothing
 * latent (risk, poverty, true behaviours, recommendations, correct scores) goes in here.
 */
import { allocTable, CONTRACT_VERSION, type Extract, type Manifest } from '../contract/index.js';
import { EVENT_KINDS } from './event-store.js';
import { OVERRIDE_REASONS } from './screening.js';
import type { SimState } from './sim-state.js';
import { SOURCE } from '../contract/index.js';

/** Version of the generator written into the manifest. */
export const SYNTH_VERSION = '1.0.0';

/** Ids and orderings shared by the extract and the truth tables. */
export interface Layout {
  /** Person id by pool index (null for people never named). */
  readonly personId: (string | null)[];
  /** Referral processing index of the i-th referral in time order. */
  readonly order: Int32Array;
  readonly referralId: string[];
}

/** Builds ids: persons in pool order, referrals in time order. */
export function buildLayout(s: SimState): Layout {
  const personId = new Array<string | null>(s.pool.nPersons).fill(null);
  let n = 0;
  for (let p = 0; p < s.pool.nPersons; p++) {
    if (s.everNamed[p]) personId[p] = `P${String(++n).padStart(7, '0')}`;
  }
  const nr = s.refs.family.length;
  const ms = s.refs.receivedMs;
  const order = Int32Array.from({ length: nr }, (_, i) => i).sort(
    (a, b) => ms.get(a) - ms.get(b) || a - b,
  );
  const referralId = Array.from({ length: nr }, (_, i) => `R${String(i + 1).padStart(7, '0')}`);
  return { personId, order, referralId };
}

/** The in-memory extract of a run. */
export function assembleExtract(s: SimState, layout: Layout, manifest: Manifest): Extract {
  return {
    manifest,
    asOfDay: s.asOf,
    referrals: referralsTable(s, layout),
    persons: personsTable(s, layout),
    referral_persons: referralPersonsTable(s, layout),
    events: eventsTable(s, layout),
  };
}

/** The manifest: created_at is derived from as_of so equal inputs give equal bytes. */
export function synthManifest(
  s: SimState,
  seed: number,
  params: Record<string, unknown>,
): Manifest {
  return {
    contract: CONTRACT_VERSION,
    name: 'sightline-synthetic-county',
    as_of: s.k.calendar.as_of,
    created_at: `${s.k.calendar.as_of}T23:59:59Z`,
    generator: { name: 'sightline synth', version: SYNTH_VERSION, seed, params },
  };
}

function referralsTable(s: SimState, layout: Layout) {
  const r = s.refs;
  const t = allocTable('referrals', layout.order.length);
  for (let i = 0; i < layout.order.length; i++) {
    const j = layout.order[i]!;
    t.referral_id[i] = layout.referralId[i]!;
    t.received_at[i] = r.receivedMs.get(j);
    t.allegation[i] = r.allegation.get(j);
    t.channel[i] = r.channel.get(j);
    t.screening_decision[i] = r.decision.get(j);
    t.decided_at[i] = r.decidedMs.get(j);
    t.screener_id[i] = s.screeners.all[r.screener.get(j)]!.id;
    t.supervisor_id[i] = s.supervisors.all[r.supervisor.get(j)]!.id;
    t.screener_risk[i] = r.risk.get(j);
    t.screener_safety[i] = r.safety.get(j);
    const score = r.shownScore.get(j);
    if (score > 0) t.shown_score[i] = score;
    t.shown_protocol[i] = r.protocol.get(j);
    t.override[i] = r.override.get(j);
    const reason = r.reason.get(j);
    if (reason >= 0) t.override_reason[i] = OVERRIDE_REASONS[reason]!;
  }
  return t;
}

function personsTable(s: SimState, layout: Layout) {
  const pool = s.pool;
  let n = 0;
  for (const id of layout.personId) if (id !== null) n++;
  const t = allocTable('persons', n);
  let i = 0;
  for (let p = 0; p < pool.nPersons; p++) {
    const id = layout.personId[p];
    if (id === null || id === undefined) continue;
    t.person_id[i] = id;
    t.birth_date[i] = pool.pBirth[p]!;
    t.sex[i] = pool.pSex[p]!;
    t.race[i] = pool.pRace[p]!;
    t.hispanic[i] = pool.pHispanic[p]!;
    i++;
  }
  return t;
}

function referralPersonsTable(s: SimState, layout: Layout) {
  const r = s.refs;
  const rows = s.rows;
  const t = allocTable('referral_persons', rows.person.length);
  const nr = layout.order.length;
  let out = 0;
  for (let i = 0; i < nr; i++) {
    const j = layout.order[i]!;
    const end = j + 1 < nr ? r.rowStart.get(j + 1) : rows.person.length;
    for (let x = r.rowStart.get(j); x < end; x++) {
      t.referral_id[out] = layout.referralId[i]!;
      t.person_id[out] = layout.personId[rows.person.get(x)]!;
      t.role[out] = rows.role.get(x);
      out++;
    }
  }
  return t;
}

function eventsTable(s: SimState, layout: Layout) {
  const ev = s.events;
  let n = 0;
  for (let e = 0; e < ev.person.length; e++) if (layout.personId[ev.person.get(e)] !== null) n++;
  const t = allocTable('events', n);
  const kindSource = EVENT_KINDS.map(([src]) => SOURCE.indexOf(src));
  let i = 0;
  for (let e = 0; e < ev.person.length; e++) {
    const id = layout.personId[ev.person.get(e)];
    if (id === null || id === undefined) continue;
    const kind = ev.kind.get(e);
    t.person_id[i] = id;
    t.source[i] = kindSource[kind]!;
    t.kind[i] = EVENT_KINDS[kind]![1];
    t.start_date[i] = ev.start.get(e);
    t.end_date[i] = ev.end.get(e);
    i++;
  }
  return t;
}
