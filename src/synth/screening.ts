/**
 * Call screeners and supervisors. Staff work in slots (screeners, supervisors) that turn over
 * every few years; each person has a habit (screener leniency, supervisor override propensity).
 * Before any score, the screener forms a view of the call (latent risk shows through, with
 * noise) and enters risk and safety ratings; the screener's recommendation follows that view,
 * the screener tilt by household race (screener bias knob) and, after deployment, the shown
 * score. Abuse and severe neglect are screened in by law. Under the high protocol the default
 * is screen-in and the supervisor may override (rate per supervisor, tilt by race).
 */
import type { Rng } from '../core/index.js';
import { knobDay, logistic, logit } from './calendar.js';
import type { SynthKnobs } from './knobs.js';
import { PROTOCOL_CODE } from './stand-in-tool.js';

/** One staff member: id, first and last day on the job, personal habit (log-odds). */
export interface StaffMember {
  readonly id: string;
  /** Position in Roster.all. */
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly habit: number;
}

/** Staff roster: slots, each a sequence of members covering the simulated years. */
export interface Roster {
  readonly slots: readonly (readonly StaffMember[])[];
  readonly all: readonly StaffMember[];
}

/** Builds a roster of `slots` positions with tenures of 2–12 years. */
export function buildRoster(
  prefix: string,
  slots: number,
  habitSd: number,
  from: number,
  to: number,
  rng: Rng,
): Roster {
  const all: StaffMember[] = [];
  const out: StaffMember[][] = [];
  for (let s = 0; s < slots; s++) {
    const slot: StaffMember[] = [];
    let day = from - rng.int(3000);
    while (day < to) {
      const end = day + Math.round(365 * (2 + rng.exponential(1 / 4)));
      const id = `${prefix}${String(all.length + 1).padStart(3, '0')}`;
      const m = { id, index: all.length, from: day, to: end, habit: habitSd * rng.normal() };
      slot.push(m);
      all.push(m);
      day = end;
    }
    out.push(slot);
  }
  return { slots: out, all };
}

/** The member on duty in a random slot on `day`. */
export function onDuty(roster: Roster, day: number, rng: Rng): StaffMember {
  const slot = roster.slots[rng.int(roster.slots.length)]!;
  for (const m of slot) if (day < m.to) return m;
  return slot[slot.length - 1]!;
}

/** What the screener sees of a call before any score. */
export interface CallView {
  perceived: number;
  risk: number;
  safety: number;
}

/** Allegation severity on the screener's scale (neglect, abuse, severe_neglect, other). */
const SEVERITY = [0.3, 1.2, 1.5, 0];

/** The screener's view, risk rating (1–3) and safety rating (1–3). */
export function viewCall(
  famRisk: number,
  poverty: number,
  allegation: number,
  priorReferrals: number,
  children: number,
  rng: Rng,
): CallView {
  const sev = SEVERITY[allegation]!;
  const perceived =
    0.7 * famRisk +
    0.25 * poverty +
    0.5 * sev +
    0.3 * Math.log1p(priorReferrals) +
    0.55 * (children - 1) +
    0.9 * rng.normal();
  const risk =
    1 +
    (perceived + 0.4 * rng.normal() > 0.4 ? 1 : 0) +
    (perceived + 0.4 * rng.normal() > 1.5 ? 1 : 0);
  const s = sev + 0.3 * famRisk;
  const safety = 1 + (s + rng.normal() > 1.3 ? 1 : 0) + (s + rng.normal() > 2.4 ? 1 : 0);
  return { perceived, risk, safety };
}

/** The screener's screen-in probability for a call the tool may inform. */
export function screenInProbability(
  k: SynthKnobs,
  view: CallView,
  leniency: number,
  blackHousehold: number,
  shown: { score: number; protocol: number } | undefined,
): number {
  let x =
    k.screening.intercept + view.perceived + leniency + k.screening.black_log_odds * blackHousehold;
  if (shown !== undefined) {
    if (shown.protocol === PROTOCOL_CODE.low) x += k.screening.low_protocol_log_odds;
    else x += k.screening.tool_weight * (shown.score - 10.5);
  }
  return logistic(x);
}

/** Probability that the supervisor overrides a high-protocol (mandatory) screen-in. */
export function overrideProbability(
  k: SynthKnobs,
  habit: number,
  blackHousehold: number,
  risk: number,
): number {
  const s = k.supervisor;
  if (s.override_rate <= 0) return 0;
  if (s.override_rate >= 1) return 1;
  return logistic(
    logit(s.override_rate) +
      habit +
      s.override_black_log_odds * blackHousehold -
      0.5 * (risk - 2.5),
  );
}

/** Reasons supervisors give for overrides. */
export const OVERRIDE_REASONS = [
  'no present or impending danger identified',
  'allegation not supported by collateral contacts',
  'family already engaged in services',
  'score driven by old system history',
  'duplicate of an open referral',
] as const;

/** Day numbers of the deployment date and the law change. */
export const policyDays = (k: SynthKnobs) => ({
  deploy: knobDay(k.tool.deploy_date),
  law: knobDay(k.law.date),
});
