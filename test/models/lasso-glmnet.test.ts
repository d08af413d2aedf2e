/**
 * Agreement with R's glmnet 4.1 (cv.glmnet, family = "binomial") on the committed fixture
 * test/fixtures/glmnet (regenerate with scripts/glmnet-fixture-data.ts then
 * scripts/glmnet-fixture.R). R is not needed here: the expected values are in expected.json.
 * Tolerances: λ 1e-6 relative; path coefficients, intercepts and deviance ratios 1e-4 absolute
 * (the agreement measured is about 1e-14); cvm and cvsd 1e-4 absolute; λ_min/λ_1se exactly the
 * same grid point.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cvLasso } from '../../src/models/index.js';
import { loadGlmnetData, loadGlmnetExpected } from './glmnet-fixture.js';
import type { GlmnetCase } from './glmnet-fixture.js';

const data = loadGlmnetData();
const expected = loadGlmnetExpected();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'lengths differ');
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'lengths differ');
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! / b[i]! - 1));
  return m;
}

function run(c: GlmnetCase, rule: '1se' | 'min') {
  return cvLasso(
    data.X,
    data.y,
    {
      thresh: c.thresh,
      typeMeasure: c.typeMeasure,
      foldLambdas: c.foldLambdas,
      standardize: c.standardize,
      rule,
    },
    data.foldOf,
    c.weighted ? { weights: data.w } : {},
  );
}

assert.deepEqual(expected.features, data.X.names);

for (const [name, c] of Object.entries(expected.cases)) {
  test(`glmnet agreement (${name}): λ sequence, path, deviance`, () => {
    const { path } = run(c, '1se');
    assert.equal(path.lambdas.length, c.lambda.length, 'path length');
    assert.ok(maxRelDiff(path.lambdas, c.lambda) < 1e-6, 'lambda');
    assert.ok(maxAbsDiff(path.intercepts, c.a0) < 1e-4, 'intercepts');
    path.coefficients.forEach((beta, k) => {
      assert.ok(maxAbsDiff(beta, c.beta[k]!) < 1e-4, `coefficients at λ index ${k}`);
    });
    assert.ok(maxAbsDiff(path.devRatio, c.devRatio) < 1e-6, 'dev.ratio');
    assert.ok(Math.abs(path.nullDeviance / c.nulldev - 1) < 1e-9, 'nulldev');
    assert.deepEqual(Array.from(path.df), c.df);
  });

  test(`glmnet agreement (${name}): cvm, cvsd, λ_min, λ_1se and their coefficients`, () => {
    const oneSe = run(c, '1se');
    assert.ok(maxAbsDiff(oneSe.cv.cvm, c.cvm) < 1e-4, 'cvm');
    assert.ok(maxAbsDiff(oneSe.cv.cvsd, c.cvsd) < 1e-4, 'cvsd');
    assert.deepEqual(Array.from(oneSe.cv.nonzero), c.nzero);
    assert.ok(Math.abs(oneSe.cv.lambdaMin / c.lambdaMin - 1) < 1e-6, 'lambda.min');
    assert.ok(Math.abs(oneSe.cv.lambdaOneSe / c.lambda1se - 1) < 1e-6, 'lambda.1se');
    assert.equal(oneSe.model.lambda, oneSe.cv.lambdaOneSe);
    assert.ok(Math.abs(oneSe.model.intercept - c.intercept1se) < 1e-4, 'intercept at 1se');
    assert.ok(maxAbsDiff(oneSe.model.coefficients, c.coef1se) < 1e-4, 'coefficients at 1se');
    const min = run(c, 'min');
    assert.equal(min.model.lambda, min.cv.lambdaMin);
    assert.ok(Math.abs(min.model.intercept - c.interceptMin) < 1e-4, 'intercept at min');
    assert.ok(maxAbsDiff(min.model.coefficients, c.coefMin) < 1e-4, 'coefficients at min');
  });
}
