/**
 * Which of a family's records a call's score read, and which of them can never stop counting: for
 * each record before the call (an event of someone on the referral, or an earlier referral naming
 * them), the model features that read it by the catalog's rules (source and kind, whose records
 * by role, window before the call), and whether one of them is an `ever` feature — a permanent
 * mark under this model, whatever the family does. Families and screeners see this list; the
 * test checks it against the feature builder itself (removing a record read changes a feature).
 */
import { MS_PER_DAY, dayOf, formatDate } from '../../src/core/index.js';
import { DECISION, ROLE, SOURCE, type Extract } from '../../src/contract/index.js';
import { WINDOW_DAYS, kindsOf, type FeatureSpec } from '../../src/features/index.js';
import { featureGroup } from '../../src/scoring/index.js';

/** One record before the call, as the response shows it. */
export interface RecordRead {
  readonly personId: string;
  /** The source system (`referrals` for an earlier referral). */
  readonly source: string;
  readonly kind: string;
  /** Start date (received date for a referral), YYYY-MM-DD. */
  readonly date: string;
  readonly endDate: string | null;
  /** The store's event id, or the earlier referral's id. */
  readonly recordId: string;
  /** How many of the model's features read it (0: it does not affect the score). */
  readonly featuresReading: number;
  /** Read by an `ever` feature: it counts for as long as this model is used. */
  readonly immutable: boolean;
  /** The feature groups (`source.kind.role`) whose features read it. */
  readonly groups: readonly string[];
}

interface Candidate {
  personId: string;
  source: string;
  kinds: string[];
  shown: string;
  day: number;
  endDay: number;
  recordId: string;
}

/** The kind slot an event of `source` and `kind` falls in (the builder's rule). */
function slotKind(source: string, kind: string): string {
  const kinds = kindsOf(source);
  const k = kind === 'any' ? 'other' : kind;
  return kinds.includes(k) ? k : 'other';
}

/**
 * The windows a record `ago` days before the call falls in, as the widest it needs: 0 within 365
 * days (every window), 1 within 3 years (`3y` and `ever`), 2 older (`ever` only).
 */
const ageClass = (ago: number): number =>
  ago <= WINDOW_DAYS['365d'] ? 0 : ago <= WINDOW_DAYS['3y'] ? 1 : 2;
/** The oldest age class each window reaches. */
const WINDOW_REACH: Readonly<Record<string, number>> = { '365d': 0, '3y': 1, ever: 2 };

function reads(f: FeatureSpec, c: Candidate, roles: ReadonlySet<string>, callDay: number): boolean {
  if (f.source !== c.source) return false;
  if (!(f.kind === 'any' || c.kinds.includes(f.kind))) return false;
  const reach = WINDOW_REACH[f.window];
  if (reach === undefined || ageClass(callDay - c.day) > reach) return false;
  switch (f.role) {
    case 'household':
      return true;
    case 'self':
      return roles.has('alleged_victim') || roles.has('child');
    case 'alleged_victims':
      return roles.has('alleged_victim');
    case 'other_children':
      return roles.has('child');
    case 'parents':
      return roles.has('parent');
    case 'alleged_perpetrators':
      return roles.has('alleged_perpetrator');
    case 'other_adults':
      return roles.has('other_adult');
  }
}

/** A catalog feature with its group. */
interface Reader {
  readonly spec: FeatureSpec;
  readonly group: string;
}

/** What reads a record (the same for every record of one source, kinds, roles and window). */
type Reading = Pick<RecordRead, 'featuresReading' | 'immutable' | 'groups'>;

/** A catalog's features by source, and what reads a record, remembered by the record's class. */
interface CatalogReaders {
  readonly bySource: ReadonlyMap<string, readonly Reader[]>;
  readonly readings: Map<string, Reading>;
}

/** Made once per catalog (the model's). */
const readersOf = new WeakMap<readonly FeatureSpec[], CatalogReaders>();
function catalogReaders(catalog: readonly FeatureSpec[]): CatalogReaders {
  let out = readersOf.get(catalog);
  if (out === undefined) {
    const m = new Map<string, Reader[]>();
    for (const spec of catalog) {
      const list = m.get(spec.source) ?? [];
      list.push({ spec, group: featureGroup(spec) });
      m.set(spec.source, list);
    }
    readersOf.set(catalog, (out = { bySource: m, readings: new Map() }));
  }
  return out;
}

/**
 * The features that read a record: `reads` depends on the record only through its source, its
 * kinds, its person's roles and its age class (the windows it falls in), so the answer is
 * computed once per such class and catalog.
 */
function reading(
  readers: CatalogReaders,
  c: Candidate,
  roles: ReadonlySet<string>,
  callDay: number,
): Reading {
  const key = `${c.source}|${c.kinds.join(',')}|${[...roles].sort().join(',')}|${ageClass(callDay - c.day)}`;
  let out = readers.readings.get(key);
  if (out === undefined) {
    const by = (readers.bySource.get(c.source) ?? []).filter((f) =>
      reads(f.spec, c, roles, callDay),
    );
    out = {
      featuresReading: by.length,
      immutable: by.some((f) => f.spec.window === 'ever'),
      groups: [...new Set(by.map((f) => f.group))].sort(),
    };
    readers.readings.set(key, out);
  }
  return out;
}

/** Every record of a history extract before the call of `referralId`, with what reads it. */
export function recordsRead(
  extract: Extract,
  eventIds: readonly number[],
  referralId: string,
  catalog: readonly FeatureSpec[],
): RecordRead[] {
  const rp = extract.referral_persons;
  const refs = extract.referrals;
  const rowOf = new Map<string, number>();
  for (let r = 0; r < refs.n; r++) rowOf.set(refs.referral_id[r]!, r);
  const callMs = refs.received_at[rowOf.get(referralId)!]!;
  const callDay = dayOf(callMs);
  const roles = new Map<string, Set<string>>();
  for (let i = 0; i < rp.n; i++) {
    if (rp.referral_id[i] !== referralId) continue;
    const p = rp.person_id[i]!;
    if (!roles.has(p)) roles.set(p, new Set());
    roles.get(p)!.add(ROLE[rp.role[i]!]!);
  }
  const candidates: Candidate[] = [];
  const ev = extract.events;
  for (let e = 0; e < ev.n; e++) {
    const source = SOURCE[ev.source[e]!]!;
    const kind = slotKind(source, ev.kind[e]!);
    candidates.push({
      personId: ev.person_id[e]!,
      source,
      kinds: [kind],
      shown: ev.kind[e]!,
      day: ev.start_date[e]!,
      endDay: ev.end_date[e]!,
      recordId: `event:${eventIds[e]}`,
    });
  }
  const seen = new Set<string>();
  for (let i = 0; i < rp.n; i++) {
    const q = rowOf.get(rp.referral_id[i]!)!;
    const received = refs.received_at[q]!;
    const key = `${rp.person_id[i]}|${rp.referral_id[i]}`;
    if (received >= callMs || seen.has(key)) continue;
    seen.add(key);
    const decided = Number.isNaN(refs.decided_at[q]!) ? received + MS_PER_DAY : refs.decided_at[q]!;
    const screenedIn = refs.screening_decision[q] === DECISION.indexOf('in') && decided < callMs;
    candidates.push({
      personId: rp.person_id[i]!,
      source: 'referrals',
      kinds: screenedIn ? ['referral', 'screened_in'] : ['referral'],
      shown: screenedIn ? 'screened_in' : 'referral',
      day: dayOf(received),
      endDay: NaN,
      recordId: `referral:${refs.referral_id[q]}`,
    });
  }
  const readers = catalogReaders(catalog);
  const out = candidates
    .filter((c) => c.day < callDay && roles.has(c.personId))
    .map((c): RecordRead => {
      const r = reading(readers, c, roles.get(c.personId)!, callDay);
      return {
        personId: c.personId,
        source: c.source,
        kind: c.shown,
        date: formatDate(c.day),
        endDate: Number.isNaN(c.endDay) ? null : formatDate(c.endDay),
        recordId: c.recordId,
        featuresReading: r.featuresReading,
        immutable: r.immutable,
        groups: r.groups,
      };
    });
  return out.sort(
    (a, b) =>
      (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0) ||
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      (a.recordId < b.recordId ? -1 : 1),
  );
}
