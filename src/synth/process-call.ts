/**
 * One recorded call, start to finish: name the people, look up the household's recorded history
 * (generating the family's source-system records on first contact), let the screener rate the
 * call, show the tool's score after deployment, decide (law, protocol, screener, supervisor),
 * act on screened-in children (investigation, services, placement) and write the rows.
 */
import { MS_PER_DAY } from '../core/index.js';
import { DECISION } from '../contract/index.js';
import { actOnChild, placementProbability, truePlacementLogit } from './agency.js';
import { logistic } from './calendar.js';
import { generateFamilyHistory } from './family-history.js';
import { isBlackFamily } from './hazard.js';
import { emptyHistory, householdHistory } from './household-features.js';
import {
  ageAt,
  ALLEGATION_CODE,
  drawAllegation,
  nameCall,
  type NamedRows,
  ROLE_CODE,
} from './referral-people.js';
import {
  onDuty,
  OVERRIDE_REASONS,
  overrideProbability,
  screenInProbability,
  viewCall,
} from './screening.js';
import type { SimState } from './sim-state.js';
import {
  PROTOCOL_CODE,
  protocolOf,
  standInLinear,
  standInLogit,
  ventileScore,
} from './stand-in-tool.js';

const IN = DECISION.indexOf('in');
const OUT = DECISION.indexOf('out');
const scratch: NamedRows = { persons: [], roles: [] };
const hist = emptyHistory();

/** Processes one recorded call about family `f` at `ms`; false when it names no child. */
export function processCall(
  s: SimState,
  f: number,
  ms: number,
  mandated: number,
  lawExtra: number,
): boolean {
  const { k, pool, rng } = s;
  const day = Math.floor(ms / MS_PER_DAY);
  const allegation = drawAllegation(k, pool.famRisk[f]!, lawExtra === 1, rng.people);
  if (!nameCall(pool, f, day, allegation, rng.people, scratch)) return false;
  if (s.famEvFrom[f]! < 0) {
    s.famEvFrom[f] = s.events.person.length;
    const span = { from: s.historyStart, to: s.asOf };
    generateFamilyHistory(k, pool, f, span, s.events, rng.history.fork(`family:${f}`));
    s.famEvTo[f] = s.events.person.length;
  }
  const { persons, roles } = scratch;
  for (const p of persons) s.named[p] = 1;
  householdHistory(
    s.events,
    s.famEvFrom[f]!,
    s.famEvTo[f]!,
    s.famCw[f],
    s.named,
    day,
    s.childPlaced,
    hist,
  );
  const black = isBlackFamily(pool, f) ? 1 : 0;
  const kids: number[] = [];
  const ages: number[] = [];
  for (let i = 0; i < persons.length; i++) {
    if (roles[i] !== ROLE_CODE.alleged_victim && roles[i] !== ROLE_CODE.child) continue;
    kids.push(i);
    ages.push(ageAt(pool.pBirth[persons[i]!]!, day));
  }
  const family = {
    priorReferrals: s.famRefs[f]!,
    priorScreenIns: s.famIns[f]!,
    children: kids.length,
    blackHousehold: black,
  };
  const toolLogits = kids.map((i, j) => {
    const child = {
      age: ages[j]!,
      priorPlacement: s.childPlaced[persons[i]!]!,
      victim: roles[i] === ROLE_CODE.alleged_victim ? 1 : 0,
    };
    return standInLogit(k, standInLinear(hist, family, child), black, rng.tool.normal());
  });
  const mandatory =
    allegation === ALLEGATION_CODE.abuse || allegation === ALLEGATION_CODE.severe_neglect;
  const view = viewCall(
    pool.famRisk[f]!,
    pool.famPoverty[f]!,
    allegation,
    family.priorReferrals,
    kids.length,
    rng.screening,
  );
  const screener = onDuty(s.screeners, day, rng.staff);
  const supervisor = onDuty(s.supervisors, day, rng.staff);
  const scores =
    s.cuts !== undefined && day >= s.deployDay
      ? toolLogits.map((x) => ventileScore(x, s.cuts!))
      : undefined;
  let shown: { score: number; protocol: number; correct: number; wrong: number } | undefined;
  if (scores !== undefined && !mandatory) {
    const correct = Math.max(...scores);
    const wrong = rng.tool.bernoulli(k.tool.wrong_display_rate) ? 1 : 0;
    const score = wrong ? ((correct + rng.tool.int(19)) % 20) + 1 : correct;
    shown = { score, protocol: protocolOf(k, [score], ages), correct, wrong };
  }
  const pIn = screenInProbability(k, view, screener.habit, black, shown);
  const rec = mandatory || rng.screening.bernoulli(pIn) ? IN : OUT;
  let decision = rec;
  let override = shown === undefined ? -1 : 0;
  let reason = -1;
  if (shown?.protocol === PROTOCOL_CODE.high) {
    const over = rng.screening.bernoulli(
      overrideProbability(k, supervisor.habit, black, view.risk),
    );
    decision = over ? OUT : IN;
    override = over ? 1 : 0;
    if (over) reason = rng.screening.int(OVERRIDE_REASONS.length);
  }
  const decidedMs =
    ms + 60_000 * Math.min(1380, Math.round(Math.exp(Math.log(90) + 0.8 * rng.screening.normal())));
  const r = s.refs;
  r.rowStart.push(s.rows.person.length);
  r.family.push(f);
  r.receivedMs.push(ms);
  r.decidedMs.push(decidedMs);
  r.mandated.push(mandated);
  r.lawExtra.push(lawExtra);
  r.allegation.push(allegation);
  r.channel.push(rng.people.bernoulli(0.85) ? 0 : 1);
  r.decision.push(decision);
  r.screener.push(screener.index);
  r.supervisor.push(supervisor.index);
  r.risk.push(view.risk);
  r.safety.push(view.safety);
  r.shownScore.push(shown?.score ?? 0);
  r.protocol.push(shown?.protocol ?? -1);
  r.override.push(override);
  r.reason.push(reason);
  r.perceived.push(view.perceived);
  r.recommendation.push(rec);
  r.correctScore.push(shown?.correct ?? 0);
  r.wrongDisplay.push(shown?.wrong ?? 0);
  writeRows(s, f, decidedMs, allegation, decision === IN, black, kids, ages, toolLogits, scores);
  if (decision === IN && day >= s.windowFrom && day < s.windowTo)
    for (const x of toolLogits) s.windowLogits.push(x);
  s.famRefs[f] = s.famRefs[f]! + 1;
  s.famIns[f] = s.famIns[f]! + (decision === IN ? 1 : 0);
  s.famLastIn[f] = decision === IN ? 1 : 0;
  for (const p of persons) {
    s.named[p] = 0;
    s.everNamed[p] = 1;
    s.childPlaced[p] = 0;
  }
  return true;
}

function writeRows(
  s: SimState,
  f: number,
  decidedMs: number,
  allegation: number,
  screenedIn: boolean,
  black: number,
  kids: number[],
  ages: number[],
  toolLogits: number[],
  scores: number[] | undefined,
): void {
  const { k, pool, rng, rows } = s;
  const { persons, roles } = scratch;
  const fatherAbsent =
    pool.famFirstChild[f]! - pool.famFirst[f]! > 1 && pool.pKind[pool.famFirst[f]! + 1] === 1
      ? 0
      : 1;
  const shock = 0.9 * rng.agency.normal();
  const decidedDay = Math.floor(decidedMs / MS_PER_DAY);
  let cw = s.famCw[f];
  if (cw === undefined && screenedIn) cw = s.famCw[f] = [];
  let j = 0;
  for (let i = 0; i < persons.length; i++) {
    const p = persons[i]!;
    rows.person.push(p);
    rows.role.push(roles[i]!);
    if (kids[j] !== i) {
      rows.trueRisk.push(NaN);
      rows.toolLogit.push(NaN);
      rows.correctScore.push(0);
      continue;
    }
    const inputs = {
      famRisk: pool.famRisk[f]!,
      poverty: pool.famPoverty[f]!,
      substance: pool.famSubstance[f]!,
      mental: pool.famMental[f]!,
      fatherAbsent,
      age: ages[j]!,
      priorPlacement: s.childPlaced[p]!,
      allegation,
      shock: shock + 0.5 * rng.agency.normal(),
    };
    const trueLogit = truePlacementLogit(k, inputs, hist);
    rows.trueRisk.push(logistic(trueLogit));
    rows.toolLogit.push(toolLogits[j]!);
    rows.correctScore.push(scores?.[j] ?? 0);
    if (screenedIn) {
      const boost = 1 + (pool.famRisk[f]! > 1 ? 0.5 : 0);
      const pPlace = placementProbability(k, trueLogit, black);
      actOnChild(k, s.events, cw!, p, decidedDay, pPlace, boost, s, s.asOf, rng.agency);
    }
    j++;
  }
}
