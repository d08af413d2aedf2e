/**
 * The simulation's event store: growable columns of (person, kind, start, end) in generation
 * order. Kinds are indices into EVENT_KINDS, which fixes each kind's source system.
 */
import { growF64, growI32, growI8 } from './growable.js';

/** Every event kind the generator writes, with its contract source. */
export const EVENT_KINDS = [
  ['child_welfare', 'placement'],
  ['child_welfare', 'investigation'],
  ['child_welfare', 'service'],
  ['jail', 'booking'],
  ['juvenile_probation', 'supervision'],
  ['behavioral_health', 'mental_health'],
  ['behavioral_health', 'substance_use'],
  ['public_benefits', 'tanf'],
  ['public_benefits', 'snap'],
  ['public_benefits', 'ssi'],
  ['public_benefits', 'medicaid'],
  ['birth', 'birth_record'],
] as const;

/** Kind codes by name. */
export const KIND = {
  placement: 0,
  investigation: 1,
  service: 2,
  booking: 3,
  supervision: 4,
  mental_health: 5,
  substance_use: 6,
  tanf: 7,
  snap: 8,
  ssi: 9,
  medicaid: 10,
  birth_record: 11,
} as const;

/** Append-only event columns. */
export interface EventStore {
  readonly person: ReturnType<typeof growI32>;
  readonly kind: ReturnType<typeof growI8>;
  readonly start: ReturnType<typeof growF64>;
  /** NaN: a point event or still open on as_of. */
  readonly end: ReturnType<typeof growF64>;
}

/** An empty event store. */
export function createEventStore(capacity = 1 << 18): EventStore {
  return {
    person: growI32(capacity),
    kind: growI8(capacity),
    start: growF64(capacity),
    end: growF64(capacity),
  };
}

/**
 * Appends an event; an end on or after `asOf` is stored as open (NaN), an end before the start
 * is raised to the start, and an event starting on or after `asOf` is not recorded (-1).
 */
export function addEvent(
  ev: EventStore,
  person: number,
  kind: number,
  start: number,
  end: number,
  asOf: number,
): number {
  if (start >= asOf) return -1;
  ev.person.push(person);
  ev.kind.push(kind);
  ev.start.push(start);
  return ev.end.push(end >= asOf ? NaN : Math.max(start, end));
}
