import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRng, denseColumn, makeMatrix, sha256, sparseColumn } from '../../src/core/index.js';
import { parseGbtModel, predictGbt, predictGbtMargin } from '../../src/models/gbt-model.js';
import { TREE_ERRORS } from '../../src/models/tree-messages.js';
import { treeShap } from '../../src/models/treeshap.js';
import { float32Threshold, importXgboostJson } from '../../src/models/xgboost-import.js';
import { throwsCode } from './data.js';

// Fixture made by scripts/xgboost-fixture.py with Debian's python3-xgboost (see its header).
const DIR = new URL('../fixtures/xgboost/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
const data = JSON.parse(read('data.json')) as {
  features: string[];
  sparse: string[];
  trainRows: number;
  columns: (number | null)[][];
};
const n = data.columns[0]!.length;
const X = makeMatrix(
  n,
  data.features,
  data.columns.map((c, j) => {
    const v = Float64Array.from(c, (x) => (x === null ? NaN : x));
    if (!data.sparse.includes(data.features[j]!)) return denseColumn(v);
    const rows = [...v.keys()].filter((i) => v[i] !== 0);
    return sparseColumn(
      Uint32Array.from(rows),
      Float64Array.from(rows, (i) => v[i]!),
    );
  }),
);

for (const [model, predictions] of [
  ['model.json', 'predictions.json'],
  ['model-lossguide.json', 'predictions-lossguide.json'],
  ['model-dart.json', 'predictions-dart.json'],
] as const) {
  test(`${model}: predictions match XGBoost's own to 1e-6 (margin and probability)`, () => {
    const text = read(model);
    const m = importXgboostJson(text);
    const xgb = JSON.parse(read(predictions)) as { margin: number[]; probability: number[] };
    const margin = predictGbtMargin(m, X);
    const prob = predictGbt(m, X);
    for (let i = 0; i < n; i++) {
      assert.ok(
        Math.abs(margin[i]! - xgb.margin[i]!) < 1e-6,
        `row ${i}: ${margin[i]} vs ${xgb.margin[i]}`,
      );
      assert.ok(Math.abs(prob[i]! - xgb.probability[i]!) < 1e-6, `row ${i}`);
    }
    assert.deepEqual(m.features, data.features);
    assert.equal(m.source.kind === 'xgboost-json' && m.source.sha256, sha256(text));
    // The import is a plain gbt model: it round-trips and explains like a fitted one.
    assert.deepEqual(parseGbtModel(JSON.parse(JSON.stringify(m))), m);
    const shap = treeShap(m, X, Uint32Array.of(0, 500));
    for (const [k, r] of [0, 500].entries()) {
      let s = shap.expected;
      for (let f = 0; f < m.features.length; f++) s += shap.values[k * m.features.length + f]!;
      assert.ok(Math.abs(s - margin[r]!) < 1e-9);
    }
  });
}

test('base score: the logit of XGBoost base_score (0.3 in model.json)', () => {
  const m = importXgboostJson(read('model.json'));
  assert.ok(Math.abs(m.baseMargin - Math.log(0.3 / 0.7)) < 1e-6);
  assert.equal(m.source.kind === 'xgboost-json' && m.source.version, '1.7.4');
});

test('float32 thresholds: x < t′ exactly when fround(x) < t, on both sides of every edge', () => {
  const rng = createRng(4);
  const specials = [0, -0, 1, -1, 0.1, 1e-40, -1e-40, 3.4028234663852886e38, 16777217, 2 ** -149];
  for (let k = 0; k < 2000; k++) {
    const t = Math.fround(
      k < specials.length ? specials[k]! : (rng.next() - 0.5) * 10 ** rng.int(12),
    );
    const tp = float32Threshold(t);
    const probes = [
      t,
      tp,
      (tp + t) / 2,
      tp * (1 + 1e-16),
      tp * (1 - 1e-16),
      tp - 2 ** -1074,
      tp + 2 ** -1074,
    ];
    for (const x of probes) assert.equal(x < tp, Math.fround(x) < t, `t=${t} x=${x}`);
  }
});

test('feature names from the caller; unsupported and broken files are refused', () => {
  const text = read('model.json');
  const names = data.features.map((f) => `x_${f}`);
  assert.deepEqual(importXgboostJson(text, { features: names }).features, names);
  throwsCode(
    () => importXgboostJson(text, { features: ['a'] }),
    TREE_ERRORS.xgboost,
    'unsupported XGBoost model: 1 feature names for a model of 7 features. Fix: give one name per column of the matrix the model was trained on, in order',
  );
  const json = JSON.parse(text);
  json.learner.objective.name = 'multi:softprob';
  throwsCode(
    () => importXgboostJson(JSON.stringify(json)),
    TREE_ERRORS.xgboost,
    'unsupported XGBoost model: objective multi:softprob. Fix: train with one of binary:logistic, reg:logistic, binary:logitraw',
  );
  json.learner.objective.name = 'binary:logistic';
  json.learner.gradient_booster.model.trees[0].split_type[0] = 1;
  throwsCode(() => importXgboostJson(JSON.stringify(json)), TREE_ERRORS.xgboost);
  throwsCode(
    () => importXgboostJson('{"learner": 3}'),
    TREE_ERRORS.file,
    'invalid XGBoost model JSON: learner is a number. Fix: give the file written by XGBoost\'s Booster.save_model("model.json") (the JSON format, not the binary or the dump)',
  );
  throwsCode(() => importXgboostJson('not json'), TREE_ERRORS.file);
});
