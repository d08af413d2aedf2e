/**
 * The deployed tool's stand-in: a fixed logistic score on recorded history (not on latent
 * truth), with model error (noise) and an optional group offset (tool miscalibration knob),
 * turned into ventiles 1–20 by cut points taken from the screened-in child records of the
 * training window, then aggregated per household (max) and turned into protocols (DOMAIN §2).
 */
import type { SynthKnobs } from './knobs.js';
import type { HouseholdHistory } from './household-features.js';

/** What the stand-in knows about one child on a referral at call time. */
export interface ChildView {
  age: number;
  priorPlacement: number;
  victim: number;
}

/** What the stand-in knows about the referral's family at call time. */
export interface FamilyView {
  priorReferrals: number;
  priorScreenIns: number;
  children: number;
  blackHousehold: number;
}

/** The stand-in's log-odds of placement for one child (before noise and offset). */
export function standInLinear(h: HouseholdHistory, f: FamilyView, c: ChildView): number {
  return (
    -2.4 +
    0.35 * Math.log1p(f.priorReferrals) +
    0.2 * Math.min(3, f.priorScreenIns) +
    0.8 * c.priorPlacement +
    0.4 * h.placementAny +
    0.3 * h.jailEver +
    0.35 * h.jailRecent +
    0.3 * h.jpoEver +
    0.45 * h.substanceEver +
    0.2 * h.mentalEver +
    0.3 * h.benefitsEver +
    0.25 * h.tanfRecent +
    0.5 * (c.age < 3 ? 1 : 0) -
    0.04 * c.age +
    0.08 * f.children +
    0.1 * c.victim
  );
}

/** The stand-in's full log-odds: linear part, group offset and model error. */
export function standInLogit(
  k: SynthKnobs,
  linear: number,
  blackHousehold: number,
  noise: number,
): number {
  return linear + k.tool.black_offset * blackHousehold + k.tool.noise_sd * noise;
}

/**
 * Ventile cut points: type-7 quantiles (as R and numpy) of `values` at k/20, k = 1..19.
 * @example ventileCuts(Float64Array.from({ length: 100 }, (_, i) => (i + 1) / 100))[0] // 0.0595
 */
export function ventileCuts(values: Float64Array): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const cuts = new Float64Array(19);
  if (n === 0) return cuts;
  for (let q = 1; q <= 19; q++) {
    const h = (n - 1) * (q / 20);
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    cuts[q - 1] = sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  }
  return cuts;
}

/** Score 1–20: 1 + the number of cut points strictly below `value`. */
export function ventileScore(value: number, cuts: Float64Array): number {
  let s = 1;
  for (let i = 0; i < cuts.length; i++) if (value > cuts[i]!) s++;
  return s;
}

/** Protocol codes in the contract's PROTOCOL order. */
export const PROTOCOL_CODE = { high: 0, low: 1, none: 2 } as const;

/**
 * The protocol of a household: high if some score ≥ high_threshold and some child is younger
 * than high_max_child_age; low if every score ≤ low_threshold and every child is at least
 * low_min_child_age; none otherwise.
 */
export function protocolOf(
  k: SynthKnobs,
  scores: readonly number[],
  ages: readonly number[],
): number {
  const t = k.tool;
  const max = Math.max(...scores);
  if (max >= t.high_threshold && ages.some((a) => a < t.high_max_child_age))
    return PROTOCOL_CODE.high;
  if (max <= t.low_threshold && ages.every((a) => a >= t.low_min_child_age))
    return PROTOCOL_CODE.low;
  return PROTOCOL_CODE.none;
}
