/**
 * Building the records of some referrals only (call-time scoring builds the call's own): each
 * record is the full build's row for it — the same features bit for bit, the same record fields
 * and labels — and the other referrals still count as history.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixValue } from '../../src/core/index.js';
import { LABEL_NAMES, buildFeatures, defaultCatalog } from '../../src/features/index.js';
import { synthesize } from '../../src/synth/index.js';

test('buildFeatures with `referrals` gives exactly the full build’s rows of those referrals', () => {
  const { extract } = synthesize({ seed: 5, scale: 0.02 });
  const catalog = defaultCatalog();
  const full = buildFeatures(extract, catalog);
  // Late referrals, whose people have the most history.
  const ids = new Set(full.records.referralId.slice(-40));
  const part = buildFeatures(extract, catalog, { referrals: ids });
  const rows: number[] = [];
  for (let i = 0; i < full.records.n; i++) if (ids.has(full.records.referralId[i]!)) rows.push(i);
  assert.equal(part.records.n, rows.length);
  assert.deepEqual(part.matrix.names, full.matrix.names);
  let nonZero = 0;
  rows.forEach((i, k) => {
    assert.equal(part.records.referralId[k], full.records.referralId[i]);
    assert.equal(part.records.personId[k], full.records.personId[i]);
    assert.equal(part.records.age[k], full.records.age[i]);
    for (const name of LABEL_NAMES) assert.equal(part.labels[name][k], full.labels[name][i]);
    for (let j = 0; j < full.matrix.names.length; j++) {
      const v = matrixValue(full.matrix, i, j);
      assert.ok(
        Object.is(matrixValue(part.matrix, k, j), v),
        `${full.matrix.names[j]} of row ${i}`,
      );
      if (v !== 0 && full.matrix.names[j]!.startsWith('referrals.')) nonZero++;
    }
  });
  assert.ok(nonZero > 0, 'earlier referrals still count as history');
});
