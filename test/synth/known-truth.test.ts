/**
 * Knobs set to neutral remove the bias they model (docs/synthetic-county.md), so that audits can
 * later be checked against a known truth. Each check compares the default county with one whose
 * knob is neutral, same seed and scale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFeatures } from '../../src/features/index.js';
import { summarizeCounty, synthesize, truthCsv, type SynthRun } from '../../src/synth/index.js';

const SCALE = 0.3;
const SEED = 11;
let defaultRun: SynthRun | undefined;
const baseline = (): SynthRun => (defaultRun ??= synthesize({ seed: SEED, scale: SCALE }));

/**
 * Observed over expected placement (expected = the truth file's unbiased placement risk) among
 * screened-in, matured child records not re-referred within two years (so every placement
 * counted comes from this screen-in), for Black and non-Black households.
 */
function placementOverExpected(run: SynthRun): [number, number] {
  const fs = buildFeatures(run.extract);
  const truth = new Map<string, number>();
  for (const line of truthCsv(run.state, run.layout).split('\n').slice(1)) {
    const c = line.split(',');
    if (c.length > 2) truth.set(`${c[0]}|${c[1]}`, Number(c[2]));
  }
  const acc = [
    [0, 0],
    [0, 0],
  ];
  const { records: r, labels } = fs;
  for (let i = 0; i < r.n; i++) {
    const y = labels.placement_2y[i]!;
    if (r.decision[i] !== 0 || y < 0 || labels.re_referral_2y[i] !== 0) continue;
    const g = acc[r.householdRace[i]!]!;
    g[0] += y;
    g[1] += truth.get(`${r.referralId[i]}|${r.personId[i]}`)!;
  }
  return [acc[0]![0]! / acc[0]![1]!, acc[1]![0]! / acc[1]![1]!];
}

test('calibration bias: the agency places Black children more at equal true risk unless neutral', () => {
  const [b, n] = placementOverExpected(baseline());
  assert.ok(b / n > 1.15, `default: O/E Black ${b} vs non-Black ${n}`);
  const [b0, n0] = placementOverExpected(
    synthesize({ seed: SEED, scale: SCALE, set: { 'agency.placement_black_log_odds': 0 } }),
  );
  assert.ok(Math.abs(b0 / n0 - 1) < 0.08, `neutral: O/E Black ${b0} vs non-Black ${n0}`);
});

test('surveillance bias: neutral recording knobs and no poverty gap leave no source disparity', () => {
  const d = summarizeCounty(baseline().extract);
  assert.ok(d.jail_black - d.jail_non_black > 0.15);
  assert.ok(d.jpo_black - d.jpo_non_black > 0.1);
  assert.ok(d.benefits_black - d.benefits_non_black > 0.1);
  const set = {
    'surveillance.jail_black_log_rr': 0,
    'surveillance.jail_poverty_log_rr': 0,
    'surveillance.jpo_black_log_rr': 0,
    'surveillance.jpo_poverty_log_rr': 0,
    'surveillance.bh_black_log_rr': 0,
    'surveillance.bh_poverty_log_rr': 0,
    'surveillance.benefits_black_log_odds': 0,
    'population.poverty_gap_black': 0,
  };
  const s = summarizeCounty(synthesize({ seed: SEED, scale: SCALE, set }).extract);
  assert.ok(
    Math.abs(s.jail_black - s.jail_non_black) < 0.03,
    `jail ${s.jail_black} ${s.jail_non_black}`,
  );
  assert.ok(
    Math.abs(s.jpo_black - s.jpo_non_black) < 0.03,
    `jpo ${s.jpo_black} ${s.jpo_non_black}`,
  );
  assert.ok(
    Math.abs(s.benefits_black - s.benefits_non_black) < 0.03,
    `benefits ${s.benefits_black} ${s.benefits_non_black}`,
  );
});

test('law change: more calls from the law date; none without it', () => {
  const d = summarizeCounty(baseline().extract);
  assert.ok(d.law_volume_ratio > 1.12, `default ratio ${d.law_volume_ratio}`);
  const s = summarizeCounty(
    synthesize({ seed: SEED, scale: SCALE, set: { 'law.volume_increase': 0 } }).extract,
  );
  assert.ok(Math.abs(s.law_volume_ratio - 1) < 0.06, `neutral ratio ${s.law_volume_ratio}`);
});

/** Truth rows keyed by referral|person: [tool_logit, wrong_score_displayed, received day]. */
function truthRows(run: SynthRun): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of truthCsv(run.state, run.layout).split('\n').slice(1)) {
    const c = line.split(',');
    if (c.length > 2) out.set(`${c[0]}|${c[1]}`, c);
  }
  return out;
}

test('tool miscalibration: the stand-in adds black_offset to Black households only, and nothing when neutral', () => {
  // Before deployment nothing depends on the tool, so the same seed gives the same calls and the
  // stand-in's log-odds differ by exactly the offset.
  const set = { 'tool.deploy_date': '2030-01-01' };
  const a = synthesize({ seed: SEED, scale: 0.05, set });
  const b = synthesize({ seed: SEED, scale: 0.05, set: { ...set, 'tool.black_offset': 0 } });
  const ta = truthRows(a);
  const tb = truthRows(b);
  assert.equal(ta.size, tb.size);
  const fs = buildFeatures(a.extract);
  const gaps = [new Map<string, number>(), new Map<string, number>()];
  for (let i = 0; i < fs.records.n; i++) {
    const key = `${fs.records.referralId[i]}|${fs.records.personId[i]}`;
    const d = (Number(ta.get(key)![3]) - Number(tb.get(key)![3])).toFixed(4);
    const g = gaps[fs.records.householdRace[i]!]!;
    g.set(d, (g.get(d) ?? 0) + 1);
  }
  const offset = a.knobs.tool.black_offset.toFixed(4);
  // Every household with someone recorded Black gets the offset...
  assert.deepEqual([...gaps[0]!.keys()], [offset]);
  // ...and so do the few mixed families whose members on this call are recorded multiracial:
  // the simulation's family race, not the call's records, carries the offset.
  assert.deepEqual([...gaps[1]!.keys()].sort(), ['0.0000', offset]);
  const nonBlack = [...gaps[1]!.values()].reduce((x, y) => x + y, 0);
  assert.ok(gaps[1]!.get(offset)! / nonBlack < 0.1, `${gaps[1]!.get(offset)} of ${nonBlack}`);
});

test('wrong displayed scores happen at their rate, and never when neutral', () => {
  const count = (run: SynthRun) => {
    let shown = 0;
    let wrong = 0;
    const seen = new Set<string>();
    for (const c of truthRows(run).values()) {
      if (c[7] === '' || seen.has(c[0]!)) continue;
      seen.add(c[0]!);
      shown++;
      wrong += Number(c[7]);
    }
    return { shown, wrong };
  };
  const d = count(baseline());
  assert.ok(d.shown > 1000);
  assert.ok(d.wrong > 0 && d.wrong / d.shown < 0.03, `${d.wrong} of ${d.shown}`);
  const n = count(synthesize({ seed: SEED, scale: SCALE, set: { 'tool.wrong_display_rate': 0 } }));
  assert.equal(n.wrong, 0);
});

/**
 * Mantel–Haenszel odds ratio of a family ever being called in, Black vs other households, within
 * 20 strata of equal latent risk (the simulation's own famRisk, which no county records).
 */
function calledOddsRatio(run: SynthRun): number {
  const { pool, famRefs } = run.state;
  const n = pool.nFamilies;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => pool.famRisk[a]! - pool.famRisk[b]! || a - b,
  );
  const K = 20;
  let num = 0;
  let den = 0;
  for (let k = 0; k < K; k++) {
    const c = [
      [0, 0],
      [0, 0],
    ];
    for (let i = Math.floor((k * n) / K); i < Math.floor(((k + 1) * n) / K); i++) {
      const f = order[i]!;
      const black = pool.famRace[f] === 1 || pool.famRace[f] === 2 ? 1 : 0;
      c[black]![famRefs[f]! > 0 ? 1 : 0]!++;
    }
    const t = c[0]![0]! + c[0]![1]! + c[1]![0]! + c[1]![1]!;
    num += (c[1]![1]! * c[0]![0]!) / t;
    den += (c[1]![0]! * c[0]![1]!) / t;
  }
  return num / den;
}

test('reporting bias: at equal risk Black and poorer families are called in more, unless neutral', () => {
  // Measured (seed 11, scale 0.3): 1.82 by default, 1.38 with only the race term neutral (the
  // poverty gap remains), 0.98 with both reporting knobs neutral.
  const biased = calledOddsRatio(baseline());
  const neutral = calledOddsRatio(
    synthesize({
      seed: SEED,
      scale: SCALE,
      set: { 'reporting.black_log_rr': 0, 'reporting.poverty_log_rr': 0 },
    }),
  );
  assert.ok(biased > 1.5, `default odds ratio ${biased}`);
  assert.ok(Math.abs(neutral - 1) < 0.08, `neutral odds ratio ${neutral}`);
});
