import { test } from 'node:test';
import assert from 'node:assert/strict';
import { denseColumn, makeMatrix, sparseColumn } from '../../src/core/index.js';
import {
  cvLasso,
  importCoefficientTable,
  LASSO_SCHEMA_VERSION,
  MODEL_ERRORS,
  parseLassoModel,
  predictLasso,
} from '../../src/models/index.js';
import { smallData, throwsCode } from './data.js';

const { X, y } = smallData(300, 8);
const foldOf = Int32Array.from({ length: X.nRows }, (_, i) => i % 5);
const { model } = cvLasso(X, y, { rule: 'min' }, foldOf);

test('a model round-trips exactly through JSON text', () => {
  const text = JSON.stringify(model);
  const loaded = parseLassoModel(JSON.parse(text));
  assert.deepEqual(loaded, model);
  assert.equal(JSON.stringify(loaded), text);
  assert.deepEqual(predictLasso(loaded, X), predictLasso(model, X));
  assert.equal(loaded.kind, 'lasso');
  assert.equal(loaded.schemaVersion, LASSO_SCHEMA_VERSION);
  assert.ok(Object.isFrozen(loaded) && Object.isFrozen(loaded.coefficients));
});

test('predictLasso is logistic(intercept + Σ βx), by name, for the rows asked', () => {
  const tiny = importCoefficientTable('feature,coefficient\n(Intercept),-1\na,2\nu,0.5\nb,0\n');
  // Columns in another order, one extra, and b (coefficient 0) absent.
  const M = makeMatrix(
    3,
    ['u', 'extra', 'a'],
    [
      denseColumn(Float64Array.of(0, 2, -4)),
      denseColumn(Float64Array.of(9, 9, 9)),
      sparseColumn(Uint32Array.of(1), Float64Array.of(1)),
    ],
  );
  const p = predictLasso(tiny, M);
  const expected = [-1, -1 + 2 + 1, -1 - 2].map((eta) => 1 / (1 + Math.exp(-eta)));
  p.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-15));
  assert.deepEqual(predictLasso(tiny, M, Uint32Array.of(2, 0)), Float64Array.of(p[2]!, p[0]!));
  assert.deepEqual(predictLasso(tiny, M, new Uint32Array(0)), new Float64Array(0));
  const nan = makeMatrix(
    1,
    ['u', 'a'],
    [denseColumn(Float64Array.of(NaN)), denseColumn(Float64Array.of(0))],
  );
  assert.ok(Number.isNaN(predictLasso(tiny, nan)[0]));
  throwsCode(
    () => predictLasso(tiny, makeMatrix(3, ['u'], [M.columns[0]!])),
    MODEL_ERRORS.feature,
    "model feature a is not a column of the matrix; build the matrix with the model's feature catalog",
  );
});

test('parseLassoModel rejects files that do not match the schema, naming each field', () => {
  const plain = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
  const broken = (patch: Record<string, unknown>) => ({ ...plain, ...patch });
  throwsCode(() => parseLassoModel(broken({ kind: 'gbt' })), MODEL_ERRORS.file);
  throwsCode(() => parseLassoModel(broken({ schemaVersion: 2 })), MODEL_ERRORS.file);
  throwsCode(() => parseLassoModel(broken({ extra: 1 })), MODEL_ERRORS.file);
  throwsCode(() => parseLassoModel(broken({ coefficients: [1] })), MODEL_ERRORS.file);
  throwsCode(
    () =>
      parseLassoModel(
        broken({ coefficients: (plain['coefficients'] as number[]).map(() => null) }),
      ),
    MODEL_ERRORS.file,
  );
  const features = [...(plain['features'] as string[])];
  features[1] = features[0]!;
  assert.throws(
    () => parseLassoModel(broken({ features })),
    (e: Error) => e.message.includes(`features: feature ${features[0]} appears twice`),
  );
  throwsCode(() => parseLassoModel(null), MODEL_ERRORS.file);
});
