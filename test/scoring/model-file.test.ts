import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, denseColumn, makeMatrix } from '../../src/core/index.js';
import { fitForest, fitGbt, predictForest, predictGbt } from '../../src/models/index.js';
import {
  PROTOCOL_PRESETS,
  formatModelFile,
  modelSummary,
  parseModelFile,
  predictModel,
  type ModelFile,
} from '../../src/scoring/index.js';

const rng = createRng(5);
const n = 400;
const a = Float64Array.from({ length: n }, () => rng.normal());
const b = Float64Array.from({ length: n }, () => (rng.next() < 0.2 ? 1 : 0));
const y = Uint8Array.from({ length: n }, (_, i) =>
  rng.next() < 1 / (1 + Math.exp(-(a[i]! + 2 * b[i]! - 1))) ? 1 : 0,
);
const X = makeMatrix(n, ['a', 'b'], [denseColumn(a), denseColumn(b)]);

function fileOf(model: ModelFile['model']): ModelFile {
  return {
    format: 'sightline-model',
    schemaVersion: 1,
    model,
    scale: { kind: 'probability' },
    aggregation: 'household_max',
    protocol: PROTOCOL_PRESETS['allegheny-v2']!,
    training: null,
  };
}

test('a model file holds boosted trees or a forest too, and predicts as the model does after a round trip', () => {
  const gbt = fitGbt({ rounds: 20, maxLeaves: 7 }, X, y, { seed: 1 });
  const forest = fitForest({ trees: 10, maxDepth: 4 }, X, y, { seed: 1 });
  for (const [model, direct] of [
    [gbt, predictGbt(gbt, X)],
    [forest, predictForest(forest, X)],
  ] as const) {
    const loaded = parseModelFile(JSON.parse(formatModelFile(fileOf(model))));
    assert.ok(Object.isFrozen(loaded.model), 'a loaded model is frozen');
    assert.deepEqual(predictModel(loaded, X), direct);
    assert.equal(modelSummary(loaded.model).nonzero, null);
  }
  assert.match(modelSummary(gbt).text, /^boosted trees, 20 trees over 2 features$/);
  assert.throws(() => parseModelFile({ ...fileOf(gbt), model: { ...gbt, kind: 'svm' } }), /model/);
});
