/** A tiny hand-built extract for feature tests: two families, a few events, three referrals. */
import { parseDate, parseDateTime } from '../../src/core/index.js';
import { allocTable, type Extract } from '../../src/contract/index.js';
import {
  ALLEGATION,
  DECISION,
  RACE,
  ROLE,
  SEX,
  HISPANIC,
  SOURCE,
} from '../../src/contract/index.js';

type Person = [id: string, birth: string, sex: string, race: string];
type Referral = [
  id: string,
  at: string,
  allegation: string,
  decision: string | null,
  decidedAt: string | null,
];
type Member = [referral: string, person: string, role: string];
type Event = [person: string, source: string, kind: string, start: string, end: string | null];

export interface FixtureSpec {
  asOf: string;
  persons: Person[];
  referrals: Referral[];
  members: Member[];
  events: Event[];
}

/** Builds an in-memory Extract from compact row lists. */
export function makeExtract(spec: FixtureSpec): Extract {
  const persons = allocTable('persons', spec.persons.length);
  spec.persons.forEach(([id, birth, sex, race], i) => {
    persons.person_id[i] = id;
    persons.birth_date[i] = parseDate(birth);
    persons.sex[i] = SEX.indexOf(sex as never);
    persons.race[i] = RACE.indexOf(race as never);
    persons.hispanic[i] = HISPANIC.indexOf('no');
  });
  const referrals = allocTable('referrals', spec.referrals.length);
  spec.referrals.forEach(([id, at, allegation, decision, decidedAt], i) => {
    referrals.referral_id[i] = id;
    referrals.received_at[i] = parseDateTime(at);
    referrals.allegation[i] = ALLEGATION.indexOf(allegation as never);
    referrals.screening_decision[i] = decision === null ? -1 : DECISION.indexOf(decision as never);
    referrals.decided_at[i] = decidedAt === null ? NaN : parseDateTime(decidedAt);
  });
  const rp = allocTable('referral_persons', spec.members.length);
  spec.members.forEach(([r, p, role], i) => {
    rp.referral_id[i] = r;
    rp.person_id[i] = p;
    rp.role[i] = ROLE.indexOf(role as never);
  });
  const events = allocTable('events', spec.events.length);
  spec.events.forEach(([p, source, kind, start, end], i) => {
    events.person_id[i] = p;
    events.source[i] = SOURCE.indexOf(source as never);
    events.kind[i] = kind;
    events.start_date[i] = parseDate(start);
    events.end_date[i] = end === null ? NaN : parseDate(end);
  });
  return {
    manifest: {
      contract: 'sightline/1',
      name: 'fixture',
      as_of: spec.asOf,
      created_at: '2026-01-01T00:00:00Z',
    },
    asOfDay: parseDate(spec.asOf),
    persons,
    referrals,
    referral_persons: rp,
    events,
  };
}

/** Two families: A (black mother, two children) referred twice; B (white father, one child). */
export const SMALL: FixtureSpec = {
  asOf: '2016-12-31',
  persons: [
    ['A-mom', '1985-06-01', 'f', 'black'],
    ['A-kid1', '2008-02-10', 'm', 'black'],
    ['A-kid2', '2012-09-30', 'f', 'multiracial'],
    ['B-dad', '1980-01-01', 'm', 'white'],
    ['B-kid', '2001-05-05', 'f', 'white'],
  ],
  referrals: [
    ['R1', '2012-03-01T10:00:00Z', 'neglect', 'out', '2012-03-01T12:00:00Z'],
    ['R2', '2014-03-01T10:00:00Z', 'neglect', 'in', '2014-03-02T09:00:00Z'],
    ['R3', '2013-06-15T08:00:00Z', 'other', 'in', '2013-06-15T09:00:00Z'],
  ],
  members: [
    ['R1', 'A-mom', 'parent'],
    ['R1', 'A-mom', 'alleged_perpetrator'],
    ['R1', 'A-kid1', 'alleged_victim'],
    ['R2', 'A-mom', 'parent'],
    ['R2', 'A-kid1', 'child'],
    ['R2', 'A-kid2', 'alleged_victim'],
    ['R3', 'B-dad', 'parent'],
    ['R3', 'B-kid', 'alleged_victim'],
  ],
  events: [
    ['A-mom', 'jail', 'booking', '2005-01-01', null],
    ['A-mom', 'jail', 'booking', '2013-09-01', null],
    ['A-mom', 'behavioral_health', 'substance_use', '2011-01-01', '2011-06-01'],
    ['A-mom', 'public_benefits', 'snap', '2009-01-01', null],
    ['A-mom', 'public_benefits', 'wic', '2010-01-01', null],
    ['A-kid1', 'child_welfare', 'placement', '2014-03-01', null],
    ['A-kid1', 'child_welfare', 'placement', '2015-01-01', '2015-06-01'],
    ['B-kid', 'juvenile_probation', 'supervision', '2012-06-15', '2013-06-15'],
    ['B-dad', 'jail', 'booking', '2013-06-15', null],
  ],
};
