/**
 * The process analyses on a hand-made table of twelve referrals whose every count is worked out
 * below: screen-in by score, protocol agreement, overrides, the four-way table (rate-matched
 * threshold 12; tool-alone gap 40 points, actual gap 0, change −40 ± 1.96·√0.08), the wrong-score
 * check, reliance AUCs, and the decision table built from a real extract.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFeatures } from '../../../src/features/index.js';
import { synthesize } from '../../../src/synth/index.js';
import {
  decisionTable,
  fourWay,
  glitchCheck,
  overrideAnalysis,
  protocolAgreement,
  rateMatchedThreshold,
  recomputedScores,
  reliance,
  runProcess,
  screenInByScore,
  screenerTilt,
  spearman,
  type DecisionTable,
} from '../../../src/audit/index.js';

// group, mandatory, in, screener, supervisor, risk, safety, shown, protocol, override, recomputed
const ROWS: [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
][] = [
  [0, 0, 1, 0, 0, 3, 2, 19, 0, 0, 19],
  [0, 0, 0, 0, 0, 2, 1, 18, 0, 1, 18],
  [0, 0, 1, 1, 1, 2, 2, 14, 2, 0, 14],
  [0, 0, 0, 1, 1, 1, 1, 9, 1, 0, 3], // shown 6 points too high
  [0, 0, 1, 0, 0, 2, 1, 12, 2, 0, 12],
  [1, 0, 0, 0, 1, 1, 1, 9, 1, 0, 9],
  [1, 0, 1, 1, 1, 3, 3, 20, 0, 0, 20],
  [1, 0, 1, 1, 0, 1, 2, 11, 2, 0, 16], // shown 5 points too low
  [1, 0, 0, 0, 0, 2, 1, 8, 1, 0, 8],
  [1, 0, 1, 0, 1, 2, 2, 16, 2, 0, 16],
  [0, 1, 1, 0, 0, 3, 3, NaN, -1, -1, NaN], // abuse: required by law
  [1, 0, -1, 1, 1, 1, 1, 6, 1, 0, 6], // no decision recorded
];

function table(): DecisionTable {
  const col = <T>(k: number, f: (v: number) => T) => ROWS.map((r) => f(r[k]!));
  const n = ROWS.length;
  return {
    n,
    referralId: ROWS.map((_, i) => `R${i}`),
    day: Float64Array.from({ length: n }, (_, i) => 16000 + i),
    group: Int8Array.from(col(0, (v) => v)),
    groups: ['black', 'non_black'],
    mandatory: Uint8Array.from(col(1, (v) => v)),
    allegation: Int8Array.from(col(1, (v) => (v === 1 ? 1 : 0))),
    screenedIn: Int8Array.from(col(2, (v) => v)),
    screener: Int32Array.from(col(3, (v) => v)),
    screeners: ['S0', 'S1'],
    supervisor: Int32Array.from(col(4, (v) => v)),
    supervisors: ['V0', 'V1'],
    risk: Int8Array.from(col(5, (v) => v)),
    safety: Int8Array.from(col(6, (v) => v)),
    shownScore: Float64Array.from(col(7, (v) => v)),
    shownProtocol: Int8Array.from(col(8, (v) => v)),
    override: Int8Array.from(col(9, (v) => v)),
    recomputed: Float64Array.from(col(10, (v) => v)),
    children: new Uint16Array(n).fill(1),
    priorReferrals: new Uint32Array(n),
  };
}

const t = table();
const all = Uint32Array.from({ length: t.n }, (_, i) => i);
const decided = all.filter((i) => t.mandatory[i] === 0 && t.screenedIn[i]! >= 0);

test('the four-way table and the gaps, worked by hand', () => {
  // Six of ten decided referrals were screened in; "score ≥ 12" flags exactly six of ten.
  assert.equal(rateMatchedThreshold(t.shownScore, decided, 0.6), 12);
  const f = fourWay(t, decided, t.shownScore, 'rate');
  assert.equal(f.threshold, 12);
  const [black, nonBlack, everyone] = f.rows;
  assert.deepEqual(
    [
      black!.toolInPeopleIn,
      black!.toolInPeopleOut,
      black!.toolOutPeopleIn,
      black!.toolOutPeopleOut,
    ],
    [3, 1, 0, 1],
  );
  assert.deepEqual(
    [
      nonBlack!.toolInPeopleIn,
      nonBlack!.toolInPeopleOut,
      nonBlack!.toolOutPeopleIn,
      nonBlack!.toolOutPeopleOut,
    ],
    [2, 0, 1, 2],
  );
  assert.equal(everyone!.n, 10);
  assert.equal(black!.toolAlone.rate, 0.8);
  assert.equal(black!.actual.rate, 0.6);
  const g = f.gaps[0]!;
  assert.ok(Math.abs(g.toolAlone.value - 0.4) < 1e-12);
  assert.equal(g.actual.value, 0);
  // Paired differences: black (0, −1, 0, 0, 0), non-Black (0, 0, +1, 0, 0): means −0.2 and +0.2,
  // each with variance of the mean 0.2/5 = 0.04.
  assert.ok(Math.abs(g.change.value + 0.4) < 1e-12);
  assert.ok(
    Math.abs(g.change.lo - (-0.4 - 1.959963984540054 * Math.sqrt(0.08))) < 1e-12,
    `${g.change.lo}`,
  );
  // The protocol rule: high protocol = the tool says in.
  const p = fourWay(t, decided, t.shownScore, 'protocol');
  assert.equal(p.rows[2]!.toolAlone.k, 3);
  assert.equal(fourWay(t, decided, t.shownScore, 16).rows[2]!.toolAlone.k, 4);
});

test('screen-in by score, protocol agreement and overrides, counted by hand', () => {
  const s = screenInByScore(t, decided, t.shownScore, 20);
  const at9 = s.filter((r) => r.score === 9);
  assert.deepEqual(
    at9.map((r) => [r.group, r.k, r.n]),
    [
      ['black', 0, 1],
      ['non_black', 0, 1],
      ['all', 0, 2],
    ],
  );
  assert.equal(s.find((r) => r.score === 16 && r.group === 'all')!.rate, 1);
  const a = protocolAgreement(t, decided);
  const cell = (p: string, g: string) => a.find((x) => x.protocol === p && x.group === g)!.followed;
  assert.deepEqual([cell('high', 'black').k, cell('high', 'black').n], [1, 2]);
  assert.deepEqual([cell('high', 'all').k, cell('high', 'all').n], [2, 3]);
  assert.deepEqual([cell('low', 'all').k, cell('low', 'all').n], [3, 3]);
  assert.deepEqual([cell('none', 'non_black').k, cell('none', 'non_black').n], [2, 2]);
  const o = overrideAnalysis(t, all, 2);
  assert.equal(o.rows, 3);
  assert.deepEqual(
    o.disparity.byGroup.map((g) => [g.k, g.n]),
    [
      [1, 2],
      [0, 1],
      [1, 3],
    ],
  );
  assert.deepEqual(
    o.bySupervisor.map((v) => [v.supervisor, v.k, v.n, v.few]),
    [
      ['V0', 1, 2, false],
      ['V1', 0, 1, true],
    ],
  );
  assert.ok(Math.abs(o.disparity.contrasts[0]!.value - 0.5) < 1e-12);
  const tilt = screenerTilt(t, all);
  assert.equal(tilt.rows, 7);
  assert.deepEqual(
    tilt.byGroup.map((g) => [g.k, g.n]),
    [
      [2, 3],
      [2, 4],
      [4, 7],
    ],
  );
});

test('wrong scores: which referrals, which direction, what people did', () => {
  const g = glitchCheck(t, all, 20);
  assert.equal(g.compared, 11);
  assert.deepEqual(
    g.differing.map((d) => [d.k, d.n]),
    [
      [1, 5],
      [1, 6],
      [2, 11],
    ],
  );
  assert.deepEqual(g.referralIds, ['R3', 'R7']);
  const [higher, lower] = g.directions;
  assert.equal(higher!.referrals, 1);
  assert.equal(higher!.meanAbsoluteError, 6);
  assert.equal(higher!.expectedAtShown, 0); // R5 was shown 9 correctly and screened out
  assert.ok(Number.isNaN(higher!.expectedAtCorrect)); // nobody was shown 3 correctly
  assert.equal(lower!.screenIn.k, 1);
  assert.equal(lower!.expectedAtCorrect, 1); // R9 was shown 16 correctly and screened in
  assert.equal(g.mostDiffer, false);
});

test('reliance: AUC of the ratings and of the score for the decision, and Spearman', () => {
  const r = reliance(
    t,
    all.filter((i) => t.shownProtocol[i] !== 0 && t.screenedIn[i]! >= 0 && t.mandatory[i] === 0),
    t.shownScore,
  );
  const everyone = r.find((x) => x.group === 'all')!;
  // Risk × safety of screened-in (4, 2, 2, 4) vs screened-out (1, 1, 2): 11 of 12 pairs won.
  assert.ok(Math.abs(everyone.ratings.value - 11 / 12) < 1e-12);
  assert.equal(everyone.score.value, 1);
  assert.equal(everyone.n, 7);
  const a = Float64Array.from([1, 2, 3, 4]);
  const b = Float64Array.from([1, 3, 2, 4]);
  assert.ok(Math.abs(spearman(a, b, Uint32Array.from([0, 1, 2, 3])) - 0.8) < 1e-12);
});

test('the process report counts its population and warns about another model', () => {
  const rep = runProcess({ table: t, source: {}, options: {} });
  assert.equal(rep.population.requiredByLaw, 1);
  assert.equal(rep.population.undecided, 1);
  assert.equal(rep.population.decided, 10);
  assert.equal(rep.score.source, 'shown');
  const wrong = { ...t, recomputed: Float64Array.from(t.recomputed, (v) => v + 1) };
  const other = runProcess({ table: wrong, source: {}, options: {} });
  assert.equal(other.glitch!.mostDiffer, true);
  assert.deepEqual(
    other.issues.map((i) => i.code),
    ['W_PROCESS_GLITCH_MODEL'],
  );
});

test('recomputed scores: the household maximum per referral, and errors that name the fix', () => {
  const csv = 'referral_id,person_id,tool_score\nR1,a,4\nR1,b,9\nR2,c,\nR9,d,3\n';
  const r = recomputedScores(csv, 'tool_score', ['R1', 'R2', 'R3'], 'truth.csv');
  assert.deepEqual(Array.from(r.scores), [9, NaN, NaN]);
  assert.equal(r.empty, 1);
  assert.equal(r.matched, 1);
  assert.deepEqual(
    r.issues.map((i) => i.code),
    ['W_RECOMPUTED_UNMATCHED'],
  );
  assert.throws(
    () => recomputedScores(csv, 'score', ['R1'], 'truth.csv'),
    /truth.csv needs the columns referral_id and score; its header has referral_id, person_id, tool_score/,
  );
  assert.throws(
    () => recomputedScores('referral_id,score\nR1,high\n', 'score', ['R1'], 't.csv'),
    /t.csv line 2, column score: "high" is not a number/,
  );
});

test('the decision table of an extract: household race as the features layer has it', () => {
  const run = synthesize({ seed: 2, scale: 0.03 });
  const d = decisionTable(run.extract);
  const fs = buildFeatures(run.extract);
  for (let i = 0; i < fs.records.n; i++) {
    assert.equal(d.group[fs.records.referralRow[i]!], fs.records.householdRace[i]);
  }
  const r = run.extract.referrals;
  assert.equal(d.n, r.n);
  const highOverridden = Array.from(d.override).filter(
    (v, i) => v === 1 && d.shownProtocol[i] === 0,
  ).length;
  assert.equal(highOverridden, Array.from(r.override).filter((v) => v === 1).length);
  // Children named: at least one per referral that has a child record.
  for (let i = 0; i < fs.records.n; i++) assert.ok(d.children[fs.records.referralRow[i]!]! >= 1);
  assert.ok(d.priorReferrals.some((v) => v > 0));
});
