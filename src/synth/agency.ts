/**
 * What the agency does after a screen-in (the only way outcomes arise: selective labels).
 * Every child on a screened-in referral is investigated; some get services; some are placed.
 * The true placement risk is a non-linear function of latent and real circumstances — young
 * child × parental substance use, prior placement × recent jail booking (a booking raises the
 * risk of a child placed before and lowers that of other children, whose jailed parent is out of
 * the home: an interaction no additive model can express), a threshold on family risk,
 * allegation severity — plus a referral-level shock shared by siblings. The agency's own
 * calibration bias (knob) shifts placement for Black households at equal true risk.
 */
import type { Rng } from '../core/index.js';
import { logistic } from './calendar.js';
import { addEvent, type EventStore, KIND } from './event-store.js';
import type { HouseholdHistory } from './household-features.js';
import type { SynthKnobs } from './knobs.js';

/** The latent and real circumstances of one child at a screened-in referral. */
export interface PlacementInputs {
  famRisk: number;
  poverty: number;
  substance: number;
  mental: number;
  fatherAbsent: number;
  age: number;
  priorPlacement: number;
  allegation: number;
  shock: number;
}

const ALLEGATION_EFFECT = [0, 0.35, 0.7, -0.4];

/** True log-odds of placement within two years of a screen-in, before agency bias. */
export function truePlacementLogit(k: SynthKnobs, x: PlacementInputs, h: HouseholdHistory): number {
  const young = x.age < 3 ? 1 : 0;
  return (
    k.agency.placement_intercept +
    0.6 * x.famRisk +
    0.2 * x.poverty +
    1.6 * young * x.substance +
    0.3 * young +
    2.5 * x.priorPlacement * h.jailRecent -
    0.6 * (1 - x.priorPlacement) * h.jailRecent +
    0.5 * x.priorPlacement +
    1.2 * (x.famRisk > 1.3 ? 1 : 0) +
    0.6 * x.mental * x.fatherAbsent +
    ALLEGATION_EFFECT[x.allegation]! -
    0.06 * x.age +
    x.shock
  );
}

/** Agency state for the placement step: children currently placed until a day. */
export interface AgencyState {
  readonly placedUntil: Float64Array;
}

/** Records investigation, services and maybe a placement for one child; returns placed 0/1. */
export function actOnChild(
  k: SynthKnobs,
  ev: EventStore,
  cw: number[],
  child: number,
  decidedDay: number,
  placeProbability: number,
  serviceBoost: number,
  state: AgencyState,
  asOf: number,
  rng: Rng,
): number {
  const invEnd = decidedDay + 15 + rng.int(46);
  push(cw, addEvent(ev, child, KIND.investigation, decidedDay + rng.int(2), invEnd, asOf));
  let placed = 0;
  if (rng.bernoulli(placeProbability)) {
    const delay = rng.bernoulli(0.55) ? 1 + rng.int(45) : 46 + rng.int(680);
    const start = decidedDay + delay;
    if (state.placedUntil[child]! < start) {
      const stay = Math.round(Math.exp(Math.log(270) + 0.9 * rng.normal()));
      const e = addEvent(ev, child, KIND.placement, start, start + stay, asOf);
      if (e >= 0) {
        push(cw, e);
        state.placedUntil[child] = start + stay;
        placed = 1;
      }
    }
  }
  if (!placed && rng.bernoulli(Math.min(1, k.agency.service_rate * serviceBoost))) {
    push(cw, addEvent(ev, child, KIND.service, invEnd, invEnd + 90 + rng.int(300), asOf));
  }
  return placed;
}

function push(list: number[], e: number): void {
  if (e >= 0) list.push(e);
}

/** Placement probability with the agency's calibration bias. */
export function placementProbability(
  k: SynthKnobs,
  trueLogit: number,
  blackHousehold: number,
): number {
  return logistic(trueLogit + k.agency.placement_black_log_odds * blackHousehold);
}
