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
