import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSightlineError, sha256 } from '../../src/core/index.js';
import type { Issue } from '../../src/core/index.js';
import { importCoefficientTable, MODEL_ERRORS, parseLassoModel } from '../../src/models/index.js';

test('a coefficient table becomes a lasso-kind model with no λ or CV fields', () => {
  const text =
    '\uFEFFFeature,Coefficient\r\n"(Intercept)",-1.25\r\nprior_referrals,0.3\r\n\r\n' +
    '"age, years",-2.5e-2\r\nflag,0\r\n';
  const model = importCoefficientTable(text);
  assert.deepEqual(model.features, ['prior_referrals', 'age, years', 'flag']);
  assert.deepEqual(model.coefficients, [0.3, -0.025, 0]);
  assert.equal(model.intercept, -1.25);
  assert.equal(model.lambda, null);
  assert.equal(model.cv, null);
  assert.deepEqual(model.source, { kind: 'coefficient-table', sha256: sha256(text) });
  assert.deepEqual(parseLassoModel(JSON.parse(JSON.stringify(model))), model);
  const lower = importCoefficientTable('feature,coefficient\nx,1\nintercept,2\n');
  assert.equal(lower.intercept, 2);
  assert.deepEqual(lower.features, ['x']);
});

function issuesOf(text: string): Issue[] {
  try {
    importCoefficientTable(text);
  } catch (e) {
    assert.ok(isSightlineError(e, MODEL_ERRORS.coefficientTable));
    return e.details['issues'] as Issue[];
  }
  assert.fail('expected E_MODEL_COEF_TABLE');
}

test('every bad line is reported with its line number, value and a fix', () => {
  const issues = issuesOf(
    'feature,coefficient\n(Intercept),-1\nage,abc\nage2,1,2\n,3\nx,NaN\nx2,1\nx2,2\n"q,1\n',
  );
  assert.deepEqual(
    issues.map((i) => [i.row, i.value, i.message]),
    [
      [
        3,
        'abc',
        'line 3: coefficient of age is "abc", not a finite number; write a decimal number such as -0.25 or 1.5e-3',
      ],
      [4, 'age2,1,2', 'line 4: 3 fields; expected 2 (feature,coefficient)'],
      [5, ',3', 'line 5: empty feature name; name the feature'],
      [
        6,
        'NaN',
        'line 6: coefficient of x is "NaN", not a finite number; write a decimal number such as -0.25 or 1.5e-3',
      ],
      [8, 'x2', 'line 8: x2 appears again (first on line 7); keep one row per feature'],
      [9, '"q,1', 'line 9: unbalanced quotes; quote a field as "…"'],
    ],
  );
});

test('a missing intercept or a wrong header is an error with the whole message', () => {
  assert.throws(
    () => importCoefficientTable('feature,coefficient\nx,1\n'),
    (e: unknown) =>
      isSightlineError(e, MODEL_ERRORS.coefficientTable) &&
      e.message ===
        'invalid coefficient table: table: no (Intercept) row; add "(Intercept),<value>". Fix: ' +
          'the table is CSV with the header feature,coefficient, one row per feature with a ' +
          'finite number, and one (Intercept) row',
  );
  const issues = issuesOf('name,beta\n(Intercept),1\n');
  assert.equal(issues[0]!.message, 'line 1: header is "name,beta"; expected feature,coefficient');
  assert.equal(issuesOf('')[0]!.row, 1);
  assert.equal(issuesOf('feature,coefficient\n(Intercept),1\nIntercept,2\n')[0]!.row, 3);
});
