/**
 * The mutable state and output columns of one simulation run, shared by the timeline and the
 * per-call step. Output columns are in processing order (month, then family); the extract
 * assembler sorts referrals by time.
 */
import type { Rng } from '../core/index.js';
import { createEventStore, type EventStore } from './event-store.js';
import { growF64, growI32, growI8 } from './growable.js';
import type { Hazard } from './hazard.js';
import type { SynthKnobs } from './knobs.js';
import type { Pool } from './population.js';
import type { Roster } from './screening.js';

/** Referral columns (extract fields and their truth). */
export const referralColumns = () => ({
  family: growI32(1 << 16),
  receivedMs: growF64(1 << 16),
  decidedMs: growF64(1 << 16),
  mandated: growI8(1 << 16),
  lawExtra: growI8(1 << 16),
  allegation: growI8(1 << 16),
  channel: growI8(1 << 16),
  decision: growI8(1 << 16),
  screener: growI32(1 << 16),
  supervisor: growI32(1 << 16),
  risk: growI8(1 << 16),
  safety: growI8(1 << 16),
  /** 0: no score shown. */
  shownScore: growI8(1 << 16),
  protocol: growI8(1 << 16),
  override: growI8(1 << 16),
  reason: growI8(1 << 16),
  perceived: growF64(1 << 16),
  recommendation: growI8(1 << 16),
  correctScore: growI8(1 << 16),
  wrongDisplay: growI8(1 << 16),
  rowStart: growI32(1 << 16),
});
export type ReferralColumns = ReturnType<typeof referralColumns>;

/** referral_persons columns, with truth for child rows (NaN / 0 for adults). */
export const rowColumns = () => ({
  person: growI32(1 << 18),
  role: growI8(1 << 18),
  trueRisk: growF64(1 << 18),
  toolLogit: growF64(1 << 18),
  correctScore: growI8(1 << 18),
});
export type RowColumns = ReturnType<typeof rowColumns>;

/** Everything one run carries. */
export interface SimState {
  readonly k: SynthKnobs;
  readonly pool: Pool;
  readonly hazard: Hazard;
  readonly asOf: number;
  readonly historyStart: number;
  readonly deployDay: number;
  readonly windowFrom: number;
  readonly windowTo: number;
  readonly rng: { people: Rng; screening: Rng; agency: Rng; tool: Rng; history: Rng; staff: Rng };
  readonly screeners: Roster;
  readonly supervisors: Roster;
  readonly events: EventStore;
  readonly refs: ReferralColumns;
  readonly rows: RowColumns;
  /** Per family: referral counts, screen-ins, last call month, last outcome, event range. */
  readonly famRefs: Int32Array;
  readonly famIns: Int32Array;
  readonly famLastMonth: Int32Array;
  readonly famLastIn: Int8Array;
  readonly famEvFrom: Int32Array;
  readonly famEvTo: Int32Array;
  readonly famCw: (number[] | undefined)[];
  /** Per person: named on some recorded referral; placed until day; scratch flags. */
  readonly named: Uint8Array;
  readonly everNamed: Uint8Array;
  readonly childPlaced: Uint8Array;
  readonly placedUntil: Float64Array;
  /** Stand-in logits of screened-in child records in the training window, and the cuts. */
  readonly windowLogits: ReturnType<typeof growF64>;
  cuts: Float64Array | undefined;
}

/** Allocates the state of a run. */
export function createState(
  init: Omit<
    SimState,
    | 'events'
    | 'refs'
    | 'rows'
    | 'famRefs'
    | 'famIns'
    | 'famLastMonth'
    | 'famLastIn'
    | 'famEvFrom'
    | 'famEvTo'
    | 'famCw'
    | 'named'
    | 'everNamed'
    | 'childPlaced'
    | 'placedUntil'
    | 'windowLogits'
    | 'cuts'
  >,
): SimState {
  const nf = init.pool.nFamilies;
  const np = init.pool.nPersons;
  return {
    ...init,
    events: createEventStore(),
    refs: referralColumns(),
    rows: rowColumns(),
    famRefs: new Int32Array(nf),
    famIns: new Int32Array(nf),
    famLastMonth: new Int32Array(nf).fill(-1_000_000),
    famLastIn: new Int8Array(nf),
    famEvFrom: new Int32Array(nf).fill(-1),
    famEvTo: new Int32Array(nf).fill(-1),
    famCw: new Array<number[] | undefined>(nf),
    named: new Uint8Array(np),
    everNamed: new Uint8Array(np),
    childPlaced: new Uint8Array(np),
    placedUntil: new Float64Array(np).fill(-Infinity),
    windowLogits: growF64(1 << 16),
    cuts: undefined,
  };
}
