/**
 * Who is called in, and when: a monthly referral hazard per pool family while it has a child
 * under 18. The hazard rises with latent risk (true concern), with poverty and with being a
 * Black household at equal risk (reporting bias: who is visible to callers and who calls), with
 * a young child, with the school-year season, and for a while after each call (self-excitation:
 * families come back, less so after a screen-in). From the law-change date, widened mandated
 * reporting adds a second stream of calls with a weak risk gradient, so volume rises and the mix
 * shifts toward lower-risk calls.
 */
import type { SynthKnobs } from './knobs.js';
import { monthOfDay } from './calendar.js';
import type { Pool } from './population.js';

/** Deviations of the monthly call volume from its mean, January first (times `seasonality`). */
const SEASON = [0, 0.5, 1, 0.5, 1, -1, -2, -1.5, 0.5, 1, 0, -1].map((d) => d + 1 / 12);

/** Precomputed parts of the hazard. */
export interface Hazard {
  readonly base: Float64Array;
  readonly extra: Float64Array;
  readonly decay: Float64Array;
  readonly season: Float64Array;
  readonly youngRr: number;
  readonly birthMonth: Int32Array;
}

/** True when a pool family counts as a Black household (someone seen as Black). */
export const isBlackFamily = (pool: Pool, fam: number): boolean =>
  pool.famRace[fam] === 1 || pool.famRace[fam] === 2;

/** Precomputes per-family base hazards, the law-change stream, decay and season tables. */
export function buildHazard(k: SynthKnobs, pool: Pool): Hazard {
  const r = k.referrals;
  const base = new Float64Array(pool.nFamilies);
  const extra = new Float64Array(pool.nFamilies);
  let sumBase = 0;
  let sumExtra = 0;
  for (let f = 0; f < pool.nFamilies; f++) {
    const bias =
      (isBlackFamily(pool, f) ? k.reporting.black_log_rr : 0) +
      k.reporting.poverty_log_rr * pool.famPoverty[f]!;
    base[f] = Math.exp(r.base_log_rate + r.risk_log_rr * pool.famRisk[f]! + bias);
    extra[f] = Math.exp(k.law.risk_log_rr * pool.famRisk[f]! + bias);
    sumBase += base[f]!;
    sumExtra += extra[f]!;
  }
  const scale = sumExtra > 0 ? (k.law.volume_increase * sumBase) / sumExtra : 0;
  for (let f = 0; f < pool.nFamilies; f++) extra[f] = extra[f]! * scale;
  const decay = new Float64Array(Math.ceil(r.excitation_months * 12));
  for (let i = 0; i < decay.length; i++)
    decay[i] = r.excitation * Math.exp(-i / r.excitation_months);
  const season = Float64Array.from(SEASON, (d) => 1 + r.seasonality * d);
  const birthMonth = new Int32Array(pool.nPersons);
  for (let i = 0; i < pool.nPersons; i++) birthMonth[i] = monthOfDay(pool.pBirth[i]!);
  return { base, extra, decay, season, youngRr: Math.exp(r.young_child_log_rr), birthMonth };
}

/** The young-child multiplier of family `f` in month `m`. */
export function youngFactor(pool: Pool, hz: Hazard, f: number, m: number): number {
  const end = pool.famFirst[f]! + pool.famCount[f]!;
  for (let c = pool.famFirstChild[f]!; c < end; c++) {
    const bm = hz.birthMonth[c]!;
    if (bm <= m && m < bm + 60) return hz.youngRr;
  }
  return 1;
}
