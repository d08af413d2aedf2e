/**
 * Source-system records of one family, from history_start to as_of, generated when the family
 * is first called in (each family has its own stream, `history:<family>`, so the order in which
 * families meet the agency does not change anyone's records).
 *
 * Surveillance bias lives here: each system records the same true behaviour at its own intensity
 * by race and poverty (jail bookings and juvenile probation see Black people and poor families
 * more; publicly funded behavioral health sees poor families more; benefit take-up differs by
 * group at equal need). With every surveillance knob at its neutral value, records depend only
 * on true behaviour (offending, delinquency, conditions, need).
 */
import type { Rng } from '../core/index.js';
import { addYears, DAYS_PER_YEAR, logistic } from './calendar.js';
import { addEvent, type EventStore, KIND } from './event-store.js';
import type { SynthKnobs } from './knobs.js';
import type { Pool } from './population.js';

/** Yearly booking rates by true adult offending level 0–3. */
export const JAIL_RATE = [0.005, 0.046, 0.09, 0.145];
/** Yearly juvenile-probation rates by true youth delinquency level 0–2. */
export const JPO_RATE = [0.001, 0.013, 0.06];
const CHILD = 3;

interface Span {
  from: number;
  to: number;
}

/** Appends every source-system record of family `f`'s people. */
export function generateFamilyHistory(
  k: SynthKnobs,
  pool: Pool,
  f: number,
  span: Span,
  ev: EventStore,
  rng: Rng,
): void {
  const s = k.surveillance;
  const poverty = pool.famPoverty[f]!;
  const end = pool.famFirst[f]! + pool.famCount[f]!;
  for (let p = pool.famFirst[f]!; p < end; p++) {
    const birth = pool.pBirth[p]!;
    const black = pool.pBlack[p]!;
    if (birth >= span.from && pool.pBornInCounty[p] === 1) {
      addEvent(ev, p, KIND.birth_record, birth, NaN, span.to);
    }
    const adult = { from: Math.max(span.from, addYears(birth, 18)), to: span.to };
    const jailRr = Math.exp(s.jail_black_log_rr * black + s.jail_poverty_log_rr * poverty);
    poissonEpisodes(ev, p, KIND.booking, adult, JAIL_RATE[pool.pOffending[p]!]! * jailRr, rng, () =>
      Math.exp(Math.log(3) + 1.6 * rng.normal()),
    );
    const youth = {
      from: Math.max(span.from, addYears(birth, 10)),
      to: Math.min(span.to, addYears(birth, 18)),
    };
    const jpoRr = Math.exp(s.jpo_black_log_rr * black + s.jpo_poverty_log_rr * poverty);
    poissonEpisodes(
      ev,
      p,
      KIND.supervision,
      youth,
      JPO_RATE[pool.pDelinquency[p]!]! * jpoRr,
      rng,
      () => 120 + rng.int(420),
    );
    const bhRr = Math.exp(s.bh_black_log_rr * black + s.bh_poverty_log_rr * poverty);
    const isChild = pool.pKind[p] === CHILD;
    const bhSpan = isChild
      ? { from: Math.max(span.from, addYears(birth, 12)), to: span.to }
      : adult;
    const mh = (pool.pMental[p] ? 0.12 : 0.004) * bhRr;
    poissonEpisodes(ev, p, KIND.mental_health, bhSpan, mh, rng, () => 30 + rng.int(330));
    const su = (pool.pSubstance[p] ? 0.12 : 0.003) * bhRr;
    poissonEpisodes(ev, p, KIND.substance_use, bhSpan, su, rng, () => 30 + rng.int(240));
  }
  benefitSpells(k, pool, f, span, ev, rng);
}

/** Poisson-many episodes uniformly placed in `span`, with durations from `length` (days). */
function poissonEpisodes(
  ev: EventStore,
  p: number,
  kind: number,
  span: Span,
  yearlyRate: number,
  rng: Rng,
  length: () => number,
): void {
  const years = (span.to - span.from) / DAYS_PER_YEAR;
  if (years <= 0) return;
  const n = rng.poisson(yearlyRate * years);
  for (let i = 0; i < n; i++) {
    const start = span.from + rng.int(Math.max(1, span.to - span.from));
    addEvent(ev, p, kind, start, start + Math.round(length()), span.to);
  }
}

/**
 * Yearly need (latent poverty plus an AR(1) shock); runs of needy years are spells. A spell taken
 * up gives Medicaid to everyone alive, SNAP to the mother, sometimes TANF; SSI for a few people.
 */
function benefitSpells(
  k: SynthKnobs,
  pool: Pool,
  f: number,
  span: Span,
  ev: EventStore,
  rng: Rng,
): void {
  const poverty = pool.famPoverty[f]!;
  const first = pool.famFirst[f]!;
  const end = first + pool.famCount[f]!;
  const blackHouse = pool.famRace[f] === 1 || pool.famRace[f] === 2 ? 1 : 0;
  const takeUp = logistic(1.6 + k.surveillance.benefits_black_log_odds * blackHouse);
  let shock = rng.normal() * 0.8;
  let spellFrom = -1;
  for (let y = span.from; y < span.to + DAYS_PER_YEAR; y += DAYS_PER_YEAR) {
    shock = 0.85 * shock + 0.5 * rng.normal();
    const needy = y < span.to && poverty + shock > 0.65;
    if (needy && spellFrom < 0) spellFrom = Math.floor(y + rng.int(300));
    if (!needy && spellFrom >= 0) {
      const spellTo = Math.min(span.to, Math.floor(y + rng.int(300)));
      if (rng.bernoulli(takeUp))
        emitSpell(pool, first, end, { from: spellFrom, to: spellTo }, ev, span.to, rng);
      spellFrom = -1;
    }
  }
  for (let p = first; p < end; p++) {
    if (!rng.bernoulli(0.03 + 0.02 * Math.max(0, poverty))) continue;
    const from = Math.max(span.from, pool.pBirth[p]!) + rng.int(3000);
    if (from < span.to) addEvent(ev, p, KIND.ssi, from, from + 365 * (2 + rng.int(15)), span.to);
  }
}

function emitSpell(
  pool: Pool,
  first: number,
  end: number,
  spell: Span,
  ev: EventStore,
  asOf: number,
  rng: Rng,
): void {
  for (let p = first; p < end; p++) {
    const from = Math.max(spell.from, pool.pBirth[p]!);
    if (from >= spell.to) continue;
    addEvent(ev, p, KIND.medicaid, from, spell.to, asOf);
    if (p === first) {
      addEvent(ev, p, KIND.snap, from + rng.int(60), spell.to, asOf);
      if (rng.bernoulli(0.3)) {
        const tanfEnd = Math.min(spell.to, from + 120 + rng.int(600));
        addEvent(ev, p, KIND.tanf, from + rng.int(60), tanfEnd, asOf);
      }
    }
  }
}
