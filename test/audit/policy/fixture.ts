/**
 * A hand-made policy context small enough to work every number out by hand: four referrals, seven
 * child records, a one-feature logistic model whose feature is the logit of the wanted
 * probability, and ventile cut points at k/20, so a record meant to score s has p = (s − ½)/20.
 *
 *   referral  race       record  age  alleged victim  score  placed  people named
 *   H0        Black      c0       3   yes             18     1       4
 *                        c1      10   no               5     0
 *   H1        Black      c2       8   yes             12     0       3
 *   H2        non-Black  c3      15   yes             19     0       5
 *                        c4      17   no               6     0
 *   H3        non-Black  c5       2   yes              3     1       6
 *                        c6       5   no              20     0
 *
 * Protocols (Allegheny V2): H0 high (18, a child under 16), H1 low (12, every child ≥ 7), H2 high
 * (19, a child of 15), H3 high (20, a child of 2).
 */
import { makeMatrix, denseColumn, sparseColumn } from '../../../src/core/index.js';
import type { FeatureSet } from '../../../src/features/index.js';
import { specFromName, type PolicyContext } from '../../../src/audit/index.js';
import {
  MODEL_FILE_VERSION,
  PROTOCOL_PRESETS,
  type ModelFile,
} from '../../../src/scoring/index.js';

export const SCORES = [18, 5, 12, 19, 6, 3, 20];
export const HOUSEHOLD = [0, 0, 1, 2, 2, 3, 3];
export const AGES = [3, 10, 8, 15, 17, 2, 5];
export const VICTIM = [1, 0, 1, 1, 0, 1, 0];
export const PLACED = [1, 0, 0, 0, 0, 1, 0];
/** 0 Black household, 1 non-Black. */
export const RACE = [0, 0, 0, 1, 1, 1, 1];
export const PEOPLE = [4, 4, 3, 5, 5, 6, 6];
export const BH = 'behavioral_health.any.alleged_perpetrators.ever.indicator';
export const JPO = 'juvenile_probation.supervision.household.ever.indicator';

const logit = (p: number) => Math.log(p / (1 - p));
/** The probability that scores s on the k/20 ventile scale. */
export const probOf = (s: number) => (s - 0.5) / 20;

/** A model file: η = 0 + 1·x + β·BH + 0·JPO, ventiles cut at k/20, Allegheny V2. */
export function fixtureFile(beta = 0): ModelFile {
  return {
    format: 'sightline-model',
    schemaVersion: MODEL_FILE_VERSION,
    model: {
      kind: 'lasso',
      schemaVersion: 1,
      link: 'logit',
      features: ['x', BH, JPO],
      intercept: 0,
      coefficients: [1, beta, 0],
      lambda: 0.01,
      lambdaMin: 0.005,
      lambdaOneSe: 0.01,
      rule: '1se',
      cv: {
        typeMeasure: 'deviance',
        folds: 5,
        lambda: [0.02, 0.01, 0.005],
        cvm: [0.9, 0.8, 0.79],
        cvsd: [0.02, 0.02, 0.02],
        nonzero: [0, 1, 2],
      },
      params: null,
      source: { kind: 'cv-lasso', rows: 7, weightSum: 7 },
    },
    scale: {
      kind: 'quantile',
      bins: 20,
      cutPoints: Array.from({ length: 19 }, (_, k) => (k + 1) / 20),
      population: { description: 'test rows: a hand-made fixture', n: 7 },
    },
    aggregation: 'household_max',
    protocol: PROTOCOL_PRESETS['allegheny-v2']!,
    training: {
      population: 'screened_in',
      label: 'placement_2y',
      from: '2010-04-01',
      to: '2014-08-01',
      split: 'grouped',
      testShare: 0.3,
      folds: 5,
      seed: 1,
      cutDate: null,
      rowsPopulation: 7,
      rowsTrain: 1,
      rowsTest: 7,
      positivesTrain: 0,
      positivesTest: 2,
      leakage: 'hand-made',
      dataHash: 'sha256:fixture',
    },
  };
}

/** The feature set: x = logit(p), BH on c0 and c3, JPO on H0's records. */
export function fixtureFeatures(
  x: readonly number[] = SCORES.map((s) => logit(probOf(s))),
  bh = [1, 0, 0, 1, 0, 0, 0],
): FeatureSet {
  const n = SCORES.length;
  const bhRows = bh.flatMap((v, i) => (v !== 0 ? [i] : []));
  const matrix = makeMatrix(
    n,
    ['x', BH, JPO],
    [
      denseColumn(Float64Array.from(x)),
      sparseColumn(
        Uint32Array.from(bhRows),
        Float64Array.from(bhRows, () => 1),
      ),
      sparseColumn(Uint32Array.from([0, 1]), Float64Array.from([1, 1])),
    ],
  );
  const placed = Int8Array.from(PLACED);
  const household = Int8Array.from(HOUSEHOLD, (h) =>
    HOUSEHOLD.some((g, i) => g === h && PLACED[i] === 1) ? 1 : 0,
  );
  const ids = (p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
  return {
    catalog: [BH, JPO].map(specFromName),
    matrix,
    labels: {
      placement_2y: placed,
      re_referral_2y: new Int8Array(n),
      household_placement_2y: household,
      household_re_referral_2y: new Int8Array(n),
      matured: new Uint8Array(n).fill(1),
    },
    records: {
      n,
      referralId: HOUSEHOLD.map((h) => `R${h}`),
      personId: ids('P'),
      referralRow: Uint32Array.from(HOUSEHOLD),
      household: Uint32Array.from(HOUSEHOLD),
      child: Uint32Array.from({ length: n }, (_, i) => i),
      receivedAt: new Float64Array(n),
      callDay: new Float64Array(n),
      age: Float64Array.from(AGES),
      ageBand: new Int8Array(n),
      sex: new Int8Array(n),
      childRace: new Int8Array(n),
      householdRace: Int8Array.from(RACE),
      isAllegedVictim: Uint8Array.from(VICTIM),
      householdSize: Uint16Array.from(PEOPLE),
      allegation: new Int8Array(n),
      decision: new Int8Array(n),
    },
  };
}

/** The context: every record is an evaluation record; probabilities from the model. */
export function fixtureContext(file = fixtureFile(), fs = fixtureFeatures()): PolicyContext {
  const n = fs.records.n;
  const x = fs.matrix.columns[0]!;
  const b = file.model.kind === 'lasso' ? file.model.coefficients[1]! : 0;
  const bh = new Float64Array(n);
  const c = fs.matrix.columns[1]!;
  if (c.kind === 'sparse') c.rows.forEach((r, k) => (bh[r] = c.values[k]!));
  const probability = Float64Array.from({ length: n }, (_, i) => {
    const eta = (x.kind === 'dense' ? x.values[i]! : 0) + b * bh[i]!;
    return 1 / (1 + Math.exp(-eta));
  });
  const y = (l: Int8Array) => Uint8Array.from(l, (v) => (v === 1 ? 1 : 0));
  return {
    fs,
    file,
    population: Uint32Array.from({ length: n }, (_, i) => i),
    split: { train: new Uint32Array(0), test: Uint32Array.from({ length: n }, (_, i) => i) },
    folds: null,
    y: { child: y(fs.labels.placement_2y), household: y(fs.labels.household_placement_2y) },
    labels: { child: 'placement_2y', household: 'household_placement_2y' },
    probability,
    scaleReference: 'test',
    replayed: true,
    evaluation: 'the 7 records of the fixture',
    issues: [],
  };
}
