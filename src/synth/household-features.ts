/**
 * Recorded history of a referral's household at call time, as the county's data would show it:
 * only events that started strictly before the call day, only people named on the referral.
 * The stand-in tool scores from these; the agency's placement decisions also react to some of
 * them (a recent jail booking is a real event, whoever chose to book).
 */
import { KIND } from './event-store.js';
import type { EventStore } from './event-store.js';

/** Household-level recorded history flags and counts at call time. */
export interface HouseholdHistory {
  jailEver: number;
  jailRecent: number;
  jpoEver: number;
  substanceEver: number;
  mentalEver: number;
  benefitsEver: number;
  tanfRecent: number;
  placementAny: number;
}

/** A zeroed HouseholdHistory. */
export const emptyHistory = (): HouseholdHistory => ({
  jailEver: 0,
  jailRecent: 0,
  jpoEver: 0,
  substanceEver: 0,
  mentalEver: 0,
  benefitsEver: 0,
  tanfRecent: 0,
  placementAny: 0,
});

/**
 * Scans events `from..to` (a family's source-system records) and `cw` (its child-welfare
 * events) for people with `named[p] === 1`, before `day`. `childPlaced[p]` is set to 1 for
 * named people with an earlier placement.
 */
export function householdHistory(
  ev: EventStore,
  from: number,
  to: number,
  cw: readonly number[] | undefined,
  named: Uint8Array,
  day: number,
  childPlaced: Uint8Array,
  out: HouseholdHistory,
): HouseholdHistory {
  Object.assign(out, emptyHistory());
  for (let e = from; e < to; e++) {
    const start = ev.start.get(e);
    if (start >= day || named[ev.person.get(e)] !== 1) continue;
    const kind = ev.kind.get(e);
    if (kind === KIND.booking) {
      out.jailEver = 1;
      if (start > day - 365) out.jailRecent = 1;
    } else if (kind === KIND.supervision) out.jpoEver = 1;
    else if (kind === KIND.substance_use) out.substanceEver = 1;
    else if (kind === KIND.mental_health) out.mentalEver = 1;
    else if (kind >= KIND.tanf && kind <= KIND.medicaid) {
      out.benefitsEver = 1;
      if (kind === KIND.tanf && start > day - 730) out.tanfRecent = 1;
    }
  }
  for (const e of cw ?? []) {
    const p = ev.person.get(e);
    if (ev.kind.get(e) !== KIND.placement || ev.start.get(e) >= day || named[p] !== 1) continue;
    out.placementAny = 1;
    childPlaced[p] = 1;
  }
  return out;
}
