import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { capture } from './capture.js';

test('the demo runs end to end and gives byte-identical reports for the same options', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'demo-'));
  try {
    for (const d of ['a', 'b']) {
      const io = capture();
      assert.equal(
        await main(['demo', '--out', join(tmp, d), '--scale', '0.04', '--seed', '3'], io),
        0,
        io.stderr,
      );
    }
    for (const f of [
      'report.json',
      'report.html',
      'model.json',
      'model-gbt.json',
      'model-forest.json',
      'register.json',
    ]) {
      const a = await readFile(join(tmp, 'a', f));
      assert.ok(a.equals(await readFile(join(tmp, 'b', f))), `${f} differs between runs`);
    }
    const report = JSON.parse(await readFile(join(tmp, 'a', 'report.json'), 'utf8'));
    assert.equal(report.report, 'sightline-demo/1');
    assert.ok(report.model.test.auc.value > 0.6 && report.model.test.auc.value < 1);
    assert.ok(report.model.test.auc.lo <= report.model.test.auc.value);
    assert.equal(report.model.test.cut, 'score>=16');
    assert.deepEqual(
      report.comparison.rows.map((r: { model: string }) => r.model),
      ['lasso', 'gbt', 'forest'],
    );
    const html = await readFile(join(tmp, 'a', 'report.html'), 'utf8');
    for (const id of [
      'county',
      'validation',
      'training',
      'performance',
      'scores',
      'validation-mistakes',
      'model-comparison',
      'register',
    ]) {
      assert.match(html, new RegExp(`<section id="${id}">`));
    }
    assert.doesNotMatch(html, /<script src=|<link /, 'the report loads nothing from outside');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
