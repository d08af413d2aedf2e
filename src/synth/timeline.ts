/**
 * The simulation clock: month by month from the burn-in start to as_of, every family with a
 * child under 18 may be called in (hazard.ts); recorded calls go through processCall. When the
 * clock reaches the deployment month, the stand-in tool's ventile cut points are fixed from the
 * screened-in child records of the training window.
 */
import type { Rng } from '../core/index.js';
import { MS_PER_DAY } from '../core/index.js';
import { dayOfMonth, knobDay, monthOfDay } from './calendar.js';
import { buildHazard, youngFactor } from './hazard.js';
import type { SynthKnobs } from './knobs.js';
import type { Pool } from './population.js';
import { processCall } from './process-call.js';
import { buildRoster } from './screening.js';
import { createState, type SimState } from './sim-state.js';
import { ventileCuts } from './stand-in-tool.js';

/** Hour-of-day weights of incoming calls (office hours heavy, some at night). */
const HOUR_W = [1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 10, 9, 10, 10, 9, 7, 5, 4, 3, 3, 2, 2, 1];

/** The training window of the stand-in tool (DOMAIN §2): received 2010-04-01..2014-07-31. */
export const TRAINING_WINDOW = { from: '2010-04-01', to: '2014-08-01' } as const;

/** Runs the whole simulation on a pool. */
export function runTimeline(k: SynthKnobs, pool: Pool, rng: Rng): SimState {
  const asOf = knobDay(k.calendar.as_of);
  const start = knobDay(k.calendar.referral_start);
  const staffRng = rng.fork('staff');
  const s = createState({
    k,
    pool,
    hazard: buildHazard(k, pool),
    asOf,
    historyStart: knobDay(k.calendar.history_start),
    deployDay: knobDay(k.tool.deploy_date),
    windowFrom: knobDay(TRAINING_WINDOW.from),
    windowTo: knobDay(TRAINING_WINDOW.to),
    rng: {
      people: rng.fork('referral-people'),
      screening: rng.fork('screening'),
      agency: rng.fork('agency'),
      tool: rng.fork('tool'),
      history: rng.fork('history'),
      staff: rng.fork('staff-duty'),
    },
    screeners: buildRoster(
      'S',
      k.screening.screeners,
      k.screening.screener_sd,
      start,
      asOf,
      staffRng.fork('screeners'),
    ),
    supervisors: buildRoster(
      'V',
      k.screening.supervisors,
      k.supervisor.override_sd,
      start,
      asOf,
      staffRng.fork('supervisors'),
    ),
  });
  const calls = rng.fork('referrals');
  const startM = monthOfDay(start);
  const lawM = monthOfDay(knobDay(k.law.date));
  const deployM = monthOfDay(s.deployDay);
  const endM = monthOfDay(asOf - 1) + 1;
  const hz = s.hazard;
  const inAfter = k.referrals.excitation_after_in;
  const times: number[] = [];
  for (let m = startM - 12 * k.referrals.burn_in_years; m < endM; m++) {
    if (m === deployM) s.cuts = ventileCuts(s.windowLogits.toArray());
    const first = dayOfMonth(m);
    const days = Math.min(dayOfMonth(m + 1), asOf) - first;
    const season = hz.season[m % 12]!;
    for (let f = 0; f < pool.nFamilies; f++) {
      if (m < pool.famActiveFrom[f]! || m >= pool.famActiveTo[f]!) continue;
      const since = m - s.famLastMonth[f]!;
      const ex = since < hz.decay.length ? hz.decay[since]! * (s.famLastIn[f] ? inAfter : 1) : 0;
      const young = youngFactor(pool, hz, f, m);
      const h = hz.base[f]! * young * season * (1 + ex);
      const hx = m >= lawM ? hz.extra[f]! * young * season : 0;
      const u = calls.next();
      if (u >= h + hx) continue;
      times.length = 0;
      const n = calls.next() < (h + hx) / 2 ? 2 : 1;
      for (let i = 0; i < n; i++) {
        const minute = calls.pick(HOUR_W) * 60 + calls.int(60);
        times.push((first + calls.int(days)) * MS_PER_DAY + minute * 60_000 + calls.int(60) * 1000);
      }
      times.sort((a, b) => a - b);
      s.famLastMonth[f] = m;
      for (let i = 0; i < n; i++) {
        const extra = i === 0 && u >= h ? 1 : 0;
        const mandated = extra === 1 || calls.bernoulli(0.6) ? 1 : 0;
        if (m < startM) s.famLastIn[f] = calls.bernoulli(0.5) ? 1 : 0;
        else processCall(s, f, times[i]!, mandated, extra);
      }
    }
  }
  return s;
}
